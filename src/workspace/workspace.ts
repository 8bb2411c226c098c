import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { RuntimeFailure } from '../errors.js';
import type { WorkspaceDatabase } from './workspace-schema.js';
import { workspaceMigrations } from './migrations.js';
import { acquireWorkspaceLock, releaseWorkspaceLock } from './workspace-lock.js';

export interface Workspace {
  readonly file: string;
  readonly db: Kysely<WorkspaceDatabase>;
  /**
   * Runs a Kysely-built statement as one prepared statement many times (the bulk path for SQLite):
   * the SQL comes from Kysely, only the execution skips its per-row query building.
   */
  prepare<P extends readonly unknown[]>(query: { compile(): { sql: string } }): (...params: P) => void;
  /** Whether a write failed because a unique index refused a duplicate (so the caller can reject the row). */
  isUniqueViolation(error: unknown): boolean;
  /** The same for a Kysely-built SELECT: prepared once, returns all rows for the given parameters. */
  prepareAll<R, P extends readonly unknown[]>(query: CompilableQuery): (...params: P) => R[];
  /** The same, each row an array of its columns in select order: no object per row (a million rows read about a quarter faster). */
  prepareArrays<R extends readonly unknown[], P extends readonly unknown[]>(query: CompilableQuery): (...params: P) => R[];
  /**
   * For a scan that reads each page once (an export): SQLite's default page cache of 2 MB until the returned function
   * puts the import-sized one back. Filling 64 MB of cache with pages read once made a million-record export about 4% slower.
   */
  smallCacheForScan(): () => void;
  close(): Promise<void>;
}

/** Page cache sizes (negative: KiB): 64 MB for bulk writes, SQLite's default 2 MB for a scan. */
const IMPORT_CACHE_KIB = -65536;
const SCAN_CACHE_KIB = -2000;

type CompilableQuery = { compile(): { sql: string; parameters: readonly unknown[] } };

/**
 * A Kysely-built SELECT prepared once. The caller passes its parameters by position, so a count that differs from
 * the compiled query's (a join's value became one) is a bug to stop at, not values to bind to the wrong places.
 */
function prepareChecked(database: Database.Database, query: CompilableQuery) {
  const compiled = query.compile();
  const statement = database.prepare(compiled.sql);
  const check = (params: readonly unknown[]) => {
    if (params.length !== compiled.parameters.length) throw new Error(`a prepared workspace query takes ${compiled.parameters.length} parameters, given ${params.length}: ${compiled.sql}`);
    return params as unknown[];
  };
  return { statement, check };
}

const provider: MigrationProvider = { getMigrations: async () => workspaceMigrations };

/** Opens (creating if needed) a workspace file, brings its schema up to date and takes its lock (workspace-lock.ts). */
export async function openWorkspace(file: string): Promise<Workspace> {
  let database: Database.Database;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    database = new Database(file);
    // Larger pages suit rows of a few hundred bytes: bulk imports run about 15% faster (bench/import.bench.mjs).
    // Only takes effect when the file is new.
    // Waits for another process's write first: even switching a new file to WAL needs the lock.
    database.pragma('busy_timeout = 5000');
    database.pragma('page_size = 16384');
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    // A 64 MB page cache keeps big imports from spilling to the WAL page by page.
    database.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  } catch (error) {
    throw new RuntimeFailure('WORKSPACE_OPEN_FAILED', `cannot open the workspace ${file}: ${(error as Error).message}`, { file });
  }
  const db = new Kysely<WorkspaceDatabase>({ dialect: new SqliteDialect({ database }) });
  // Kysely takes no migration lock on SQLite: two processes opening a new workspace at once would both create
  // its tables. The migrations run inside one IMMEDIATE transaction of our own instead, so the second waits for
  // the first to commit and then finds nothing left to do.
  const migrator = new Migrator({ db, provider, migrationTableName: 'stw_migrations', migrationLockTableName: 'stw_migration_lock', disableTransactions: true });
  let error: unknown;
  try {
    database.exec('BEGIN IMMEDIATE');
    ({ error } = await migrator.migrateToLatest());
    database.exec(error ? 'ROLLBACK' : 'COMMIT');
  } catch (begin) {
    if (database.inTransaction) database.exec('ROLLBACK');
    error = begin;
  }
  if (error) {
    await db.destroy();
    throw new RuntimeFailure('WORKSPACE_MIGRATION_FAILED', `cannot prepare the workspace ${file}: ${(error as Error).message}`, { file });
  }
  try {
    acquireWorkspaceLock(database, db, file);
  } catch (lockError) {
    await db.destroy();
    throw lockError;
  }
  return {
    file,
    db,
    prepare(query) {
      const statement = database.prepare(query.compile().sql);
      return (...params) => {
        statement.run(...(params as unknown as unknown[]));
      };
    },
    isUniqueViolation: (error) => (error as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE',
    prepareAll<R, P extends readonly unknown[]>(query: CompilableQuery) {
      const { statement, check } = prepareChecked(database, query);
      return (...params: P) => statement.all(...check(params)) as R[];
    },
    smallCacheForScan() {
      database.pragma(`cache_size = ${SCAN_CACHE_KIB}`);
      return () => database.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
    },
    prepareArrays<R extends readonly unknown[], P extends readonly unknown[]>(query: CompilableQuery) {
      const { statement, check } = prepareChecked(database, query);
      statement.raw(true);
      return (...params: P) => statement.all(...check(params)) as unknown as R[];
    },
    close: async () => {
      try {
        releaseWorkspaceLock(database, db, file);
      } finally {
        await db.destroy();
      }
    },
  };
}

export async function startRun(workspace: Workspace, job: string, command: string, details: unknown): Promise<number> {
  const row = await workspace.db
    .insertInto('stw_runs')
    .values({ job, command, started_at: new Date().toISOString(), finished_at: null, status: 'running', counts: null, details: JSON.stringify(details) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(workspace: Workspace, runId: number, status: string, counts: unknown): Promise<void> {
  await workspace.db
    .updateTable('stw_runs')
    .set({ finished_at: new Date().toISOString(), status, counts: JSON.stringify(counts) })
    .where('id', '=', runId)
    .execute();
}
