import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const sample = path.join(repoRoot, 'fixtures/legacy-contacts.csv');
const contacts = path.join(repoRoot, 'rules/contacts.yaml');

describe('steward audit (CLI)', () => {
  test('the shipped contacts audit on the sample: warnings only, exit 0, every report format', () => {
    const workspace = tmp.path('sample.db');
    const junit = tmp.path('audit.xml');
    const markdown = tmp.path('audit.md');
    const html = tmp.path('audit.html');
    const result = steward(['audit', '--rules', contacts, '--input', sample, '--workspace', workspace, '--now', '2026-12-01', '--report', `junit=${junit}`, '--report', `markdown=${markdown}`, '--report', `html=${html}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/audit contacts: warn · 200 records/);
    expect(result.stdout).toContain('email uniqueness');
    expect(readFileSync(junit, 'utf8')).toMatch(/<testsuite name="steward audit: contacts"[^>]* failures="0"/);
    expect(readFileSync(markdown, 'utf8')).toContain('| <code>email</code> | 177 | 88.5% |');
    expect(readFileSync(html, 'utf8')).toContain('id="fill-rates"');
  });

  test('JSON contract; a fail check breaking exits 1, the same file under a looser threshold exits 0', () => {
    const strict = tmp.file('strict.yaml', `job: strict\nextends: ${JSON.stringify(contacts)}\naudit:\n  fields:\n    email: { completeness: ">= 95%" }\n`);
    const failed = steward(['audit', strict, '--input', sample, '--workspace', tmp.path('strict.db'), '--json']);
    expect(failed.code, failed.stderr).toBe(1);
    const report = JSON.parse(failed.stdout) as { status: string; records: number; fields: Record<string, Record<string, number>>; checks: Record<string, unknown>[] };
    expect(Object.keys(report).slice(0, 4)).toEqual(['status', 'records', 'fields', 'checks']);
    expect(report.status).toBe('fail');
    expect(report.records).toBe(200);
    expect(Object.keys(report.fields['email']!).slice(0, 4)).toEqual(['filled', 'completeness', 'valid', 'validity']);
    expect(report.fields['email']!['completeness']).toBe(report.fields['email']!['filled']! / 200);
    const email = report.checks.find((c) => c['name'] === 'email completeness')!;
    expect(Object.keys(email).slice(0, 8)).toEqual(['name', 'field', 'metric', 'value', 'threshold', 'severity', 'status', 'samples']);
    expect(email).toMatchObject({ field: 'email', metric: 'completeness', threshold: '>= 95%', severity: 'fail', status: 'fail' });
    expect((email['samples'] as string[]).length).toBeGreaterThan(0);

    const loose = tmp.file('loose.yaml', `job: loose\nextends: ${JSON.stringify(contacts)}\naudit:\n  fields:\n    email: { completeness: ">= 85%" }\n`);
    expect(steward(['audit', loose, '--input', sample, '--workspace', tmp.path('loose.db')]).code).toBe(0);
  });

  test('the same data audited again shows the change since the last run; --fail-on-regression', () => {
    const workspace = tmp.path('trend.db');
    expect(steward(['audit', contacts, '--input', sample, '--workspace', workspace]).code).toBe(0);
    const again = steward(['audit', contacts, '--input', sample, '--workspace', workspace, '--format', 'markdown', '--fail-on-regression', '2%']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('±0.0 pt');
  });

  test('a workspace after import and normalize audits the normalized values, and the dedupe duplicate rate', () => {
    const workspace = tmp.path('stages.db');
    expect(steward(['dedupe', '--rules', contacts, '--input', sample, '--workspace', workspace]).code).toBe(0);
    const rules = tmp.file('dupes.yaml', `job: dupes\nextends: ${JSON.stringify(contacts)}\naudit:\n  duplicates: "<= 1%"\n`);
    const result = steward(['audit', rules, '--workspace', workspace, '--json']);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { records: number; checks: { name: string; value: number; status: string }[] };
    expect(report.records).toBe(200);
    expect(report.checks.find((c) => c.name === 'duplicate records')).toMatchObject({ status: 'fail' });
    expect(report.checks.find((c) => c.name === 'duplicate records')!.value).toBeGreaterThan(0.01);
  });

  test('usage and rule errors exit 2 with a message, never a stack trace', () => {
    const badFormat = steward(['audit', contacts, '--input', sample, '--workspace', tmp.path('x.db'), '--format', 'pdf']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "pdf"; allowed: table, json, junit, markdown, html');
    const noAudit = tmp.file('none.yaml', 'job: none\nfields: { email: {} }\n');
    const missing = steward(['audit', noAudit, '--input', sample, '--workspace', tmp.path('y.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no audit: section');
    const typo = tmp.file('typo.yaml', 'job: typo\nfields: { email: {} }\naudit:\n  fields:\n    email: { completeness: "at least 95%" }\n');
    const bad = steward(['audit', typo]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('audit.fields.email.completeness');
    const table = steward(['audit', contacts, '--db', tmp.path('nowhere.db'), '--table', 'contacts', '--workspace', tmp.path('z.db')]);
    expect(table.code).toBe(2);
    expect(table.stderr).toMatch(/not found/);
    for (const r of [badFormat, missing, bad, table]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a big file is read on one thread and counted on another: the same report as in one thread, errors as they are', () => {
    // Rows that cannot be read, a reference check and uniqueness: every figure must come out the same both ways.
    const file = tmp.file('threads.csv', readFileSync(sample, 'utf8') + '"unclosed,quote\n');
    const companies = tmp.file('companies.csv', 'name\nAcme Corp\nGlobex\n');
    const rules = tmp.file(
      'threads.yaml',
      `job: threads\nextends: ${JSON.stringify(contacts)}\naudit:\n  fields:\n    company: { references: { file: ${JSON.stringify(companies)}, column: name }, severity: warn }\n`,
    );
    const run = (minBytes: string) => steward(['audit', rules, '--input', file, '--workspace', tmp.path(`threads-${minBytes}.db`), '--now', '2026-12-01', '--json'], { env: { STEWARD_AUDIT_THREAD_MIN_BYTES: minBytes } });
    const oneThread = run('1e15');
    const twoThreads = run('0');
    expect(oneThread.code, oneThread.stderr).toBe(0);
    expect(twoThreads.code, twoThreads.stderr).toBe(0);
    expect(twoThreads.stdout).toBe(oneThread.stdout);
    const report = JSON.parse(twoThreads.stdout) as { records: number; checks: { name: string; samples: string[] }[]; notes?: string[] };
    expect(report.records).toBe(200);
    expect(report.checks.find((c) => c.name === 'company references')?.samples.length).toBeGreaterThan(0);
    expect(twoThreads.stdout).toContain('1 of 201 rows could not be read');

    const missing = steward(['audit', contacts, '--input', tmp.path('nope.csv'), '--workspace', tmp.path('nope.db')], { env: { STEWARD_AUDIT_THREAD_MIN_BYTES: '0' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
