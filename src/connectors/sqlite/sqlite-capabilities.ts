import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { InputError } from '../../errors.js';
import type { SqlCapabilities } from '../sql/sql-capabilities.js';
import { onConflictUpsert } from '../sql/on-conflict-upsert.js';
import { groupColumns } from '../sql/sql-tables.js';

export const sqliteCapabilities: SqlCapabilities = {
  label: 'SQLite',
  // SQLite >= 3.32 allows 32766 bound parameters per statement.
  maxParameters: 32000,
  // One connection, one writer.
  concurrentTransactions: 1,
  async open(location, forWrite) {
    const file = location.replace(/^sqlite:(\/\/)?/i, '');
    if (!forWrite && !existsSync(file)) throw new InputError('SOURCE_NOT_FOUND', `SQLite database not found: ${file}`, { file });
    if (forWrite) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const database = new Database(file, { readonly: !forWrite, fileMustExist: !forWrite });
    database.pragma('busy_timeout = 5000');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
    return { db, display: file, close: () => db.destroy() };
  },
  upsert: onConflictUpsert,
  async foreignKeysTo(db, table) {
    // "to" is null for `references contacts` written without a column: the parent's primary key.
    const { rows } = await sql<{ child: string; column: string; references: string | null }>`select m.name as child, f."from" as "column", f."to" as "references" from sqlite_master m join pragma_foreign_key_list(m.name) f
      where m.type = 'table' and f."table" = ${table} order by m.name, f.id, f.seq`.execute(db);
    return rows.map((r) => ({ table: r.child, column: r.column, references: r.references ?? undefined }));
  },
  async hiddenRowId(db, table) {
    const { rows: [created] } = await sql<{ sql: string | null }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
    if (!created?.sql || /\bwithout\s+rowid\b/i.test(created.sql)) return undefined;
    const { rows: columns } = await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${table})`.execute(db);
    const keys = columns.filter((c) => c.pk > 0);
    // An INTEGER PRIMARY KEY is the rowid itself, already a column.
    if (keys.length === 1 && keys[0]!.type.trim().toUpperCase() === 'INTEGER') return undefined;
    const names = new Set(columns.map((c) => c.name.toLowerCase()));
    return ['rowid', '_rowid_', 'oid'].find((name) => !names.has(name));
  },
  async primaryKey(db, table) {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
    return rows.map((r) => r.name);
  },
  async uniqueKeys(db, table) {
    // An INTEGER PRIMARY KEY is the rowid, in no index: the primary key is asked for on its own.
    const primary = await sqliteCapabilities.primaryKey(db, table);
    const { rows } = await sql<{ index: string; name: string | null }>`select l.name as "index", i.name as name from pragma_index_list(${table}) l join pragma_index_info(l.name) i
      where l."unique" = 1 and l.partial = 0 order by l.name, i.seqno`.execute(db);
    return [...(primary.length > 0 ? [primary] : []), ...groupColumns(rows)];
  },
};
