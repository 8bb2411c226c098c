import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadRules } from '../../src/rules/loader.js';
import { foldHeader } from '../../src/stages/import/column-mapping.js';
import { RulesError, InputError } from '../../src/errors.js';
import { renderError } from '../../src/cli/render.js';
import { normalizers } from '../../src/normalizers/registry.js';
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
        'audit:',
        '  fields: { email: { completness: ">= 80%" } }',
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
      ✖ audit.fields.email.completness: unknown key "completness"; did you mean "completeness"? (bad.yaml:15)
      9 problems in bad.yaml
      "
    `);
  });

  test('merge: every problem with its path and line (unknown rules with a hint, fields that do not exist, misplaced options)', () => {
    const file = tmp.file(
      'merge.yaml',
      [
        'job: m',
        'extends: contacts',
        'merge:',
        '  survivor: longest',
        '  tie_breakers: [most_recnt(updated_at), oldest]',
        '  weights: { emial: 2 }',
        '  fields:',
        '    email: { rule: union, into: [email2] }',
        '    phone: lngest',
        '    city: { rule: longest, list: cities }',
        '    title: most_recent(modified)',
        '    nickname: master',
        '    email2: master',
        '  in_place: { soft_delete: { colum: merged } }',
        '',
      ].join('\n'),
    );
    expect(problems(file)).toMatchInlineSnapshot(`
      "✖ merge.survivor: "longest" chooses a field's value, not a surviving record; allowed here: most_complete, most_recent(field), oldest(field), source_priority (merge.yaml:4)
      ✖ merge.tie_breakers.0: unknown rule "most_recnt(updated_at)"; did you mean "most_recent"? (merge.yaml:5)
      ✖ merge.tie_breakers.1: "oldest" needs the field it reads, like oldest(updated_at) (merge.yaml:5)
      ✖ merge.weights.emial: "emial" is not a field; did you mean "email"? known: full_name, first_name, middle_name, last_name, salutation, suffix, email, phone, mobile, fax, company, title, department, street, street2, city, region, postcode, country, website, birth_date, gender, notes, created_at, updated_at, source, owner (merge.yaml:6)
      ✖ merge.fields.phone: unknown rule "lngest"; did you mean "longest"? (merge.yaml:9)
      ✖ merge.fields.city: into and list belong to the union rule; "longest" keeps one value (merge.yaml:10)
      ✖ merge.fields.title: "most_recent(modified)" reads "modified", which is not a field; known: full_name, first_name, middle_name, last_name, salutation, suffix, email, phone, mobile, fax, company, title, department, street, street2, city, region, postcode, country, website, birth_date, gender, notes, created_at, updated_at, source, owner (merge.yaml:11)
      ✖ merge.fields.nickname: "nickname" is not a field; known: full_name, first_name, middle_name, last_name, salutation, suffix, email, phone, mobile, fax, company, title, department, street, street2, city, region, postcode, country, website, birth_date, gender, notes, created_at, updated_at, source, owner (merge.yaml:12)
      ✖ merge.fields.email2: "email2" is not a field; did you mean "email"? known: full_name, first_name, middle_name, last_name, salutation, suffix, email, phone, mobile, fax, company, title, department, street, street2, city, region, postcode, country, website, birth_date, gender, notes, created_at, updated_at, source, owner (merge.yaml:13)
      ✖ merge.fields.email2: "email2" takes the other values of "email" (union into), so it cannot have its own rule (merge.yaml:13)
      ✖ merge.in_place.soft_delete.column: is required (a string) (merge.yaml:14)
      ✖ merge.in_place.soft_delete.colum: unknown key "colum"; did you mean "column"? (merge.yaml:14)
      12 problems in merge.yaml
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
    expect(problems(file)).toMatch(/✖ not valid YAML or JSON: the key "email" is written twice in one mapping \(map keys must be unique\) \(syntax\.yaml:4\)/);
    const file2 = tmp.file('syntax2.yaml', 'job: j\nsource: { csv: a.csv\n');
    expect(problems(file2)).toMatch(/not valid YAML or JSON.*\(syntax2\.yaml:\d\)/);
  });

  test('${VAR:-default}, and extends of a missing file', () => {
    const file = tmp.file('env.yaml', 'job: j\nsource: { csv: "${IN_FILE:-fallback.csv}" }\n');
    expect(loadRules(file, { cwd: tmp.dir, env: {} }).source?.location).toBe(path.join(tmp.dir, 'fallback.csv'));
    const missing = tmp.file('ext.yaml', 'job: j\nextends: ./nope.yaml\n');
    expect(problems(missing)).toContain('✖ extends: cannot find rule file "./nope.yaml" to extend');
  });

  test.each([
    ['max_rejects: ${MAXR}', { MAXR: '10' }, { count: 10 }, true],
    ['max_rejects: ${MAXR:-7}', {}, { count: 7 }, true],
    ['max_rejects: "${MAXR}"', { MAXR: '5%' }, { percent: 5 }, true],
    ['create: ${CREATE}', { CREATE: 'true' }, true, false],
    ['create: ${CREATE:-false}', {}, false, false],
  ])('an unquoted ${VAR} is read as YAML after substitution: %s', (line, env, expected, inSource) => {
    const file = tmp.file('typed.yaml', `job: j\nsource:\n  csv: a.csv\n${inSource ? `  ${line}\n` : ''}target:\n  sqlite: t.db\n${inSource ? '' : `  ${line}\n`}`);
    const rules = loadRules(file, { cwd: tmp.dir, env });
    if (inSource) expect(rules.source?.maxRejects).toEqual(expected);
    else expect(rules.target?.create).toBe(expected);
    expect(rules.secrets).toEqual([]);
  });

  test.each([
    ['quoted stays text', 'create: "${CREATE}"', { CREATE: 'true' }, '✖ target.create: must be true or false, got "true"'],
    ['inside a longer string stays text', 'create: ${CREATE}x', { CREATE: 'true' }, '✖ target.create: must be true or false, got "truex"'],
    ['a non-scalar value stays text', 'create: ${CREATE}', { CREATE: 'a: b' }, '✖ target.create: must be true or false, got "a: b"'],
  ])('${VAR} typing: %s', (_name, line, env, expected) => {
    const file = tmp.file('typed2.yaml', `job: j\ntarget:\n  sqlite: t.db\n  ${line}\n`);
    expect(problems(file, env)).toContain(expected);
  });

  test.each([
    ['a plain value is not a secret', 'table: "${TABLE}"', { TABLE: 'people' }, []],
    ['an env var named like a secret', 'table: "${CRM_TOKEN}"', { CRM_TOKEN: 'tok123' }, ['tok123']],
    ['a connection string without a password', 'postgres: "${DB}"', { DB: 'postgres://u@h/db' }, []],
    ['the password part of a connection string', 'postgres: "postgres://crm:${PW}@h/db"', { PW: 'hunter2' }, ['hunter2']],
    ['a connection string with its password', 'postgres: "${DB}"', { DB: 'postgres://u:s3cr%40t@h/db' }, ['s3cr@t', 's3cr%40t']],
    ['a *_URL variable', 'postgres: "${CRM_URL}"', { CRM_URL: 'postgres://u@h/db' }, ['postgres://u@h/db']],
  ])('only secret-looking values are masked: %s', (_name, line, env, expected) => {
    const file = tmp.file('secret.yaml', `job: j\ntarget:\n  ${line.startsWith('postgres') ? '' : 'sqlite: t.db\n  '}${line}\n`);
    expect(loadRules(file, { cwd: tmp.dir, env }).secrets).toEqual(expected);
  });

  test('an ordinary substituted value like "true" is not masked in problems', () => {
    const file = tmp.file('nomask.yaml', 'job: j\ntarget: { sqlite: t.db, mode: "${MODE}" }\n');
    expect(problems(file, { MODE: 'true' })).toContain('✖ target.mode: must be one of "insert", "upsert", "replace", got "true"');
  });

  test.each([
    ['a missing map file', 'title: { normalize: [{ map: { file: nosuch.csv } }] }', '✖ fields.title.normalize.0.map.file: the map file "nosuch.csv" does not exist; give a CSV file with two columns (from,to), relative to the rule file (runtime.yaml:3)'],
    ['a map file that is a folder', 'title: { normalize: [{ map: { file: "." } }] }', '✖ fields.title.normalize.0.map.file: the map file "." is a folder, not a CSV file'],
    ['a phone country libphonenumber does not know', 'phone: { normalize: [{ phone: { default_country: XX } }] }', '✖ fields.phone.normalize.0.phone.default_country: must be a country whose phone numbers libphonenumber knows, an ISO 3166-1 alpha-2 code like US, DE, GB or FR, got "XX" (runtime.yaml:3)'],
    ['a postcode country that is not ISO 3166-1', 'postcode: { normalize: [{ postcode: { default_country: ZZ } }] }', '✖ fields.postcode.normalize.0.postcode.default_country: must be an ISO 3166-1 alpha-2 country code like US, DE or GB (formats are known for US, GB, DE,'],
    ['a postcode country that is not two letters', 'postcode: { normalize: [{ postcode: { default_country: DEU } }] }', '✖ fields.postcode.normalize.0.postcode.default_country: must be an ISO 3166-1 alpha-2 code like US or DE, got "DEU" (runtime.yaml:3)\n1 problem'],
  ])('problems that would only show at run time are found at load time: %s', (_name, field, expected) => {
    const file = tmp.file('runtime.yaml', `job: j\nfields:\n  ${field}\n`);
    expect(problems(file)).toContain(expected);
  });

  test.each([
    ['phone', 'de'],
    ['phone', 'XK'],
    ['postcode', 'SE'],
    ['postcode', 'us'],
  ])('%s default_country %s is accepted', (normalizer, country) => {
    const file = tmp.file('country-ok.yaml', `job: j\nfields:\n  v: { normalize: [{ ${normalizer}: { default_country: ${country} } }] }\n`);
    expect(loadRules(file, { cwd: tmp.dir }).fields[0]?.normalize[0]?.options).toMatchObject({ default_country: country });
  });

  test('a map file that exists passes, and is checked beside the rule file', () => {
    tmp.file('titles.csv', 'Mgr,Manager\n');
    const file = tmp.file('map-ok.yaml', 'job: j\nfields:\n  title: { normalize: [{ map: { file: titles.csv } }] }\n');
    expect(loadRules(file, { cwd: '/' }).fields[0]?.normalize[0]?.options).toMatchObject({ file: path.join(tmp.dir, 'titles.csv') });
  });

  test.each([
    ['a missing base', 'extends: nothere', '✖ extends: cannot find rule file "nothere" to extend'],
    ['a base with bad YAML', 'extends: ./broken-base.yaml', '✖ not valid YAML or JSON'],
  ])('%s does not hide the file\'s own problems', (_name, extendsLine, extendsIssue) => {
    tmp.file('broken-base.yaml', 'fields: { email: E-mail\n');
    const file = tmp.file('ownissues.yaml', `job: j\n${extendsLine}\nfields:\n  email: { normalize: [emial] }\n  phone: { from: Tel, requird: true }\ntarget: { sqlite: t.db, key: [nosuch] }\n`);
    const text = problems(file);
    expect(text).toContain(extendsIssue);
    expect(text).toContain('✖ fields.email.normalize.0: unknown normalizer "emial"; did you mean "email"? (ownissues.yaml:4)');
    expect(text).toContain('✖ fields.phone.requird: unknown key "requird"; did you mean "required"? (ownissues.yaml:5)');
    // Cross-checks that need the base's fields are skipped: nosuch might be a field of the base.
    expect(text).not.toContain('key column "nosuch"');
    expect(text).toMatch(/3 problems/);
  });

  test('a bad extends alone is one problem, and a missing job is still reported', () => {
    const file = tmp.file('onlyext.yaml', 'extends: nothere\n');
    expect(problems(file)).toMatchInlineSnapshot(`
      "✖ extends: cannot find rule file "nothere" to extend; shipped ones are "contacts", "companies", or give a path relative to this file (onlyext.yaml:1)
      ✖ job: is required (a string) (onlyext.yaml:1)
      2 problems in onlyext.yaml
      "
    `);
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

describe('record keys a rule reads', () => {
  test('a mistyped transform or normalizer key is refused with a suggestion, at its rule path', () => {
    const file = tmp.file(
      'typos.yaml',
      [
        'job: typos',
        'extends: contacts',
        'dedupe:',
        '  blocking:',
        '    - last_name.metafone + first_name.initial',
        '    - [email.kye]',
        '    - company.key.lowr',
        '  compare:',
        '    email: email',
        '    street: { field: street.keys }',
        '',
      ].join('\n'),
    );
    const text = problems(file);
    expect(text).toContain('dedupe.blocking.0: "last_name.metafone" reads "metafone" of last_name, which is neither a transform');
    expect(text).toContain('did you mean "last_name.metaphone"?');
    expect(text).toContain('dedupe.blocking.1.0: "email.kye" reads "kye" of email');
    expect(text).toContain("nor a key email's normalizers add (key); did you mean \"email.key\"?");
    expect(text).toContain('did you mean "company.key.lower"?');
    expect(text).toContain('dedupe.compare.street.field: "street.keys" reads "keys" of street');
    expect(text).toContain('(key, number)');
    expect(text).toContain('typos.yaml:5');
  });

  test('a key the field has no normalizer for is refused: company.key without the company normalizer', () => {
    const file = tmp.file('nokey.yaml', 'job: nokey\nfields:\n  company: Company\ndedupe:\n  blocking: [company.key]\n  compare: { company: company }\n');
    expect(problems(file)).toContain('"company.key" reads "key" of company, which is neither a transform');
    expect(problems(file)).toContain('nor a key of company (its normalizers add none)');
  });

  test('transforms, normalizer keys and keys with transforms are accepted', () => {
    const file = tmp.file(
      'ok.yaml',
      'job: ok\nextends: contacts\ndedupe:\n  blocking: ["last_name.metaphone + first_name.initial", email.key, company.key.lower, postcode.prefix3, phone.last7, street.number]\n  compare: { email: email, street: { field: street.key } }\n',
    );
    expect(() => loadRules(file, { cwd: tmp.dir })).not.toThrow();
  });

  test('every key a normalizer adds is one it declares (the rule check knows keys by that list)', () => {
    const samples: Record<string, string[]> = {
      email: ['Ann.Lee+crm@Example.COM', 'bad@'],
      company: ['Acme Holdings GmbH', 'ACME Inc.'],
      street: ['12 Main Street', 'Hauptstraße 5a'],
      phone: ['+49 30 1234567', '(415) 555-0132', '030 8995472'],
    };
    let seen = 0;
    for (const definition of normalizers) {
      // map and regex need options of their own and add no keys.
      const options = definition.options.safeParse({});
      if (!options.success) continue;
      const normalize = definition.create(options.data, 'field');
      for (const value of samples[definition.name] ?? ['x']) {
        const output = normalize(value, { record: { country: 'DE' } });
        for (const key of Object.keys(output.keys ?? {})) {
          expect(definition.keys ?? [], `${definition.name} adds ${key}`).toContain(key);
          seen++;
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(8);
  });
});
