import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getConnector } from '../../src/connectors/registry.js';
import type { OutputValue, TargetSpec } from '../../src/connectors/types.js';
import { InputError, RuntimeFailure } from '../../src/errors.js';
import { cleanJob, mergeJob } from '../../src/index.js';
import { mysqlCapabilities } from '../../src/connectors/mysql/mysql-capabilities.js';
import { selectPage, updateByKey } from '../../src/stages/merge/in-place/sql-batch.js';
import { createTestDatabase, mysqlQuery, mysqlServer } from '../helpers/mysql.js';
import { tempDir } from '../helpers/temp.js';

/**
 * What only MySQL/MariaDB needs checked (the shared behaviour runs in sql-targets and merge-in-place): connect
 * errors without the password, dates as written, 4-byte UTF-8, mariadb:// URLs, db.table as another database,
 * a table made by create: true taken away again when the write fails (MySQL's DDL commits), and MariaDB's JSON
 * columns (longtext underneath) never taken for text by a clean in place, and in-place runs refused on a table
 * without transactions (MyISAM), and a clean's page not held up by the next page's row locks.
 */
const server = mysqlServer();
if (!server && process.env['CI'] === 'true') throw new Error('MySQL is required under CI=true');
const connector = getConnector('mysql');
const tmp = tempDir();
const databases: { url: string; drop(): Promise<void> }[] = [];
let url = '';
beforeAll(async () => {
  if (!server) return;
  databases.push(await createTestDatabase(server), await createTestDatabase(server));
  url = databases[0]!.url;
});
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function readTable(location: string, table: string): Promise<string[][]> {
  const reader = await connector.openReader({ kind: 'mysql', location, table, encoding: 'utf8', delimiter: ',', orderBy: ['id'] });
  const cells: string[][] = [];
  try {
    for await (const batch of reader.batches()) for (const row of batch) if ('cells' in row) cells.push([...row.cells]);
  } finally {
    await reader.close();
  }
  return cells;
}

async function write(spec: Partial<TargetSpec> & { table: string }, columns: string[], rows: OutputValue[][]): Promise<number> {
  const writer = await connector.openWriter({ kind: 'mysql', location: url, mode: 'insert', key: [], create: true, formulaGuard: false, batchSize: 500, ...spec });
  return (await writer.write(columns, (async function* () {
    yield rows;
  })())).written;
}

describe.skipIf(!server)('MySQL connector', () => {
  test('a refused connection is a runtime failure that names the server but never the password', async () => {
    const port = new URL(server!).port;
    const location = `mysql://nobody:pa55-w0rd-secret@127.0.0.1:${port}/nowhere`;
    const error = await connector.openReader({ kind: 'mysql', location, table: 't', encoding: 'utf8', delimiter: ',' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeFailure);
    expect((error as Error).message).toContain(`cannot connect to MySQL at mysql://nobody:***@127.0.0.1:${port}/nowhere: Access denied`);
    expect((error as Error).message).not.toContain('pa55-w0rd-secret');
  });

  test('dates, datetimes and timestamps are read as the server writes them, whatever the time zone here', async () => {
    await mysqlQuery(url, 'create table dated (id integer primary key, born date, seen datetime(3), stamped timestamp null, big bigint)');
    await mysqlQuery(url, "insert into dated values (1, '1980-02-29', '2021-03-28 02:30:00.250', '2021-10-31 02:30:00', 9007199254740993)");
    expect(await readTable(url, 'dated')).toEqual([['1', '1980-02-29', '2021-03-28 02:30:00.250', '2021-10-31 02:30:00', '9007199254740993']]);
  });

  test('4-byte UTF-8 (emoji, rare CJK) goes in and comes back whole; mariadb:// is the same connector', async () => {
    const values = ['Zoë 😀', '𠜎𠜱 Łódź'];
    expect(await write({ table: 'people', key: ['id'] }, ['id', 'name'], values.map((v, i) => [String(i + 1), v]))).toBe(2);
    expect(await readTable(url.replace(/^mysql:/, 'mariadb:'), 'people')).toEqual(values.map((v, i) => [String(i + 1), v]));
  });

  test('db.table names another database on the same server', async () => {
    const other = new URL(databases[1]!.url).pathname.slice(1);
    await write({ table: `${other}.elsewhere`, key: ['id'], mode: 'upsert' }, ['id', 'name'], [['1', 'a']]);
    await write({ table: `${other}.elsewhere`, key: ['id'], mode: 'upsert' }, ['id', 'name'], [['1', 'b'], ['2', 'c']]);
    expect(await readTable(url, `${other}.elsewhere`)).toEqual([['1', 'b'], ['2', 'c']]);
    expect(await mysqlQuery(url, "select count(*) as n from information_schema.tables where table_schema = database() and table_name = 'elsewhere'")).toEqual([{ n: 0 }]);
  });

  test('upsert keys are exact: "a" and "A" are two rows in a table create: true made', async () => {
    await write({ table: 'cased', key: ['id'], mode: 'upsert' }, ['id', 'name'], [['a', 'lower'], ['A', 'upper']]);
    expect(await mysqlQuery(url, 'select id, name from cased order by name')).toEqual([{ id: 'a', name: 'lower' }, { id: 'A', name: 'upper' }]);
  });

  test('an upsert row that meets another row through another unique index fails the write instead of overwriting that row', async () => {
    await mysqlQuery(url, 'create table members (id varchar(8) primary key, email varchar(64) unique, name text)');
    await mysqlQuery(url, "insert into members values ('M1', 'ann@example.com', 'Ann'), ('M2', 'bob@example.com', 'Bob')");
    await write({ table: 'members', key: ['id'], mode: 'upsert' }, ['id', 'email', 'name'], [['M1', 'ann@example.com', 'Ann Lee']]);
    const failure = await write({ table: 'members', key: ['id'], mode: 'upsert' }, ['id', 'email', 'name'], [['M3', 'cleo@example.com', 'Cleo'], ['M4', 'bob@example.com', 'Not Bob']]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect((failure as Error).message).toContain('nothing was written: Truncated incorrect DOUBLE value: \'another unique index of the table met a row whose id differs; it was not overwritten\'');
    expect(await mysqlQuery(url, 'select id, email, name from members order by id')).toEqual([
      { id: 'M1', email: 'ann@example.com', name: 'Ann Lee' },
      { id: 'M2', email: 'bob@example.com', name: 'Bob' },
    ]);
  });

  test('a write that fails takes away the table create: true made for it (MySQL commits DDL at once)', async () => {
    const failure = await write({ table: 'half', key: ['id'] }, ['id', 'name'], [['1', 'a'], ['1', 'again']]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect((failure as Error).message).toMatch(/nothing was written: Duplicate entry/);
    expect(await mysqlQuery(url, "select count(*) as n from information_schema.tables where table_schema = database() and table_name = 'half'")).toEqual([{ n: 0 }]);
  });

  test('the catalog: lengths, enum values, unsigned, tinyint(1) booleans, JSON, generated and auto_increment columns, unique keys (primary first, prefix indexes left out), foreign keys', async () => {
    await mysqlQuery(url, 'create table owners (a int, b varchar(10), primary key (a, b))');
    await mysqlQuery(
      url,
      "create table cataloged (id int unsigned auto_increment primary key, active tinyint(1), tiny tinyint, name varchar(20), tier enum('Gold','it''s'), price decimal(6,2), twice int as (tiny * 2) stored, seen datetime(3), note text, doc json, big bigint unsigned, owner_a int, owner_b varchar(10), unique key by_name (name, tier), unique key by_note (note(10)), foreign key (owner_a, owner_b) references owners (a, b))",
    );
    const capabilities = await connector.sql!();
    const handle = await capabilities.open(url, false);
    try {
      const types = Object.fromEntries((await capabilities.columnTypes(handle.db, 'cataloged')).map((c) => [c.name, c]));
      expect(types['id']).toMatchObject({ kind: 'integer', bits: 32, unsigned: true, autoFilled: true, generated: false });
      expect(types['active']).toMatchObject({ kind: 'boolean', type: 'tinyint(1)' });
      expect(types['tiny']).toMatchObject({ kind: 'integer', bits: 8 });
      expect(types['tiny']?.unsigned).toBeUndefined();
      expect(types['name']).toMatchObject({ kind: 'text', maxLength: 20 });
      expect(types['tier']).toMatchObject({ kind: 'enum', values: ['Gold', "it's"] });
      expect(types['price']).toMatchObject({ kind: 'decimal', precision: 6, scale: 2 });
      expect(types['twice']).toMatchObject({ generated: true });
      expect(types['seen']).toMatchObject({ kind: 'timestamp' });
      expect(types['note']).toMatchObject({ kind: 'text', maxLength: undefined });
      expect(types['big']).toMatchObject({ kind: 'integer', bits: 64, unsigned: true });
      // MariaDB's json is longtext with a json_valid check: still JSON.
      expect(types['doc']).toMatchObject({ kind: 'json' });
      expect(await capabilities.uniqueKeys(handle.db, 'cataloged')).toEqual([['id'], ['name', 'tier']]);
      expect(await capabilities.foreignKeysFrom(handle.db, 'cataloged')).toEqual([{ columns: ['owner_a', 'owner_b'], table: 'owners', references: ['a', 'b'] }]);
    } finally {
      await handle.close();
    }
  });

  test('a JSON column (MariaDB: longtext with a json_valid check) is read by a clean in place, never written: the JSON text stays valid', async () => {
    await mysqlQuery(url, 'create table places (id integer primary key, city json, country text)');
    await mysqlQuery(url, `insert into places values (1, '"  boston "', 'USA'), (2, '["new  york"]', 'Deutschland')`);
    const rules = tmp.file('places.yaml', 'job: places\nextends: contacts\n');
    const result = await cleanJob(rules, { input: `${url}#places`, workspace: tmp.path('ws-places.db'), cwd: tmp.dir });
    expect(result.messages).toContain('column city (json) does not hold text: read for the other fields, never written');
    expect(await mysqlQuery(url, 'select id, city, country from places order by id')).toEqual([
      { id: 1, city: '  boston ', country: 'US' },
      { id: 2, city: ['new  york'], country: 'DE' },
    ]);
  });

  test('a table without transactions (MyISAM) is refused by a clean and a merge in place before anything changes: a failed batch could not be rolled back', async () => {
    await mysqlQuery(url, 'create table legacy (id varchar(8) primary key, first_name text, email text, country text, other_emails text, other_phones text) engine = MyISAM');
    await mysqlQuery(url, "insert into legacy values ('L1', 'ann', 'Ann@Example.com', 'USA', null, null), ('L2', 'Ann', 'ann@example.com', 'USA', null, null)");
    const before = await mysqlQuery(url, 'select * from legacy order by id');
    const rules = tmp.file('legacy.yaml', 'job: legacy\nextends: contacts\nsource: { id: id }\n');
    const expected = /^legacy is stored by the MyISAM engine, which has no transactions: an? (clean|in-place merge)( in place)? writes in transactions, and a batch that failed half-way could not be rolled back nor undone; nothing was changed\. Convert the table to a transactional engine first \(MySQL: alter table … engine = InnoDB\)$/;
    for (const run of [
      () => cleanJob(rules, { input: `${url}#legacy`, workspace: tmp.path('ws-legacy-clean.db'), cwd: tmp.dir }),
      () => mergeJob(rules, { input: `${url}#legacy`, inPlace: true, workspace: tmp.path('ws-legacy-merge.db'), cwd: tmp.dir }),
    ]) {
      const refused = await run().catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InputError);
      expect((refused as Error).message).toMatch(expected);
    }
    expect(await mysqlQuery(url, 'select * from legacy order by id')).toEqual(before);
  });

  test("a clean's page writes while the next page holds its rows locked: an update the optimizer runs as a scan passes over them (read committed)", async () => {
    const ids = Array.from({ length: 13 }, (_, i) => `K-${String(i + 1).padStart(2, '0')}`);
    await mysqlQuery(url, 'create table paged (id varchar(8) primary key, v text)');
    await mysqlQuery(url, `insert into paged values ${ids.map((id) => `('${id}', 'old')`).join(', ')}`);
    const handle = await mysqlCapabilities.open(url, true);
    try {
      let locked!: () => void;
      let release!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const held = new Promise<void>((resolve) => (release = resolve));
      // The next page: K-11 … K-13 read for update, held until the page before has written.
      const next = handle.db.transaction().execute(async (trx) => {
        expect(await selectPage({ db: trx, maxParameters: 1000, rowLocks: true }, 'paged', 'id', 'K-10', 5)).toHaveLength(3);
        locked();
        await held;
      });
      await isLocked;
      const written = await handle.db
        .transaction()
        .execute(async (trx) => {
          await sql`set session innodb_lock_wait_timeout = 3`.execute(trx);
          return updateByKey({ db: trx, maxParameters: 1000, rowLocks: true }, 'paged', 'id', new Map([['v', new Map(ids.slice(5, 10).map((id) => [id, 'new']))]]));
        })
        .finally(release);
      await next;
      expect(written).toBe(5);
    } finally {
      await handle.close();
    }
  });
});
