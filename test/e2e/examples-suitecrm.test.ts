import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { companyKeyOf, emailsOf, readGolden, rowId } from '../helpers/examples.js';
import { mysqlQuery } from '../helpers/mysql.js';
import { sqlStatements, testDatabases } from '../helpers/test-databases.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/**
 * The shipped SuiteCRM example end to end: rules/examples/suitecrm.yaml migrates fixtures/legacy-contacts.csv
 * into the SuiteCRM-style schema of fixtures/crm-schemas/suitecrm-mysql.sql, in a MySQL/MariaDB database of its
 * own (the test setup's server: skipped without one, never under CI=true).
 */
const tmp = tempDir();
const rules = path.join(repoRoot, 'rules/examples/suitecrm.yaml');
const fixture = path.join(repoRoot, 'fixtures/legacy-contacts.csv');
const JOB = 'suitecrm-migration';
const TABLES = ['accounts', 'contacts', 'accounts_contacts', 'email_addresses', 'email_addr_bean_rel'];
const databases = testDatabases(['mysql'], {
  mysql: async (url) => {
    for (const statement of sqlStatements('fixtures/crm-schemas/suitecrm-mysql.sql')) await mysqlQuery(url, statement);
  },
});
const db = () => databases.url.mysql!;

const run = (file = rules, workspace = tmp.path('suitecrm.db')) =>
  steward(['run', file, '--input', fixture, '--workspace', workspace, '--json'], { env: { CRM_DATABASE_URL: db(), MIGRATED_AT: '' } });

/** Every row of every table: what "a second run changes nothing" compares. */
async function dump(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await mysqlQuery(db(), `select * from ${table} order by id`);
  return out;
}

const count = async (sql: string) => Number((await mysqlQuery<{ n: number }>(db(), sql))[0]!.n);

describe.runIf(databases.available.mysql)('rules/examples/suitecrm.yaml into MySQL/MariaDB (SuiteCRM-style accounts, contacts, email addresses)', () => {
  test('every fixture row lands in the right tables, with every link right', async () => {
    const result = run();
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { counts: Record<string, number>; tables: Record<string, number> };
    const { records, goldenOf } = readGolden(tmp.path('suitecrm.db'));
    const withCompany = records.filter((r) => companyKeyOf(r) !== undefined);
    const addresses = new Set(records.flatMap(emailsOf));
    const links = records.reduce((n, r) => n + emailsOf(r).length, 0);
    const expected = { accounts: new Set(withCompany.map(companyKeyOf)).size, contacts: records.length, accounts_contacts: withCompany.length, email_addresses: addresses.size, email_addr_bean_rel: links };
    expect(summary.counts).toMatchObject({ read: 200, loaded: 200, rejected: 0, golden: records.length });
    expect(summary.tables).toEqual(expected);
    for (const [table, n] of Object.entries(expected)) expect(await count(`select count(*) as n from ${table} where deleted = 0`), table).toBe(n);

    // Each of the 200 source rows is in the contact of its golden record.
    expect(goldenOf.size).toBe(200);
    const contactIds = new Set((await mysqlQuery<{ id: string }>(db(), 'select id from contacts')).map((c) => c.id));
    for (const golden of goldenOf.values()) expect(contactIds.has(rowId(JOB, 'contacts', golden)), golden).toBe(true);

    // No link points nowhere.
    expect(await count('select count(*) as n from accounts_contacts ac left join contacts c on c.id = ac.contact_id left join accounts a on a.id = ac.account_id where c.id is null or a.id is null')).toBe(0);
    expect(await count('select count(*) as n from email_addr_bean_rel r left join contacts c on c.id = r.bean_id left join email_addresses e on e.id = r.email_address_id where c.id is null or e.id is null or r.bean_module <> \'Contacts\'')).toBe(0);
    expect(await count('select count(*) as n from email_addresses where email_address_caps <> upper(email_address)')).toBe(0);

    const accountOf = new Map((await mysqlQuery<{ contact_id: string; account_id: string }>(db(), 'select contact_id, account_id from accounts_contacts')).map((l) => [l.contact_id, l.account_id]));
    const emailRows = await mysqlQuery<{ bean_id: string; email: string; primary_address: number }>(db(),
      'select r.bean_id, lower(e.email_address) as email, r.primary_address from email_addr_bean_rel r join email_addresses e on e.id = r.email_address_id',
    );
    for (const record of records) {
      const id = rowId(JOB, 'contacts', record.goldenId);
      const key = companyKeyOf(record);
      expect(accountOf.get(id), record.goldenId).toBe(key === undefined ? undefined : rowId(JOB, 'accounts', key));
      const own = emailRows.filter((e) => e.bean_id === id);
      expect(own.map((e) => e.email).sort(), record.goldenId).toEqual([...emailsOf(record)].sort());
      // The golden record's own address is the primary one.
      expect(own.filter((e) => e.primary_address === 1).map((e) => e.email), record.goldenId).toEqual(emailsOf(record).slice(0, 1));
    }
    // Spot check: Bob and Robert Smith are one contact at Acme, with both addresses.
    const smith = await mysqlQuery(db(),
      `select c.first_name, c.last_name, a.name as account, e.email_address, r.primary_address from contacts c
       join accounts_contacts ac on ac.contact_id = c.id join accounts a on a.id = ac.account_id
       join email_addr_bean_rel r on r.bean_id = c.id join email_addresses e on e.id = r.email_address_id
       where c.id = (select bean_id from email_addr_bean_rel r2 join email_addresses e2 on e2.id = r2.email_address_id where e2.email_address = 'bob.smith@acme.example')
       order by r.primary_address desc`,
    );
    expect(smith).toEqual([
      { first_name: 'Robert', last_name: 'Smith', account: expect.stringMatching(/^Acme/i), email_address: 'robert.smith@acme.example', primary_address: 1 },
      { first_name: 'Robert', last_name: 'Smith', account: expect.stringMatching(/^Acme/i), email_address: 'bob.smith@acme.example', primary_address: 0 },
    ]);
  });

  test('a second run changes nothing', async () => {
    const before = await dump();
    const again = run();
    expect(again.code, again.stderr).toBe(0);
    expect(await dump()).toEqual(before);
  });

  test('a record with a value its column does not take is rejected whole, with its reason; the other records are written', async () => {
    // Three more legacy rows: a last name longer than varchar(100), and two people at a company whose name is longer than varchar(150).
    const company = `Zebulon ${'Interstellar Widget '.repeat(8)}Holdings`;
    const extra = [
      `L-90001,Quentin,${'Q'.repeat(120)},quentin@zebulon-extra.example,,,,,,,,,,,,,`,
      `L-90002,Rosalind,Ouelette,rosalind@zebulon-extra.example,,,${company},,,,,,,,,,`,
      `L-90003,Sigmund,Pettersen,sigmund@zebulon-extra.example,,,${company.toUpperCase()},,,,,,,,,,`,
    ];
    const input = tmp.file('legacy-plus.csv', `${readFileSync(fixture, 'utf8').trimEnd()}\n${extra.join('\n')}\n`);
    const workspace = tmp.path('misfit-records.db');
    const result = steward(['run', rules, '--input', input, '--workspace', workspace], { env: { CRM_DATABASE_URL: db(), MIGRATED_AT: '' } });
    expect(result.code, result.stderr).toBe(0);
    const { records } = readGolden(workspace);
    expect(result.stdout).toContain(`exported   ${records.length} golden records = ${records.length - 3} written + 3 rejected by the target`);
    expect(result.stdout).toMatch(/row \d+ \(record L-90001\): its row of table "contacts" does not fit: column "last_name" \(varchar\(100\)\) takes at most 100 characters \(it has 120/);
    expect(result.stdout).toMatch(/row \d+ \(record L-90003\): the row of table "accounts" it points at \("zebuloninterstellarwidget[a-z]*…"\) does not fit: column "name" \(varchar\(150\)\) takes at most 150 characters/);

    // Nothing of the rejected records is in the database: no contact, no account, no address, no link.
    for (const id of ['L-90001', 'L-90002', 'L-90003']) expect(await count(`select count(*) as n from contacts where id = '${rowId(JOB, 'contacts', id)}'`), id).toBe(0);
    expect(await count("select count(*) as n from accounts where name like 'Zebulon%'")).toBe(0);
    expect(await count("select count(*) as n from email_addresses where email_address like '%@zebulon-extra.example'")).toBe(0);
    expect(await count('select count(*) as n from email_addr_bean_rel r left join contacts c on c.id = r.bean_id where c.id is null')).toBe(0);

    const kept = new Database(workspace, { readonly: true }).prepare('select record_id, "column", code from stw_export_rejects order by row').all();
    expect(kept).toEqual([
      { record_id: 'L-90001', column: 'contacts.last_name', code: 'TOO_LONG' },
      { record_id: 'L-90002', column: 'accounts.name', code: 'TOO_LONG' },
      { record_id: 'L-90003', column: 'accounts.name', code: 'TOO_LONG' },
    ]);
  });

  test('a broken mapping is refused before any write, with every problem listed', async () => {
    const before = await dump();
    const bad = tmp.file(
      'suitecrm-bad.yaml',
      `job: suitecrm-bad\nextends: ${JSON.stringify(rules)}\ntarget:\n  tables:\n    email_addr_bean_rel:\n      columns:\n        bean_id: { ref: contact }\n        bean_module: { value: Contacts, field: email }\n    accounts_contacts:\n      rows: { each: company.key, distinct: company }\n`,
    );
    const refused = steward(['run', bad, '--input', fixture, '--workspace', tmp.path('bad.db')], { env: { CRM_DATABASE_URL: db() } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('✖ target.tables.accounts_contacts.rows: has distinct and each; choose one');
    expect(refused.stderr).toContain('✖ target.tables.email_addr_bean_rel.columns.bean_id.ref: no table "contact" in target.tables; did you mean "contacts"?');
    expect(refused.stderr).toContain('✖ target.tables.email_addr_bean_rel.columns.bean_module: has value and field; choose one');
    expect(refused.stderr).toMatch(/3 problems in .*suitecrm-bad\.yaml/);

    const misfit = tmp.file(
      'suitecrm-misfit.yaml',
      `job: suitecrm-misfit\nextends: ${JSON.stringify(rules)}\ntarget:\n  tables:\n    email_addresses:\n      key: email_address\n    email_addr_bean_rel:\n      columns:\n        email_address_id: null\n    contacts:\n      columns:\n        phone_cell: mobile\n`,
    );
    const misfitRun = run(misfit, tmp.path('misfit.db'));
    expect(misfitRun.code).toBe(2);
    const issues = (JSON.parse(misfitRun.stdout) as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      expect.stringMatching(/^target\.tables\.email_addresses\.key: no unique index or primary key on \(email_address\) in table "email_addresses"/),
      expect.stringMatching(/^target\.tables\.email_addr_bean_rel\.columns: column "email_address_id" of table "email_addr_bean_rel" is NOT NULL without a default/),
      expect.stringMatching(/^target\.tables\.contacts\.columns\.phone_cell: table "contacts" has no column "phone_cell"/),
    ]);
    expect(await dump()).toEqual(before);
  });
});
