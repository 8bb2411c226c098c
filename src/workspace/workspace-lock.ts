import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { RuntimeFailure } from '../errors.js';
import type { LockTable, WorkspaceDatabase } from './workspace-schema.js';

/**
 * One steward process at a time per workspace: two imports, merges or exports interleaving their writes would
 * leave runs, batches and before-images that belong to neither. The holder is a row (stw_lock) taken in an
 * IMMEDIATE transaction, so two processes starting together cannot both get it; it names the holder's pid, so
 * a holder that died without closing (SIGKILL, power loss) is recognised and its lock taken over instead of
 * blocking forever. Opens within one process share the lock (counted), as the library and tests do.
 */
const openedHere = new Map<string, number>();

/** Takes the workspace lock or throws WORKSPACE_BUSY (exit 3: the workspace is fine, only in use; retry later). */
export function acquireWorkspaceLock(database: Database.Database, db: Kysely<WorkspaceDatabase>, file: string): void {
  const key = path.resolve(file);
  const read = db.selectFrom('stw_lock').select(['pid', 'host', 'since']).where('id', '=', 1).compile();
  const write = db
    .insertInto('stw_lock')
    .values({ id: 1, pid: process.pid, host: os.hostname(), since: new Date().toISOString() })
    .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ pid: eb.ref('excluded.pid'), host: eb.ref('excluded.host'), since: eb.ref('excluded.since') })))
    .compile();
  const take = database.transaction((): Omit<LockTable, 'id'> | undefined => {
    const holder = database.prepare(read.sql).get(...read.parameters) as Omit<LockTable, 'id'> | undefined;
    if (holder && holder.pid === process.pid && holder.host === os.hostname()) return undefined;
    if (holder && isAlive(holder)) return holder;
    database.prepare(write.sql).run(...write.parameters);
    return undefined;
  });
  let holder: Omit<LockTable, 'id'> | undefined;
  try {
    holder = take.immediate();
  } catch (error) {
    // Another process kept a write transaction open past busy_timeout: it is running, so it holds the lock.
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    holder = (database.prepare(read.sql).get(...read.parameters) as Omit<LockTable, 'id'> | undefined) ?? { pid: 0, host: '?', since: '?' };
  }
  if (holder) {
    throw new RuntimeFailure(
      'WORKSPACE_BUSY',
      `the workspace ${file} is in use by another steward process (pid ${holder.pid} on ${holder.host}, since ${holder.since}): ` +
        'wait for it to finish and run the command again; two runs on one workspace would mix their writes',
      { file, hint: holder.host === os.hostname() ? 'a process that was killed frees the workspace by itself' : `if pid ${holder.pid} no longer runs on ${holder.host}, delete the row in stw_lock` },
    );
  }
  openedHere.set(key, (openedHere.get(key) ?? 0) + 1);
}

/** Gives the lock back when the last open in this process closes. */
export function releaseWorkspaceLock(database: Database.Database, db: Kysely<WorkspaceDatabase>, file: string): void {
  const key = path.resolve(file);
  const left = (openedHere.get(key) ?? 1) - 1;
  if (left > 0) {
    openedHere.set(key, left);
    return;
  }
  openedHere.delete(key);
  const release = db.deleteFrom('stw_lock').where('id', '=', 1).where('pid', '=', process.pid).where('host', '=', os.hostname()).compile();
  database.prepare(release.sql).run(...release.parameters);
}

/** On another host there is no way to tell: the holder counts as alive. A zombie (killed, not yet reaped) is dead. */
function isAlive(holder: Omit<LockTable, 'id'>): boolean {
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
  try {
    return readFileSync(`/proc/${holder.pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return true;
  }
}
