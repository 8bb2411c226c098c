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
