import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadRules } from '../../src/rules/loader.js';
import { foldHeader } from '../../src/stages/import/column-mapping.js';
import { RulesError, InputError } from '../../src/errors.js';
import { renderError } from '../../src/cli/render.js';
import { tempDir } from '../helpers/temp.js';

const tmp = tempDir();

function problems(file: string, env: Record<string, string> = {}): string {
  try {
    loadRules(file, { env, cwd: tmp.dir });
  } catch (error) {
    expect(error).toBeInstanceOf(RulesError);
    return renderError(error);
  }
  throw new Error('expected the rule file to be rejected');
}

describe('loadRules', () => {
  test('a valid job that extends the shipped contacts rules', () => {
    const file = tmp.file('ok.yaml', 'job: legacy\nextends: contacts\nsource: { csv: data/in.csv, encoding: windows-1252 }\nfields:\n  email: { required: true }\n  loyalty_tier: Tier\n');
    const rules = loadRules(file, { cwd: tmp.dir });
    expect(rules.job).toBe('legacy');
    expect(rules.source).toMatchObject({ kind: 'csv', location: path.join(tmp.dir, 'data/in.csv'), encoding: 'windows-1252' });
    // id candidates come from the shipped file
    expect(rules.source?.id?.columns).toContain('Legacy ID');
    const email = rules.fields.find((f) => f.name === 'email')!;
    expect(email.required).toBe(true);
    expect(email.from.map(foldHeader)).toContain(foldHeader('E-mail'));
    expect(rules.fields.find((f) => f.name === 'loyalty_tier')?.from).toEqual(['Tier', 'loyalty_tier']);
    // The shipped target's path belongs to the job: it resolves beside the job's file.
    expect(rules.target).toMatchObject({ kind: 'sqlite', location: path.join(tmp.dir, '.steward/crm.db'), mode: 'upsert', key: ['source_id'] });
    expect(rules.workspace).toBe(path.join(tmp.dir, '.steward/legacy.db'));
  });

  test('a target of another kind replaces the shipped one, keeping nothing of its location', () => {
    const file = tmp.file('pg.yaml', 'job: pgjob\nextends: contacts\ntarget: { postgres: "${CRM_URL}", table: people }\n');
    const rules = loadRules(file, { cwd: tmp.dir, env: { CRM_URL: 'postgres://u:pw@h/db' } });
    expect(rules.target).toMatchObject({ kind: 'postgres', location: 'postgres://u:pw@h/db', table: 'people', mode: 'upsert' });
    expect(rules.secrets).toContain('postgres://u:pw@h/db');
  });

  test('JSON rule files are accepted, with line numbers in problems', () => {
    const file = tmp.file('job.json', '{\n  "job": "j",\n  "source": { "csv": "a.csv" },\n  "target": { "csv": "b.csv", "mode": "merge" }\n}\n');
    expect(problems(file)).toMatchInlineSnapshot(`
      "✖ target.mode: must be one of "insert", "upsert", "replace", got "merge" (job.json:4)
      1 problem in job.json
      "
    `);
  });

  test('every problem at once, each with its path and file:line', () => {
    const file = tmp.file(
      'bad.yaml',
      [
        'job: bad job',
        'extends: contacts',
        'source:',
        '  csv: x.csv',
        '  encodng: latin1',
        '  max_rejects: lots',
        'fields:',
        '  email: { from: E-mail, requird: true }',
        '  Phone: Tel',
        '  first_name: { from: 3 }',
        'target:',
        '  postgres: ${NOPE_URL}',
        '  mode: upsrt',
        'dedupe:',
        '  blocking: []',
        '',
      ].join('\n'),
    );
    expect(problems(file)).toMatchInlineSnapshot(`
      "✖ job: must be letters, digits, _ . or -, got "bad job" (bad.yaml:1)
      ✖ source.encodng: unknown key "encodng"; did you mean "encoding"? (bad.yaml:5)
      ✖ source.max_rejects: must be a count like 10 or a percentage like "5%", got "lots" (bad.yaml:6)
      ✖ fields.email.requird: unknown key "requird"; did you mean "required"? (bad.yaml:8)
      ✖ fields.Phone: the name "Phone" must be lower_snake_case (a-z, 0-9, _), starting with a letter or _ (bad.yaml:9)
      ✖ fields.first_name.from: must be a string or a list, got 3 (bad.yaml:10)
      ✖ target.postgres: environment variable NOPE_URL is not set (write \${NOPE_URL:-default} for a default) (bad.yaml:12)
      ✖ target.mode: must be one of "insert", "upsert", "replace", got "upsrt"; did you mean "upsert"? (bad.yaml:13)
      ✖ dedupe: the dedupe stage is not available in this version of steward yet; remove this section (bad.yaml:14)
      9 problems in bad.yaml
      "
    `);
  });

  test('cross-checks: one connector per source, keys and renames must be fields, output names unique', () => {
    const file = tmp.file('cross.yaml', 'job: j\nsource: { csv: a.csv, jsonl: a.jsonl }\nfields: { email: E-mail, phone: Tel }\ntarget: { sqlite: t.db, key: [emial], columns: { email: phone } }\n');
    expect(problems(file)).toMatchInlineSnapshot(`
      "✖ source.jsonl: source has csv and jsonl; choose one (cross.yaml:2)
      ✖ target.key.0: key column "emial" is not a field; known: source_id, email, phone (cross.yaml:4)
      ✖ target.columns.email: "email" and "phone" would both be written as column "phone" (cross.yaml:4)
      3 problems in cross.yaml
      "
    `);
    const file2 = tmp.file('cross2.yaml', 'job: j\nfields: { email: E-mail }\ntarget: { sqlite: t.db, mode: upsert, key: [emial], columns: { phone: Tel } }\n');
    expect(problems(file2)).toContain('✖ target.key.0: key column "emial" is not a field; known: source_id, email (cross2.yaml:3)');
    expect(problems(file2)).toContain('✖ target.columns.phone: "phone" is not a field');
  });

  test('schema problems and cross-check problems are reported together', () => {
    const file = tmp.file('both.yaml', 'job: j\nsource: { csv: a.csv, jsonl: a.jsonl, encoding: klingon }\ntarget: { sqlite: t.db, mode: merge }\n');
    const text = problems(file);
    expect(text).toContain('✖ target.mode: must be one of');
    expect(text).toContain('✖ source.jsonl: source has csv and jsonl; choose one');
    expect(text).toContain('✖ source.encoding: unknown encoding "klingon"');
  });

  test('a field the job maps itself claims its column before an inherited one', () => {
    const file = tmp.file('own.yaml', 'job: own\nextends: contacts\nfields:\n  job_title_raw: { from: [Title], required: true }\n');
    const rules = loadRules(file, { cwd: tmp.dir });
    expect(rules.fields.find((f) => f.name === 'job_title_raw')?.explicit).toBe(true);
    expect(rules.fields.find((f) => f.name === 'title')?.explicit).toBe(false);
  });

  test('a missing job is reported in the job\'s own file, and secrets never appear in problems', () => {
    const file = tmp.file('nojob.yaml', 'extends: contacts\ntarget: { postgres: "${DB}", mode: "${DB}" }\n');
    const text = problems(file, { DB: 'postgres://u:hunter2@h/db' });
    expect(text).toContain('✖ job: is required (a string) (nojob.yaml:1)');
    expect(text).not.toContain('hunter2');
  });

  test('YAML syntax errors and duplicate keys are reported with their line', () => {
    const file = tmp.file('syntax.yaml', 'job: j\nfields:\n  email: E-mail\n  email: Mail\n');
    expect(problems(file)).toMatch(/✖ not valid YAML or JSON: Map keys must be unique \(syntax\.yaml:4\)/);
    const file2 = tmp.file('syntax2.yaml', 'job: j\nsource: { csv: a.csv\n');
    expect(problems(file2)).toMatch(/not valid YAML or JSON.*\(syntax2\.yaml:\d\)/);
  });

  test('${VAR:-default}, and extends of a missing file', () => {
    const file = tmp.file('env.yaml', 'job: j\nsource: { csv: "${IN_FILE:-fallback.csv}" }\n');
    expect(loadRules(file, { cwd: tmp.dir, env: {} }).source?.location).toBe(path.join(tmp.dir, 'fallback.csv'));
    const missing = tmp.file('ext.yaml', 'job: j\nextends: ./nope.yaml\n');
    expect(problems(missing)).toContain('✖ extends: cannot find rule file "./nope.yaml" to extend');
  });

  test('extends cycles are caught', () => {
    tmp.file('a.yaml', 'job: a\nextends: ./b.yaml\n');
    const b = tmp.file('b.yaml', 'job: b\nextends: ./a.yaml\n');
    expect(problems(b)).toContain('extends makes a cycle');
  });

  test('a missing rule file is an input error naming the shipped ones', () => {
    expect(() => loadRules(path.join(tmp.dir, 'nope.yaml'))).toThrow(InputError);
  });
});
