import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { companyKeyOf, emailsOf, readGolden, rowId } from '../helpers/examples.js';
import { query } from '../helpers/postgres.js';
import { sqlStatements, testDatabases } from '../helpers/test-databases.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/**
 * The shipped Twenty example end to end: rules/examples/twenty.yaml migrates fixtures/legacy-contacts.csv into
 * the Twenty-style schema of fixtures/crm-schemas/twenty-postgres.sql, in a PostgreSQL database of its own.
 */
const tmp = tempDir();
const rules = path.join(repoRoot, 'rules/examples/twenty.yaml');
const fixture = path.join(repoRoot, 'fixtures/legacy-contacts.csv');
const JOB = 'twenty-migration';
const databases = testDatabases(['postgres'], {
  postgres: async (url) => {
    for (const statement of sqlStatements('fixtures/crm-schemas/twenty-postgres.sql')) await query(url, statement);
  },
});
const db = () => databases.url.postgres!;

const run = (file = rules, workspace = tmp.path('twenty.db')) =>
  steward(['run', file, '--input', fixture, '--workspace', workspace, '--json'], { env: { CRM_DATABASE_URL: db(), MIGRATED_AT: '' } });

/** Every row of both tables, as text: what "a second run changes nothing" compares. */
const dump = async () => ({
  company: await query(db(), 'select to_jsonb(c)::text as row from company c order by id'),
  person: await query(db(), 'select to_jsonb(p)::text as row from person p order by id'),
});

describe.runIf(databases.available.postgres)('rules/examples/twenty.yaml into PostgreSQL (Twenty-style person and company)', () => {
  test('every fixture row lands: one person per golden record, one company per company key, foreign keys right', async () => {
    const result = run();
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { counts: Record<string, number>; tables: Record<string, number> };
    const { records, goldenOf } = readGolden(tmp.path('twenty.db'));
    const companyKeys = new Set(records.map(companyKeyOf).filter(Boolean));
    expect(summary.counts).toMatchObject({ read: 200, loaded: 200, rejected: 0, golden: records.length });
    expect(summary.tables).toEqual({ company: companyKeys.size, person: records.length });
    expect(await query(db(), 'select count(*)::int as n from person')).toEqual([{ n: records.length }]);
    expect(await query(db(), 'select count(*)::int as n from company')).toEqual([{ n: companyKeys.size }]);

    // Each of the 200 source rows is in the person of its golden record.
    expect(goldenOf.size).toBe(200);
    const persons = await query<{ id: string; name: { firstName: string | null; lastName: string | null }; emails: { primaryEmail: string | null; additionalEmails: string[] }; phones: { primaryPhoneNumber: string | null; additionalPhones: string[] }; companyId: string | null; company: string | null }>(db(),
      'select p.id, p.name, p.emails, p.phones, p."companyId", c.name as company from person p left join company c on c.id = p."companyId"',
    );
    const byId = new Map(persons.map((p) => [p.id, p]));
    for (const golden of new Set(goldenOf.values())) expect(byId.has(rowId(JOB, 'person', golden)), golden).toBe(true);

    for (const record of records) {
      const person = byId.get(rowId(JOB, 'person', record.goldenId))!;
      expect(person.name).toEqual({ firstName: record.values['first_name'] || null, lastName: record.values['last_name'] || null });
      expect([person.emails.primaryEmail, ...person.emails.additionalEmails].filter(Boolean).map((e) => e!.toLowerCase())).toEqual(emailsOf(record));
      const key = companyKeyOf(record);
      expect(person.companyId, record.goldenId).toBe(key === undefined ? null : rowId(JOB, 'company', key));
    }
    // Spot checks: Bob and Robert Smith are one person with both addresses, at Acme; two spellings of Acme are one company.
    const [smith] = await query<{ name: unknown; emails: unknown; company: string }>(db(),
      `select p.name, p.emails, c.name as company from person p join company c on c.id = p."companyId" where p.emails->>'primaryEmail' = 'robert.smith@acme.example'`,
    );
    expect(smith).toEqual({ name: { firstName: 'Robert', lastName: 'Smith' }, emails: { primaryEmail: 'robert.smith@acme.example', additionalEmails: ['bob.smith@acme.example'] }, company: expect.stringMatching(/^Acme/i) });
    const acme = await query<{ n: number }>(db(), `select count(*)::int as n from person p join company c on c.id = p."companyId" where c.name ilike 'acme%'`);
    expect(acme[0]!.n).toBe(records.filter((r) => companyKeyOf(r) === 'acme').length);
  });

  test('a second run changes nothing, and a fresh workspace gives the same ids', async () => {
    const before = await dump();
    expect(run().code).toBe(0);
    expect(await dump()).toEqual(before);
    const fresh = run(rules, tmp.path('twenty-fresh.db'));
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(await dump()).toEqual(before);
  });

  test('a broken mapping is refused before any write, with every problem listed', async () => {
    const before = await dump();
    // Problems the rule file shows by itself: refused by check and by run, before connecting.
    const bad = tmp.file(
      'twenty-bad.yaml',
      `job: twenty-bad\nextends: ${JSON.stringify(rules)}\ntarget:\n  tables:\n    person:\n      columns:\n        nickname: nick_name\n        companyId: { ref: companie }\n        city: { item: value }\n`,
    );
    for (const command of [['check', bad], ['run', bad, '--input', fixture, '--workspace', tmp.path('bad.db')]]) {
      const refused = steward(command, { env: { CRM_DATABASE_URL: db() } });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('✖ target.tables.person.columns.nickname: "nick_name" reads "nick_name", which is not a field');
      expect(refused.stderr).toContain('✖ target.tables.person.columns.companyId.ref: no table "companie" in target.tables; did you mean "company"?');
      expect(refused.stderr).toContain('✖ target.tables.person.columns.city.item: item is for tables whose rows are { distinct: … } or { each: … }');
      expect(refused.stderr).toMatch(/3 problems in .*twenty-bad\.yaml/);
    }
    // Problems only the database shows: refused after reading its tables, before writing.
    const misfit = tmp.file(
      'twenty-misfit.yaml',
      `job: twenty-misfit\nextends: ${JSON.stringify(rules)}\ntarget:\n  tables:\n    company:\n      key: name\n    person:\n      columns:\n        name: null\n        nickname: first_name\n`,
    );
    const refused = run(misfit, tmp.path('misfit.db'));
    expect(refused.code).toBe(2);
    const issues = (JSON.parse(refused.stdout) as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      expect.stringMatching(/^target\.tables\.company\.key: no unique index or primary key on \(name\) in table "company"/),
      expect.stringMatching(/^target\.tables\.person\.columns: column "name" of table "person" is NOT NULL without a default/),
      expect.stringMatching(/^target\.tables\.person\.columns\.nickname: table "person" has no column "nickname"/),
    ]);
    expect(await dump()).toEqual(before);
  });
});
