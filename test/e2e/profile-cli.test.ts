import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('steward profile FILE', () => {
  const tmp = tempDir();
  const rows = Array.from({ length: 40 }, (_, i) => `C-${String(i).padStart(3, '0')};person${i}@example.com;${i % 4 === 0 ? 'n/a' : `0${30 + (i % 9)} 1234${String(i).padStart(3, '0')}`};${String(i % 28 + 1).padStart(2, '0')}.0${i % 9 + 1}.1980;${i === 7 ? '<script>alert(1)</script>' : 'Deutschland'}`);
  tmp.file('kunden.csv', Buffer.from(['Kd-Nr.;E-Mail;Telefon;Geburtsdatum;Land', ...rows].join('\r\n') + '\r\n', 'latin1'));

  test('the terminal table: encoding, delimiter, rows, and a line per column', () => {
    const r = steward(['profile', 'kunden.csv'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('encoding: utf-8 (high: plain ASCII');
    expect(r.stdout).toContain('delimiter: ; (certain');
    expect(r.stdout).toContain('rows: 40 · columns: 5 · profiled: 40 rows (every row)');
    expect(r.stdout).toMatch(/Telefon +phone \(DE\) +75\.0% +30 +\d+\.\d% +phone \d+%/);
    expect(r.stdout).toMatch(/Geburtsdatum +date DMY +100\.0%/);
    expect(r.stdout).toContain('Telefon: 30 filled, 10 placeholders');
  });

  test('--format json, sampled with --sample: the rows are still all counted', () => {
    const r = steward(['profile', 'kunden.csv', '--format', 'json', '--sample', '10'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const profile = JSON.parse(r.stdout);
    expect(profile).toMatchObject({ source: 'kunden.csv', rows: 40, sampled: true, delimiter: { value: ';', confidence: 'certain' } });
    expect(profile.profiled).toBeGreaterThanOrEqual(10);
    expect(profile.profiled).toBeLessThan(40);
    expect(profile.method).toMatch(/^every \d+th of the 40 readable rows/);
    expect(profile.columns.map((c: { field?: { field: string } }) => c.field?.field)).toEqual(['source_id', 'email', 'phone', 'birth_date', 'country']);
    // The same file gives the same profile.
    expect(steward(['profile', 'kunden.csv', '--format', 'json', '--sample', '10'], { cwd: tmp.dir }).stdout).toBe(r.stdout);
  });

  test('--format html --out: one self-contained page with a bar per column, every value escaped', () => {
    const r = steward(['profile', 'kunden.csv', '--format', 'html', '--out', 'profile.html'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('html report written to profile.html');
    const html = readFileSync(tmp.path('profile.html'), 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/src="http|href="http/);
    expect(html.match(/<g class="field-row"/g)).toHaveLength(5);
    expect(html).toContain('bar-completeness');
    expect(html).toContain('bar-validity');
  });

  test('bad input is a clear error with exit code 2', () => {
    const missing = steward(['profile', 'nope.csv'], { cwd: tmp.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('file not found');
    const format = steward(['profile', 'kunden.csv', '--format', 'pdf'], { cwd: tmp.dir });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format "pdf"; allowed: table, json, html');
    const half = steward(['profile', '--db', 'x.db'], { cwd: tmp.dir });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('needs both --db URL and --table T');
  });
});

describe('steward profile: the delimiter and the fields of files with little in them', () => {
  const tmp = tempDir();

  test.each([
    ['a 0-byte file', 'empty.csv', '', { value: ',', confidence: 'low', reason: 'the file is empty' }],
    ['one column', 'one.csv', 'Note\nhello\nworld\n', { value: ',', confidence: 'high', reason: 'no delimiter in the header: one column' }],
    ['a header line only', 'header.csv', 'Name;Email\n', { value: ';', confidence: 'low', reason: 'the file has a header line only' }],
    ['a header line without a line break', 'bare.csv', 'Name;Email', { value: ';', confidence: 'low', reason: 'the file has a header line only' }],
    ['a semicolon file', 'semi.csv', 'Name;Email\nAnn;a@b.com\n', { value: ';', confidence: 'certain' }],
  ])('%s: the delimiter the reader used, and why', (_, name, content, delimiter) => {
    tmp.file(name, content);
    const r = steward(['profile', name, '--json'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).delimiter).toMatchObject(delimiter);
  });

  test('a column with no values is mapped by its header alone: "no values to check", not "values look like email"', () => {
    tmp.file('no-values.csv', 'ID,Email,Phone\n');
    const r = steward(['profile', 'no-values.csv', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const fields = (JSON.parse(r.stdout) as { columns: { name: string; field: { field: string; reason: string; by: string } }[] }).columns.map((c) => [c.name, c.field]);
    expect(fields).toEqual([
      ['ID', { field: 'source_id', confidence: 0.7, by: 'header', reason: 'an id column by its header; no values to check' }],
      ['Email', { field: 'email', confidence: 0.85, by: 'header', reason: 'header names email; no values to check' }],
      ['Phone', { field: 'phone', confidence: 0.85, by: 'header', reason: 'header names phone; no values to check' }],
    ]);
  });
});
