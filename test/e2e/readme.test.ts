import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { query } from '../helpers/postgres.js';
import { mysqlQuery } from '../helpers/mysql.js';
import { sqlStatements, testDatabases } from '../helpers/test-databases.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/** Docs run: every steward command and the rule-file example in the README are run here. */
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(sh|yaml)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
const commands = blocks
  .filter((b) => b.lang === 'sh')
  .flatMap((b) => b.body.split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.includes('node bin/steward.js'));

/** Splits a command line into arguments (double quotes only, as the README uses). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const tmp = tempDir();
// The README's createdb/psql and mysql lines are what a person runs; here the example schemas are loaded for them.
const databases = testDatabases(['postgres', 'mysql'], {
  postgres: async (url) => {
    for (const statement of sqlStatements('fixtures/crm-schemas/twenty-postgres.sql')) await query(url, statement);
  },
  mysql: async (url) => {
    for (const statement of sqlStatements('fixtures/crm-schemas/suitecrm-mysql.sql')) await mysqlQuery(url, statement);
  },
});

describe('README', () => {
  test('has the two fresh-machine commands', () => {
    expect(commands[0]).toBe('npm ci && node bin/steward.js run rules/contacts.yaml --input fixtures/legacy-contacts.csv');
    expect(readme).toContain('```sh\nnpm ci && npm test\n```');
  });

  test('every steward command in it runs, in a copy of the repository files it names', async () => {
    const work = tmp.path('repo');
    mkdirSync(work);
    cpSync(path.join(repoRoot, 'rules'), path.join(work, 'rules'), { recursive: true, filter: (src) => !src.includes('.steward') });
    cpSync(path.join(repoRoot, 'fixtures'), path.join(work, 'fixtures'), { recursive: true });
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const line of commands) {
      const args = words(line.replace(/^npm ci && /, '')).slice(2);
      const isPostgres = args.some((a) => a.startsWith('postgres://'));
      const isMysql = args.some((a) => a.startsWith('mysql://'));
      const pgUrl = databases.url.postgres;
      const myUrl = databases.url.mysql;
      if ((isPostgres && !pgUrl) || (isMysql && !myUrl)) continue;
      // A database URL with #table names a table; without, a multi-table target's database.
      const database = (a: string, url: string) => (a.includes('#') ? `${url}#${a.split('#')[1]}` : url);
      const resolved = args.map((a) => (a.startsWith('postgres://') ? database(a, pgUrl!) : a.startsWith('mysql://') ? database(a, myUrl!) : a));
      const result = steward(resolved, { cwd: work });
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      expect(result.stderr, line).toBe('');
    }
    if (databases.url.postgres) {
      // The newcomer's walk: 12 exported rows, two of them one person, as golden records; every phone in E.164.
      const walk = await query(databases.url.postgres, "select count(*)::int as n, count(phone)::int as phones, count(*) filter (where phone ~ '^[+][1-9][0-9]{6,14}$')::int as e164 from customers");
      expect(walk[0]).toEqual({ n: 11, phones: 10, e164: 10 });
      return query(databases.url.postgres, 'select (select count(*)::int from contacts) as n, (select count(*)::int from person) as persons').then((rows) => expect(rows[0]).toEqual({ n: 200, persons: 171 }));
    }
    return undefined;
  });

  test('the multi-table example is valid', () => {
    const example = blocks.find((b) => b.lang === 'yaml' && b.body.includes('tables:'))!.body;
    const file = tmp.file('tables.yaml', example);
    const result = steward(['check', file, '--json'], { env: { CRM_DATABASE_URL: 'postgres://crm:pw@db.internal/crm' } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).target.tables.map((t: { name: string }) => t.name)).toEqual(['company', 'person', 'person_phones']);
  });

  test('the rule-file example is valid', () => {
    const example = blocks.find((b) => b.lang === 'yaml')!.body;
    const file = tmp.file('example.yaml', example);
    const result = steward(['check', file, '--json'], { env: { CRM_DATABASE_URL: 'postgres://crm:pw@db.internal/crm' } });
    expect(result.code, result.stderr).toBe(0);
    const resolved = JSON.parse(result.stdout);
    expect(resolved.target).toMatchObject({ kind: 'postgres', location: 'postgres://crm:***@db.internal/crm', mode: 'upsert' });
    expect(result.stdout).not.toContain(':pw@');
  });
});
