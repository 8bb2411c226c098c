import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { BulkWrite, SqlHandle } from '../sql/sql-capabilities.js';
import { splitTableName } from '../sql/sql-tables.js';
import { onConflictUpsert } from '../sql/on-conflict-upsert.js';

/** Each handle's better-sqlite3 database: the bulk path runs a prepared statement on it directly. */
const databases = new WeakMap<Kysely<any>, Database.Database>();

export function rememberDatabase(db: Kysely<any>, database: Database.Database): void {
  databases.set(db, database);
}

/**
 * One INSERT (or upsert) built by Kysely for a single row, prepared once and run for every row. SQLite has one
 * connection, so the statements run inside the transaction `trx` began on it.
 */
export async function preparedRows(handle: SqlHandle, trx: Kysely<any>, write: BulkWrite): Promise<number> {
  const database = databases.get(handle.db);
  if (!database) throw new Error('the SQLite handle was not opened by the SQLite connector');
  const { schema, name } = splitTableName(write.table);
  const base = schema ? trx.withSchema(schema) : trx;
  let insert = base.insertInto(name).values(Object.fromEntries(write.columns.map((c) => [c, null])));
  if (write.upsert) insert = onConflictUpsert(insert, write.upsert.key, write.upsert.update);
  const statement = database.prepare(insert.compile().sql);
  let count = 0;
  for await (const batch of write.batches) {
    for (const row of batch) statement.run(row as unknown[]);
    count += batch.length;
  }
  return count;
}
