import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { steward } from '../helpers/cli.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const contacts = path.join(repoRoot, 'rules/contacts.yaml');

describe('steward normalize wording', () => {
  test('one record, one value: the counts are singular', () => {
    const input = tmp.file('one.csv', 'Customer ID,First Name,Email Address\n1,Ann,not an email\n');
    const result = steward(['run', contacts, '--input', input, '--until', 'normalize', '--output', tmp.path('one-out.csv'), '--workspace', tmp.path('one.db')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ {2}normalize {2}1 record: \d+ changed \(\d+ values?\), 1 value flagged\n/);
  });
});

describe('steward normalize and run --until normalize', () => {
  test('the contract: phones E.164, countries ISO, dates ISO 8601, emails lower-case, what cannot be normalized as it was', () => {
    const input = tmp.file(
      'messy.csv',
      'Customer ID,First Name,Last Name,Email Address,Telephone,Mobile Phone,Country,Created Date\r\n' +
        '1,ANN,LEE,Ann.Lee@Example.COM,(415) 555-2671,+1 415 555 2672,U.S.A.,03/04/2021\r\n' +
        '2,Jürgen,Müller,JM@WEB.DE,030 1234567,0151 23456789,Deutschland,2021-03-04T10:22:00Z\r\n' +
        '3,María,Pérez,maria@correo.es,+34 612 345 678,,España,4 Mar 2021\r\n' +
        '4,伟,王,wang@example.cn,１３８００１３８０００,,中国,2021/3/4\r\n' +
        '5,Bad,Data,not an email,12,,Atlantis,yesterday\r\n',
    );
    const out = tmp.path('out.csv');
    const result = steward(['run', contacts, '--input', input, '--until', 'normalize', '--output', out, '--workspace', tmp.path('ws.db'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ stages: ['import', 'normalize', 'export'], counts: { read: 5, loaded: 5, rejected: 0, written: 5 } });
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['phone'], r['mobile'], r['country'], r['created_at'], r['email']])).toEqual([
      ['+14155552671', '+14155552672', 'US', '2021-03-04', 'ann.lee@example.com'],
      ['+49301234567', '+4915123456789', 'DE', '2021-03-04T10:22:00Z', 'jm@web.de'],
      ['+34612345678', '', 'ES', '2021-03-04', 'maria@correo.es'],
      ['+8613800138000', '', 'CN', '2021-03-04', 'wang@example.cn'],
      ['12', '', 'Atlantis', 'yesterday', 'not an email'],
    ]);
    expect(rows[0]!['first_name']).toBe('Ann');
  });

  test('normalize --dry-run prints counts per field and normalizer and before → after, writing nothing', () => {
    const rules = tmp.file('dry.yaml', 'job: dry\nextends: contacts\n');
    expect(steward(['import', rules, '--input', path.join(repoRoot, 'fixtures/legacy-contacts.csv')]).code).toBe(0);
    const dry = steward(['normalize', rules, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/normalize {2}200 records: \d+ changed \(\d+ values\), \d+ values flagged \(dry run: nothing written\)/);
    expect(dry.stdout).toMatch(/ {4}country {6}\S*country \d+/);
    expect(dry.stdout).toMatch(/L-\d+ phone: ".*" → "\+\d+" \(phone\)/);
    expect(dry.stdout).toMatch(/✖ .*not a valid number|✖ cannot read/);
    const json = JSON.parse(steward(['normalize', rules, '--dry-run', '--json']).stdout);
    expect(json.normalize.dry_run).toBe(true);
    expect(json.normalize.counts.records).toBe(200);
  });

  test('an unknown normalizer or bad options are rule-file errors with path and line', () => {
    const rules = tmp.file('bad.yaml', 'job: bad\nfields:\n  email:\n    normalize: [emial]\n  phone:\n    normalize: [{ phone: { default_contry: US } }]\n  created_at:\n    normalize: [{ date: { order: XYZ } }]\n');
    const result = steward(['check', rules]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('✖ fields.email.normalize.0: unknown normalizer "emial"; did you mean "email"? (');
    expect(result.stderr).toContain('✖ fields.phone.normalize.0.phone.default_contry: unknown key "default_contry"; did you mean "default_country"? (');
    expect(result.stderr).toMatch(/✖ fields\.created_at\.normalize\.0\.date\.order: must be one of "MDY", "DMY", "YMD", got "XYZ" \(.*bad\.yaml:8\)/);
  });
});
