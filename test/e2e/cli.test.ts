import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { steward } from '../helpers/cli.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const sample = path.join(repoRoot, 'fixtures/legacy-contacts.csv');
const contacts = path.join(repoRoot, 'rules/contacts.yaml');

describe('steward CLI', () => {
  test('--version and --help, with an example on every command', () => {
    const version = steward(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = steward(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['check', 'import', 'normalize', 'export', 'run', 'dedupe', 'explain', 'evaluate', 'merge', 'unmerge', 'undo', 'audit']) {
      expect(help.stdout).toContain(command);
      const own = steward([command, '--help']);
      expect(own.code, command).toBe(0);
      expect(own.stdout, command).toMatch(/Examples?:\n {2}\$ steward /);
    }
  });

  test('usage errors exit 2', () => {
    expect(steward(['run']).code).toBe(2);
    expect(steward(['run', contacts, '--bogus']).code).toBe(2);
    const until = steward(['run', contacts, '--input', sample, '--until', 'audit']);
    expect(until.code).toBe(2);
    expect(until.stderr).toContain('--until must be one of import, normalize, dedupe, merge, export, got "audit"');
    const output = steward(['run', contacts, '--input', sample, '--output', tmp.path('out.xlsx'), '--workspace', tmp.path('xlsx.db')]);
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/cannot tell what kind of --output/);
  });

  test('check: valid file exits 0; a bad one prints every problem with path and line, exit 2, no stack trace', () => {
    expect(steward(['check', contacts]).code).toBe(0);
    const bad = tmp.file('bad.yaml', 'job: j\nsource: { csv: a.csv, delimter: ";" }\ntarget: { csv: o.csv, mode: upsrt }\n');
    const result = steward(['check', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('✖ source.delimter: unknown key "delimter"; did you mean "delimiter"? (');
    expect(result.stderr).toMatch(/bad\.yaml:2\)/);
    expect(result.stderr).toMatch(/✖ target\.mode: .*bad\.yaml:3\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const json = steward(['check', bad, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'error', code: 'RULES_INVALID', issues: [{ path: 'source.delimter', line: 2 }, { path: 'target.mode', line: 3 }] });
  });

  test('run the shipped sample: headers mapped without a hand-written mapping, counts add up, --json contract', () => {
    const out = tmp.path('sample.csv');
    const result = steward(['run', contacts, '--input', sample, '--output', out, '--workspace', tmp.path('sample.db'), '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    // The shipped rules dedupe and merge: one row per golden record, and records = golden + merged away.
    expect(summary.counts).toMatchObject({ read: 200, loaded: 200, rejected: 0, records: 200 });
    expect(summary.counts.golden + summary.counts.merged_away).toBe(200);
    expect(summary.counts.written).toBe(summary.counts.golden);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(summary.counts.golden);
    expect(rows.flatMap((r) => r['record_ids']!.split(';'))).toHaveLength(200);
    const header = Object.keys(rows[0]!);
    expect(header.slice(0, 7)).toEqual(['golden_id', 'record_ids', 'first_name', 'last_name', 'email', 'phone', 'mobile']);
    expect(header).toContain('postcode');
    expect(rows[0]!['golden_id']).toBe('L-00001');
  });

  test('the contract input: "Legacy ID,First Name,Last Name,E-mail,Phone,Zip" loads every row and exports it', () => {
    const input = tmp.file('contract.csv', 'Legacy ID,First Name,Last Name,E-mail,Phone,Zip\r\n1001,Ann,Lee,ann@example.com,(415) 555-2671,02134\r\n1002,José,García,jose@example.es,+34 612 345 678,28013\r\n');
    const out = tmp.path('contract.jsonl');
    const result = steward(['run', contacts, '--input', input, '--output', out, '--workspace', tmp.path('contract.db'), '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).counts).toMatchObject({ read: 2, loaded: 2, rejected: 0, written: 2 });
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // The shipped rules normalize too: the phone comes out in E.164.
    expect(lines[1]).toEqual({ golden_id: '1002', record_ids: '1002', first_name: 'José', last_name: 'García', email: 'jose@example.es', phone: '+34612345678', postcode: '28013', other_emails: null, other_phones: null });
  });

  test('a ragged row, a bad quote and an invalid byte: good rows load, bad ones rejected with lines, exit 0; over max_rejects exit 1', () => {
    const text = Buffer.concat([
      Buffer.from('Legacy ID,First Name,Last Name,E-mail\n1,Ann,Lee,ann@x.com\n2,Bob,Smith\n3,"Cy "the" Ng",Ng,cy@x.com\n4,Dee,Ng,dee@x.com\n5,Ed'),
      Buffer.from([0xe9, 0x28]),
      Buffer.from(',Ox,ed@x.com\n6,Fay,Wu,fay@x.com\n'),
    ]);
    const input = tmp.file('dirty.csv', text);
    const result = steward(['run', contacts, '--input', input, '--output', tmp.path('dirty-out.csv'), '--workspace', tmp.path('dirty.db'), '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.counts).toMatchObject({ read: 6, loaded: 3, rejected: 3, written: 3 });
    expect(summary.rejects.first.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [3, 'WRONG_CELL_COUNT'],
      [4, 'INVALID_CLOSING_QUOTE'],
      [6, 'INVALID_ENCODING'],
    ]);
    const text2 = steward(['run', contacts, '--input', input, '--output', tmp.path('dirty-out.csv'), '--workspace', tmp.path('dirty.db')]);
    expect(text2.stdout).toContain('read       6 rows = 3 loaded + 3 rejected');
    expect(text2.stdout).toContain('line 3: expected 4 cells (as in the header), got 3');

    const limited = steward(['run', contacts, '--input', input, '--output', tmp.path('limited.csv'), '--workspace', tmp.path('dirty.db'), '--max-rejects', '10%', '--json']);
    expect(limited.code).toBe(1);
    expect(JSON.parse(limited.stdout)).toMatchObject({ status: 'thresholds', counts: { read: 6, loaded: 3, rejected: 3, written: 0 } });
    expect(existsSync(tmp.path('limited.csv'))).toBe(false);
    const rules = tmp.file('limit.yaml', 'job: lim\nextends: contacts\nsource: { max_rejects: 3 }\n');
    expect(steward(['run', rules, '--input', input, '--output', tmp.path('lim.csv')]).code).toBe(0);
  });

  test('import then export as separate commands, into a new SQLite table with --create', () => {
    const rules = tmp.file('two.yaml', 'job: two\nextends: contacts\ntarget: { sqlite: crm2.db, table: people, create: false, mode: insert }\n');
    const imported = steward(['import', rules, '--input', sample, '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).counts).toMatchObject({ read: 200, loaded: 200, rejected: 0 });
    expect(existsSync(tmp.path('.steward/two.db'))).toBe(true);
    const refused = steward(['export', rules]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/table "people" does not exist .*create/);
    const exported = steward(['export', rules, '--create', '--json']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ counts: { written: 200 }, target: { kind: 'sqlite', table: 'people', mode: 'insert' } });
  });

  test('a missing input file is exit 2; an unreachable database is exit 3 and the password never shows', () => {
    const missing = steward(['run', contacts, '--input', tmp.path('nope.csv'), '--workspace', tmp.path('nope.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('source file not found');
    const rules = tmp.file('pg.yaml', 'job: pg\nextends: contacts\ntarget: { postgres: "${CRM_URL}", table: contacts }\n');
    const result = steward(['run', rules, '--input', sample, '--workspace', tmp.path('pg.db')], { env: { CRM_URL: 'postgres://crm:Sup3rSecret@127.0.0.1:1/crm' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot connect to PostgreSQL at postgres:\/\/crm:\*\*\*@127\.0\.0\.1:1\/crm/);
    expect(result.stdout + result.stderr).not.toContain('Sup3rSecret');
    const check = steward(['check', rules, '--json'], { env: { CRM_URL: 'postgres://crm:Sup3rSecret@127.0.0.1:1/crm' } });
    expect(check.stdout).not.toContain('Sup3rSecret');
  });

  test('CSV exports guard against formulas; the guard can be switched off', () => {
    const input = tmp.file('formula.csv', 'id,first_name,phone,notes\n1,"=HYPERLINK(""http://x"")",+14155552671,-42\n2,@SUM(A1),+1 415 555 2671,+cmd\n');
    const rules = tmp.file('f.yaml', 'job: f\nextends: contacts\n');
    const out = tmp.path('f.csv');
    // --until import: the cells exactly as read, no normalizer in between.
    expect(steward(['run', rules, '--input', input, '--output', out, '--until', 'import']).code).toBe(0);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['first_name'], r['phone'], r['notes']])).toEqual([
      [`'=HYPERLINK("http://x")`, '+14155552671', '-42'],
      [`'@SUM(A1)`, '+1 415 555 2671', `'+cmd`],
    ]);
    const off = tmp.file('off.yaml', 'job: off\nextends: contacts\ntarget: { csv: off.csv, formula_guard: false }\n');
    expect(steward(['run', off, '--input', input, '--until', 'import']).code).toBe(0);
    expect(readFileSync(tmp.path('off.csv'), 'utf8')).toContain('=HYPERLINK(""http://x"")');
  });

  test('the same input and rules give the same output, byte for byte', () => {
    const a = tmp.path('det-a.csv');
    const b = tmp.path('det-b.csv');
    steward(['run', contacts, '--input', sample, '--output', a, '--workspace', tmp.path('det-a.db')]);
    steward(['run', contacts, '--input', sample, '--output', b, '--workspace', tmp.path('det-b.db')]);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });
});
