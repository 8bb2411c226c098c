import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getConnector } from '../../src/connectors/registry.js';
import type { OutputValue, TargetSpec } from '../../src/connectors/types.js';
import { RuntimeFailure } from '../../src/errors.js';
import { createTestDatabase, mysqlQuery, mysqlServer } from '../helpers/mysql.js';

/**
 * What only MySQL/MariaDB needs checked (the shared behaviour runs in sql-targets and merge-in-place): connect
 * errors without the password, dates as written, 4-byte UTF-8, mariadb:// URLs, db.table as another database,
 * and a table made by create: true taken away again when the write fails (MySQL's DDL commits).
 */
const server = mysqlServer();
if (!server && process.env['CI'] === 'true') throw new Error('MySQL is required under CI=true');
const connector = getConnector('mysql');
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

  test('the catalog: lengths, enum values, unsigned, tinyint(1) booleans, generated and auto_increment columns, unique keys (primary first, prefix indexes left out), foreign keys', async () => {
    await mysqlQuery(url, 'create table owners (a int, b varchar(10), primary key (a, b))');
    await mysqlQuery(
      url,
      "create table cataloged (id int unsigned auto_increment primary key, active tinyint(1), tiny tinyint, name varchar(20), tier enum('Gold','it''s'), price decimal(6,2), twice int as (tiny * 2) stored, seen datetime(3), note text, big bigint unsigned, owner_a int, owner_b varchar(10), unique key by_name (name, tier), unique key by_note (note(10)), foreign key (owner_a, owner_b) references owners (a, b))",
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
      expect(await capabilities.uniqueKeys(handle.db, 'cataloged')).toEqual([['id'], ['name', 'tier']]);
      expect(await capabilities.foreignKeysFrom(handle.db, 'cataloged')).toEqual([{ columns: ['owner_a', 'owner_b'], table: 'owners', references: ['a', 'b'] }]);
    } finally {
      await handle.close();
    }
  });
});
