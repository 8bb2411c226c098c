import type { Kysely } from 'kysely';
import type { Workspace } from '../../../workspace/workspace.js';
import type { BeforeImage } from './before-image.js';
import type { InPlaceDatabase } from './in-place-target.js';
import type { BatchSql } from './sql-batch.js';
import { inTransaction } from '../../../connectors/sql/in-transaction.js';

/** The statements of an in-place run on `db` (the handle, or a transaction of it), cut to the database's limits. */
export function batchSql(database: InPlaceDatabase, db: Kysely<any> = database.handle.db): BatchSql {
  return { db, maxParameters: database.capabilities.maxParameters, rowLocks: database.capabilities.rowLocks };
}

/** What one batch changed: per cluster (or cleaned row) its id in the log and its before-image. */
export type LoggedImages = readonly (readonly [id: string, image: BeforeImage])[];

/**
 * Runs the batches of one in-place run (a merge, a clean), each in one database transaction. A batch's
 * before-images go into the workspace as pending before the database commits (a kill in between leaves a pending
 * batch, which settlePendingBatches resolves), and are marked committed after. A batch that changed nothing
 * leaves no trace. Returns how many images the batch logged.
 */
export function createBatchLog(workspace: Workspace, database: InPlaceDatabase, run: number): (batch: number, change: (s: BatchSql) => Promise<LoggedImages>) => Promise<number> {
  const insertLog = workspace.prepare<[number, number, string, string]>(workspace.db.insertInto('stw_merge_log').values({ merge_run: 0, batch: 0, golden_id: '', before: '' }));
  return async (batch, change) => {
    let logged = 0;
    await inTransaction(database.handle, async (trx) => {
      const images = await change(batchSql(database, trx));
      if (images.length === 0) return;
      const now = new Date().toISOString();
      await workspace.db.transaction().execute(async (wtx) => {
        await wtx.insertInto('stw_merge_batches').values({ merge_run: run, batch, status: 'pending', clusters: images.length, changed_at: now }).execute();
        for (const [id, image] of images) insertLog(run, batch, id, JSON.stringify(image));
      });
      logged = images.length;
    });
    if (logged > 0) await workspace.db.updateTable('stw_merge_batches').set({ status: 'committed', changed_at: new Date().toISOString() }).where('merge_run', '=', run).where('batch', '=', batch).execute();
    return logged;
  };
}
