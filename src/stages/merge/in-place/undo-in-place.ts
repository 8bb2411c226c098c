import { InputError, RuntimeFailure } from '../../../errors.js';
import type { Workspace } from '../../../workspace/workspace.js';
import { batchCommitted } from './apply-in-place.js';
import { batchSql } from './batch-log.js';
import type { BeforeImage } from './before-image.js';
import type { InPlaceDatabase, InPlaceLayout } from './in-place-target.js';
import { decodeRow, decodeValue } from './row-codec.js';
import { insertRows, ROW_ID, selectWhereIn, updateByKey, type BatchSql } from './sql-batch.js';
import { cellsNotHolding, writesCells } from './written-cells.js';
import { inTransaction } from '../../../connectors/sql/in-transaction.js';

export interface UndoCounts {
  readonly clusters: number;
  readonly batches: number;
  readonly rowsRestored: number;
  readonly childRowsRestored: number;
  readonly survivorsRestored: number;
  /** The old values put back into the survivors' (a clean's rows') cells. */
  readonly cellsRestored: number;
  /** Rows whose cells were edited since the run wrote them, given back their old values all the same (force). */
  readonly overwritten: number;
  /** Clusters an earlier, interrupted unmerge had already put back. */
  readonly alreadyRestored: number;
}

/**
 * Resolves the batches a killed merge left pending: committed in the database (its merged-away rows are gone)
 * or not (then its log is dropped; a re-run merges it again).
 */
export async function settlePendingBatches(workspace: Workspace, database: InPlaceDatabase, layout: InPlaceLayout, mergeRun: number): Promise<{ committed: number; dropped: number }> {
  const pending = await workspace.db.selectFrom('stw_merge_batches').select('batch').where('merge_run', '=', mergeRun).where('status', '=', 'pending').execute();
  let committed = 0;
  let dropped = 0;
  for (const { batch } of pending) {
    const images = (await workspace.db.selectFrom('stw_merge_log').select('before').where('merge_run', '=', mergeRun).where('batch', '=', batch).execute()).map((r) => JSON.parse(r.before) as BeforeImage);
    if (await batchCommitted(batchSql(database), layout, images)) {
      await workspace.db.updateTable('stw_merge_batches').set({ status: 'committed', changed_at: new Date().toISOString() }).where('merge_run', '=', mergeRun).where('batch', '=', batch).execute();
      committed += 1;
    } else {
      await workspace.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('stw_merge_log').where('merge_run', '=', mergeRun).where('batch', '=', batch).execute();
        await trx.deleteFrom('stw_merge_batches').where('merge_run', '=', mergeRun).where('batch', '=', batch).execute();
      });
      dropped += 1;
    }
  }
  return { committed, dropped };
}

/** `steward undo --force` for a clean: the cells edited since are listed, and put back all the same with force. */
function editedSince(edited: readonly string[], run: number): string {
  return `${edited.length} row${edited.length === 1 ? '' : 's'} changed since run ${run} wrote ${edited.length === 1 ? 'it' : 'them'}: ${edited.slice(0, 5).join('; ')}${edited.length > 5 ? '; …' : ''}`;
}

/**
 * Puts back what an in-place run changed, from its before-images: merged-away rows re-inserted whole (or
 * their flag restored), related rows pointed back, the survivor's (a cleaned row's) old values. Batches newest
 * first, one transaction each; with `golden`, only that cluster. A clean's cells edited since it wrote them
 * stop the undo before anything changes (and a batch whose cells are edited meanwhile is rolled back), unless
 * `force` puts the old values back over the edits.
 */
export async function undoInPlace(
  workspace: Workspace,
  database: InPlaceDatabase,
  layout: InPlaceLayout,
  mergeRun: number,
  options: { readonly golden?: string | undefined; readonly force?: boolean | undefined; readonly onProgress?: ((event: { stage: string; count: number }) => void) | undefined } = {},
): Promise<UndoCounts> {
  await settlePendingBatches(workspace, database, layout, mergeRun);
  let query = workspace.db
    .selectFrom('stw_merge_log as l')
    .innerJoin('stw_merge_batches as b', (join) => join.onRef('b.merge_run', '=', 'l.merge_run').onRef('b.batch', '=', 'l.batch'))
    .select(['l.batch', 'l.golden_id', 'l.before'])
    .where('l.merge_run', '=', mergeRun)
    .where('b.status', '=', 'committed')
    .where('l.undone_at', 'is', null);
  if (options.golden !== undefined) query = query.where('l.golden_id', '=', options.golden);
  const logged = await query.orderBy('l.batch', 'desc').execute();
  if (options.golden !== undefined && logged.length === 0) {
    throw new InputError('NOT_MERGED', `golden record ${options.golden} is not merged in place by run ${mergeRun} (or was already unmerged); steward unmerge --run ${mergeRun} lists nothing left to undo then`, { record: options.golden });
  }
  const byBatch = new Map<number, { golden: string; image: BeforeImage }[]>();
  for (const row of logged) {
    let list = byBatch.get(row.batch);
    if (!list) byBatch.set(row.batch, (list = []));
    list.push({ golden: row.golden_id, image: JSON.parse(row.before) as BeforeImage });
  }
  const all = [...byBatch.values()].flatMap((entries) => entries.map((e) => e.image));
  if (!options.force && writesCells(all)) {
    const edited = await cellsNotHolding(batchSql(database), layout, all, 'after');
    if (edited.length > 0) throw new InputError('EDITED_SINCE', `${editedSince(edited, mergeRun)}; undoing would overwrite those edits, so nothing was changed. Give --force to put the old values back all the same`);
  }
  const counts = { clusters: 0, batches: 0, rowsRestored: 0, childRowsRestored: 0, survivorsRestored: 0, cellsRestored: 0, overwritten: 0, alreadyRestored: 0 };
  for (const [batch, entries] of byBatch) {
    // Counted once the batch has committed.
    const changed = { rowsRestored: 0, childRowsRestored: 0, survivorsRestored: 0, cellsRestored: 0, overwritten: 0 };
    let skipped = 0;
    try {
      await inTransaction(database.handle, async (trx) => {
        const s = batchSql(database, trx);
        const images = entries.map((e) => e.image);
        // Killed after the database undid this batch but before the workspace noted it: nothing to do again.
        if (!(await batchCommitted(s, layout, images))) {
          skipped = entries.length;
          return;
        }
        if (writesCells(images)) {
          // Edited since the check above (a live CRM): this batch is rolled back unless forced.
          const edited = await cellsNotHolding(s, layout, images, 'after');
          if (edited.length > 0 && !options.force) throw new RuntimeFailure('EDITED_SINCE', `${editedSince(edited, mergeRun)}; give --force to put the old values back all the same`);
          changed.overwritten += edited.length;
        }
        await restoreBatch(s, layout, images, changed);
      });
    } catch (error) {
      throw new RuntimeFailure('UNDO_BATCH_FAILED', `restoring batch ${batch} of run ${mergeRun} failed and was rolled back: ${(error as Error).message}; ${counts.batches} batch${counts.batches === 1 ? '' : 'es'} had been restored`, {}, { cause: error });
    }
    const now = new Date().toISOString();
    await workspace.db.transaction().execute(async (trx) => {
      await trx.updateTable('stw_merge_log').set({ undone_at: now }).where('merge_run', '=', mergeRun).where('batch', '=', batch).where('golden_id', 'in', entries.map((e) => e.golden)).execute();
      const left = await trx.selectFrom('stw_merge_log').select('golden_id').where('merge_run', '=', mergeRun).where('batch', '=', batch).where('undone_at', 'is', null).limit(1).execute();
      if (left.length === 0) await trx.updateTable('stw_merge_batches').set({ status: 'undone', changed_at: now }).where('merge_run', '=', mergeRun).where('batch', '=', batch).execute();
    });
    counts.batches += 1;
    counts.clusters += entries.length;
    counts.alreadyRestored += skipped;
    counts.rowsRestored += changed.rowsRestored;
    counts.childRowsRestored += changed.childRowsRestored;
    counts.survivorsRestored += changed.survivorsRestored;
    counts.cellsRestored += changed.cellsRestored;
    counts.overwritten += changed.overwritten;
    options.onProgress?.({ stage: 'unmerge', count: counts.clusters });
  }
  return counts;
}

async function restoreBatch(s: BatchSql, layout: InPlaceLayout, images: readonly BeforeImage[], counts: { rowsRestored: number; childRowsRestored: number; survivorsRestored: number; cellsRestored: number }): Promise<void> {
  // The merged-away rows first, so the related rows can point at them again.
  const soft = layout.softDelete;
  if (soft) {
    const flags = new Map<unknown, unknown>();
    for (const image of images) for (const [key, old] of image.flagged) flags.set(decodeValue(key), decodeValue(old));
    counts.rowsRestored += await updateByKey(s, layout.table, layout.key, new Map([[soft.column, flags]]));
  } else {
    // Back under its hidden row number too (SQLite's rowid), so a plain select * lists it where it was; unless a
    // row inserted since the merge took that number.
    const removed = images.flatMap((image) => image.removed.map(decodeRow));
    const rowId = layout.rowId;
    const numbers = rowId ? removed.map((row) => row[ROW_ID]).filter((n) => n !== undefined && n !== null) : [];
    const taken = new Set(rowId && numbers.length > 0 ? (await selectWhereIn(s, layout.table, rowId, numbers, [rowId])).map((r) => String(r[rowId])) : []);
    const rows = removed.map(({ [ROW_ID]: number, ...row }) => (rowId && number !== undefined && number !== null && !taken.has(String(number)) ? { [rowId]: number, ...row } : row));
    await insertRows(s, layout.table, rows);
    counts.rowsRestored += rows.length;
  }
  const children = new Map<string, { table: string; key: string; column: string; moves: Map<unknown, unknown> }>();
  for (const image of images) {
    for (const link of image.children) {
      const id = `${link.table}\u0000${link.column}`;
      let entry = children.get(id);
      if (!entry) children.set(id, (entry = { table: link.table, key: link.key, column: link.column, moves: new Map() }));
      for (const [key, old] of link.rows) entry.moves.set(decodeValue(key), decodeValue(old));
    }
  }
  for (const child of children.values()) {
    if (child.moves.size > 0) counts.childRowsRestored += await updateByKey(s, child.table, child.key, new Map([[child.column, child.moves]]));
  }
  const survivors = new Map<string, Map<unknown, unknown>>();
  for (const image of images) {
    for (const [column, old] of Object.entries(image.survivor.before)) {
      let values = survivors.get(column);
      if (!values) survivors.set(column, (values = new Map()));
      values.set(decodeValue(image.survivor.key), decodeValue(old));
      counts.cellsRestored += 1;
    }
  }
  counts.survivorsRestored += await updateByKey(s, layout.table, layout.key, survivors);
}
