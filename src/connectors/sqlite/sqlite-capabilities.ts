import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { InputError } from '../../errors.js';
import type { SqlCapabilities } from '../sql/sql-capabilities.js';
import { onConflictUpsert } from '../sql/on-conflict-upsert.js';

export const sqliteCapabilities: SqlCapabilities = {
  label: 'SQLite',
  // SQLite >= 3.32 allows 32766 bound parameters per statement.
  maxParameters: 32000,
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
};
