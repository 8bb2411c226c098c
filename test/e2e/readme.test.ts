import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';
import { createTestDatabase as createMysqlDatabase, mysqlQuery, mysqlServer } from '../helpers/mysql.js';
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
let pgUrl: string | undefined;
let drop: (() => Promise<void>) | undefined;
let myUrl: string | undefined;
let dropMy: (() => Promise<void>) | undefined;
/** The statements of a DDL file (the README's createdb/psql and mysql lines are what a person runs; here they are done for them). */
const ddl = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8').replace(/^--.*$/gm, '').split(/;\s*$/m).filter((s) => s.trim() !== '');
beforeAll(async () => {
  const server = postgresServer();
  if (server) {
    ({ url: pgUrl, drop } = await createTestDatabase(server));
    for (const statement of ddl('fixtures/crm-schemas/twenty-postgres.sql')) await query(pgUrl, statement);
  }
  const mysql = mysqlServer();
  if (mysql) {
    ({ url: myUrl, drop: dropMy } = await createMysqlDatabase(mysql));
    for (const statement of ddl('fixtures/crm-schemas/suitecrm-mysql.sql')) await mysqlQuery(myUrl, statement);
  }
});
afterAll(async () => {
  await drop?.();
  await dropMy?.();
});

describe('README', () => {
  test('has the two fresh-machine commands', () => {
    expect(commands[0]).toBe('npm ci && node bin/steward.js run rules/contacts.yaml --input fixtures/legacy-contacts.csv');
    expect(readme).toContain('```sh\nnpm ci && npm test\n```');
  });

  test('every steward command in it runs, in a copy of the repository files it names', () => {
    const work = tmp.path('repo');
    mkdirSync(work);
    cpSync(path.join(repoRoot, 'rules'), path.join(work, 'rules'), { recursive: true, filter: (src) => !src.includes('.steward') });
    cpSync(path.join(repoRoot, 'fixtures'), path.join(work, 'fixtures'), { recursive: true });
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const line of commands) {
      const args = words(line.replace(/^npm ci && /, '')).slice(2);
      const isPostgres = args.some((a) => a.startsWith('postgres://'));
      const isMysql = args.some((a) => a.startsWith('mysql://'));
      if ((isPostgres && !pgUrl) || (isMysql && !myUrl)) continue;
      // A database URL with #table names a table; without, a multi-table target's database.
      const database = (a: string, url: string) => (a.includes('#') ? `${url}#${a.split('#')[1]}` : url);
      const resolved = args.map((a) => (a.startsWith('postgres://') ? database(a, pgUrl!) : a.startsWith('mysql://') ? database(a, myUrl!) : a));
      const result = steward(resolved, { cwd: work });
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      expect(result.stderr, line).toBe('');
    }
    if (pgUrl) {
      return query(pgUrl, 'select (select count(*)::int from contacts) as n, (select count(*)::int from person) as persons').then((rows) => expect(rows[0]).toEqual({ n: 200, persons: 172 }));
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
