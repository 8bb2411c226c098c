import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditJob } from '../../src/audit-jobs.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';
import { createTestDatabase as createMysqlDatabase, mysqlQuery, mysqlServer } from '../helpers/mysql.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A generated file whose true figures are known: 1,000 contacts, email missing or a placeholder on every
 * 10th row (100), invalid on every 7th of the others; phone missing on every 4th (250); country from a list
 * with one unknown name every 25th row; every 50th email (rows 3, 53, …) a repeat of the row before.
 */
const N = 1000;
const PLACEHOLDERS = ['', '  ', 'N/A', 'unknown', 'test@test.com'];
function row(i: number): Record<string, string> {
  const email = i % 10 === 0 ? PLACEHOLDERS[(i / 10) % PLACEHOLDERS.length]! : i % 7 === 0 ? `broken-${i}-at-example` : i % 50 === 3 ? `person${i - 1}@example.com` : `person${i}@example.com`;
  return {
    id: `C${String(i).padStart(4, '0')}`,
    first_name: `Ann${i}`,
    last_name: i % 20 === 0 ? '-' : `Smith${i}`,
    email,
    phone: i % 4 === 0 ? '' : `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`,
    country: i % 25 === 0 ? 'Atlantis' : ['US', 'Germany', 'FR', 'España'][i % 4]!,
    updated_at: i % 2 === 0 ? '2026-11-20' : '2020-01-01',
  };
}
const rows = Array.from({ length: N }, (_, i) => row(i));
const columns = Object.keys(rows[0]!);
const csv = [columns.join(','), ...rows.map((r) => columns.map((c) => r[c]).join(','))].join('\n') + '\n';

const count = (f: (i: number) => boolean) => Array.from({ length: N }, (_, i) => i).filter(f).length;
const emailFilled = count((i) => i % 10 !== 0);
const emailValid = count((i) => i % 10 !== 0 && i % 7 !== 0);
const emailDuplicates = count((i) => i % 50 === 3 && i % 7 !== 0 && (i - 1) % 7 !== 0);
const phoneFilled = count((i) => i % 4 !== 0);
const lastFilled = count((i) => i % 20 !== 0);
const countryValid = count((i) => i % 25 !== 0);

const rulesText = (thresholds: { email: string }) => `job: audit-test
source: { id: id }
fields:
  first_name: { normalize: [text, name] }
  last_name: { normalize: [text, name] }
  email: { normalize: [email] }
  phone: { normalize: [{ phone: { default_country: US } }] }
  country: { normalize: [text, country] }
  updated_at: { normalize: [date] }
audit:
  samples: 3
  fields:
    email: { completeness: "${thresholds.email}", validity: { threshold: ">= 80%", severity: warn }, unique: "<= 5%" }
    phone: { completeness: ">= 70%" }
    last_name: { completeness: ">= 90%" }
    country: { validity: ">= 90%" }
  record:
    weights: { first_name: 1, last_name: 1, email: 2, phone: 1 }
    floor: "60%"
    below_floor: "<= 50%"
  freshness: { field: updated_at, stale_after_days: 365, stale: { threshold: "<= 60%", severity: warn }, newest: "<= 30" }
  rows: ">= 1000"
`;

describe('audit of a file with known figures', () => {
  const tmp = tempDir();
  const data = tmp.file('contacts.csv', csv);
  const now = new Date('2026-12-01T00:00:00Z');

  test('the reported numbers are the true ones', async () => {
    const rules = tmp.file('pass.yaml', rulesText({ email: '>= 90%' }));
    const { report } = await auditJob(rules, { input: data, workspace: tmp.path('pass.db'), now });
    expect(report.records).toBe(N);
    expect(report.fields['email']).toEqual({ filled: emailFilled, completeness: emailFilled / N, valid: emailValid, validity: Math.round((emailValid / emailFilled) * 1e6) / 1e6, duplicates: emailDuplicates });
    expect(report.fields['phone']).toMatchObject({ filled: phoneFilled, completeness: phoneFilled / N, valid: phoneFilled });
    expect(report.fields['last_name']).toMatchObject({ filled: lastFilled });
    expect(report.fields['country']).toMatchObject({ filled: N, valid: countryValid, validity: countryValid / N });
    const check = (name: string) => report.checks.find((c) => c.name === name)!;
    expect(check('email completeness')).toMatchObject({ metric: 'completeness', value: 0.9, threshold: '>= 90%', severity: 'fail', status: 'pass', samples: [] });
    expect(check('email validity')).toMatchObject({ status: 'pass' });
    expect(check('email uniqueness')).toMatchObject({ metric: 'duplicate_rate', status: 'pass' });
    expect(check('country validity').value).toBe(countryValid / N);
    expect(check('row count')).toMatchObject({ value: N, status: 'pass' });
    expect(check('updated_at freshness')).toMatchObject({ metric: 'stale_rate', value: 0.5, status: 'pass' });
    expect(check('newest updated_at')).toMatchObject({ metric: 'newest_age_days', value: 11, status: 'pass' });
    expect(report.status).toBe('pass');
    // Record scores: weights 1+1+2+1; the histogram holds every record.
    expect(report.recordCompleteness!.histogram.reduce((s, b) => s + b.count, 0)).toBe(N);
  });

  test('a threshold just above the truth fails, with sample ids of the records that break it', async () => {
    const rules = tmp.file('fail.yaml', rulesText({ email: '>= 90.1%' }));
    const { report, status } = await auditJob(rules, { input: data, workspace: tmp.path('fail.db'), now });
    const email = report.checks.find((c) => c.name === 'email completeness')!;
    expect(email).toMatchObject({ status: 'fail', value: 0.9 });
    expect(email.samples).toEqual(['C0000', 'C0010', 'C0020']);
    expect(report.status).toBe('fail');
    expect(status).toBe('thresholds');
  });

  test('history: the change since the last run, and --fail-on-regression', async () => {
    const rules = tmp.file('trend.yaml', rulesText({ email: '>= 50%' }));
    const workspace = tmp.path('trend.db');
    await auditJob(rules, { input: data, workspace, now });
    const worse = tmp.file('worse.csv', [columns.join(','), ...rows.map((r, i) => columns.map((c) => (c === 'phone' && i % 3 === 0 ? '' : r[c])).join(','))].join('\n') + '\n');
    const { report } = await auditJob(rules, { input: worse, workspace, now, failOnRegression: '2%' });
    expect(report.history).toHaveLength(0); // another file is another target: its own trend
    const again = await auditJob(rules, { input: worse, workspace, now, failOnRegression: '2%' });
    expect(again.report.history).toHaveLength(1);
    expect(again.report.changes['phone']).toBe(0);
    const history = tmp.path('history.jsonl');
    await auditJob(rules, { input: data, workspace, now, history });
    const regressed = await auditJob(rules, { input: worse, workspace: tmp.path('other.db'), now, history, failOnRegression: '2%' });
    const phone = regressed.report.checks.find((c) => c.name === 'phone completeness regression')!;
    expect(phone.status).toBe('fail');
    expect(regressed.report.changes['phone']).toBeLessThan(-0.02);
  });

  test('references: values found in another file or table', async () => {
    // Countries allowed: the ISO codes the normalizer gives for US, Germany and FR (not España -> ES).
    tmp.file('countries.csv', 'code,name\nUS,United States\nDE,Germany\nFR,France\n');
    const rules = tmp.file('refs.yaml', `job: refs
source: { id: id }
fields:
  country: { normalize: [text, country] }
audit:
  fields:
    country: { references: { file: countries.csv, column: code, threshold: ">= 75%" } }
`);
    const { report } = await auditJob(rules, { input: data, workspace: tmp.path('refs.db'), now });
    const check = report.checks.find((c) => c.name === 'country references')!;
    const found = count((i) => i % 25 !== 0 && i % 4 !== 3);
    expect(check).toMatchObject({ metric: 'reference_rate', value: found / N, status: 'fail' });
    expect(check.samples[0]).toBe('C0000');
    const dbFile = tmp.path('ref.db');
    const db = new Database(dbFile);
    db.exec("create table countries (code text primary key); insert into countries values ('US'), ('DE'), ('FR'), ('ES')");
    db.close();
    const byTable = tmp.file('refs-table.yaml', `job: refs2
source: { id: id }
fields:
  country: { normalize: [text, country] }
audit:
  fields:
    country: { references: { table: countries, db: ref.db, column: code, threshold: ">= 96%" } }
`);
    const second = await auditJob(byTable, { input: data, workspace: tmp.path('refs2.db'), now });
    expect(second.report.checks.find((c) => c.name === 'country references')).toMatchObject({ value: countryValid / N, status: 'pass' });
  });

  test('on a SQLite table the counts come from SQL and agree with the file audit', async () => {
    const dbFile = tmp.path('crm.db');
    const db = new Database(dbFile);
    db.exec(`create table contacts (id text primary key, ${columns.filter((c) => c !== 'id').map((c) => `${c} text`).join(', ')})`);
    const insert = db.prepare(`insert into contacts values (${columns.map(() => '?').join(', ')})`);
    for (const r of rows) insert.run(...columns.map((c) => (r[c] === '' ? null : r[c])));
    db.close();
    const rules = tmp.file('db.yaml', `job: audit-db
fields: { email: {}, phone: {} }
audit:
  fields:
    email: { completeness: ">= 90%", unique: "<= 1%" }
    phone: { completeness: ">= 80%" }
  rows: ">= 1000"
`);
    const { report } = await auditJob(rules, { db: dbFile, table: 'contacts', workspace: tmp.path('db-ws.db'), now });
    expect(report.records).toBe(N);
    expect(report.fields['email']).toMatchObject({ filled: emailFilled, duplicates: emailDuplicates });
    expect(emailDuplicates).toBeGreaterThan(10);
    expect(report.fields['phone']).toMatchObject({ filled: phoneFilled });
    expect(report.checks.find((c) => c.name === 'phone completeness')).toMatchObject({ status: 'fail', samples: ['C0000', 'C0004', 'C0008', 'C0012', 'C0016'] });
    // Validity needs the normalizers: then the columns are read page by page.
    const validity = tmp.file('db-valid.yaml', `job: audit-db
fields: { email: { normalize: [email] }, country: { normalize: [text, country] } }
audit:
  fields:
    email: { validity: ">= 80%" }
    country: { validity: ">= 99%" }
`);
    const valid = await auditJob(validity, { db: dbFile, table: 'contacts', workspace: tmp.path('db-ws2.db'), now });
    expect(valid.report.fields['email']).toMatchObject({ filled: emailFilled, valid: emailValid });
    expect(valid.report.fields['country']).toMatchObject({ valid: countryValid });
    expect(valid.report.checks.find((c) => c.name === 'country validity')).toMatchObject({ status: 'fail', samples: ['C0000', 'C0025', 'C0050', 'C0075', 'C0100'] });
  });
});

/** The SQL servers the suite has: each gets the same table, filled with its own placeholders ($1 or ?). */
const servers = [
  { name: 'PostgreSQL', server: postgresServer(), createTestDatabase, query, placeholder: (n: number) => `$${n}`, keyType: 'text' },
  { name: 'MySQL', server: mysqlServer(), createTestDatabase: createMysqlDatabase, query: mysqlQuery, placeholder: () => '?', keyType: 'varchar(16)' },
].filter((s) => s.server);
describe.each(servers)('audit of a $name table', ({ server, createTestDatabase, query, placeholder, keyType }) => {
  let database: { url: string; drop(): Promise<void> };
  const tmp = tempDir();
  beforeAll(async () => {
    database = await createTestDatabase(server!);
    await query(database.url, `create table contacts (id ${keyType} primary key, first_name text, last_name text, email text, phone text, country text, updated_at date)`);
    for (let i = 0; i < N; i += 100) {
      const chunk = rows.slice(i, i + 100);
      const values: unknown[] = [];
      const tuples = chunk.map((r, j) => {
        columns.forEach((c) => values.push(r[c] === '' ? null : r[c]));
        return `(${columns.map((_, k) => placeholder(j * columns.length + k + 1)).join(', ')})`;
      });
      await query(database.url, `insert into contacts (${columns.join(', ')}) values ${tuples.join(', ')}`, values);
    }
  });
  afterAll(async () => database?.drop());

  test('counts in SQL match the truth; a date column reads as dates', async () => {
    const rules = tmp.file('pg.yaml', `job: audit-pg
fields: { email: {}, phone: {}, updated_at: {} }
audit:
  fields:
    email: { completeness: ">= 90%", unique: "<= 1%" }
    phone: { completeness: ">= 70%" }
  rows: ">= 1000"
`);
    const { report } = await auditJob(rules, { db: database.url, table: 'contacts', workspace: tmp.path('pg-ws.db'), now: new Date('2026-12-01T00:00:00Z') });
    expect(report.records).toBe(N);
    expect(report.fields['email']).toMatchObject({ filled: emailFilled });
    expect(report.fields['phone']).toMatchObject({ filled: phoneFilled });
    expect(report.fields['email']!.duplicates).toBe(emailDuplicates);
    expect(report.status).toBe('fail'); // email duplicates over 1%
    expect(report.target).not.toContain('steward-test-pw');
  });
});
