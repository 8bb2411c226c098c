import { sqlCell } from '../../../connectors/sql/sql-table-reader.js';
import { RuntimeFailure, StewardError } from '../../../errors.js';
import type { Workspace } from '../../../workspace/workspace.js';
import { workspaceFields } from '../merge-input.js';
import type { PlannedCluster } from '../merge-plan.js';
import type { BeforeImage } from './before-image.js';
import type { InPlaceDatabase, InPlaceLayout } from './in-place-target.js';
import { decodeValue, encodeRow, encodeValue, isFlagged, sameValue } from './row-codec.js';
import { createBatchLog } from './batch-log.js';
import { cellsNotHolding, writesCells } from './written-cells.js';
import { deleteWhereIn, repoint, selectWhereIn, updateByKey, type BatchSql } from './sql-batch.js';

export interface InPlaceCounts {
  readonly batches: number;
  /** Batches this run committed; and those an earlier, interrupted run of the same merge had committed. */
  readonly committed: number;
  readonly alreadyCommitted: number;
  readonly clusters: number;
  readonly survivorsUpdated: number;
  readonly rowsRemoved: number;
  readonly childRowsRepointed: number;
}

export interface InPlaceOptions {
  readonly mergeRun: number;
  readonly batchSize: number;
  readonly onProgress?: ((event: { stage: string; count: number }) => void) | undefined;
}

/** 1, 2, 3, 5 -> "1-3, 5". */
function ranges(numbers: number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return `batch${sorted.length === 1 ? '' : 'es'} ${parts.join(', ')}`;
}

/** The clusters that change anything (two records or more), in batches of the plan's order: the same plan gives the same batches. */
export function planBatches(clusters: readonly PlannedCluster[], batchSize: number): PlannedCluster[][] {
  const merging = clusters.filter((c) => c.mergedAway.length > 0);
  const batches: PlannedCluster[][] = [];
  for (let i = 0; i < merging.length; i += batchSize) batches.push(merging.slice(i, i + batchSize));
  return batches;
}

const firstFilled = (row: Readonly<Record<string, unknown>>, columns: readonly string[]): unknown => {
  for (const column of columns) {
    const value = row[column];
    if (value !== null && value !== undefined && String(value).trim() !== '') return value;
  }
  return undefined;
};

/**
 * The survivor's new column values: for a field the golden record took from another record, that record's own
 * database value (its type and format kept); for the union's secondary and list columns, the golden value.
 */
function survivorChanges(cluster: PlannedCluster, layout: InPlaceLayout, rows: ReadonlyMap<string, Record<string, unknown>>, unionColumns: ReadonlySet<string>): Map<string, unknown> {
  const survivor = rows.get(cluster.survivor)!;
  const changes = new Map<string, unknown>();
  for (const [column, entry] of Object.entries(cluster.lineage)) {
    const columns = layout.columns[column];
    if (!columns) continue;
    const target = columns[0]!;
    let value: unknown;
    if (unionColumns.has(column)) value = cluster.values[column];
    else if (entry.record !== cluster.survivor) value = firstFilled(rows.get(entry.record) ?? {}, columns);
    else continue;
    if (value === undefined || sameValue(survivor[target], value)) continue;
    changes.set(target, value);
  }
  return changes;
}

/**
 * Merges the plan's clusters into the CRM table in place, one transaction per batch: the survivor row updated,
 * related rows re-pointed to it, the merged-away rows deleted (or flagged). Before the database commits a
 * batch, its before-images are logged in the workspace as pending; after, the batch is marked committed. A
 * failure rolls the batch back and stops; batches an earlier run committed are skipped.
 */
export async function applyInPlace(workspace: Workspace, database: InPlaceDatabase, layout: InPlaceLayout, clusters: readonly PlannedCluster[], unionColumns: ReadonlySet<string>, options: InPlaceOptions): Promise<InPlaceCounts> {
  const batches = planBatches(clusters, options.batchSize);
  const done = new Set((await workspace.db.selectFrom('stw_merge_batches').select('batch').where('merge_run', '=', options.mergeRun).where('status', '=', 'committed').execute()).map((b) => b.batch));
  const counts = { batches: batches.length, committed: 0, alreadyCommitted: 0, clusters: 0, survivorsUpdated: 0, rowsRemoved: 0, childRowsRepointed: 0 };
  const logBatch = createBatchLog(workspace, database, options.mergeRun);
  const imported = await importedRows(workspace, layout);
  const runBatch = async (number: number, batch: readonly PlannedCluster[]) => {
    // Counted once the batch has committed: a batch rolled back changed nothing.
    const changed = { survivorsUpdated: 0, rowsRemoved: 0, childRowsRepointed: 0 };
    await logBatch(number, async (s) => {
      const images = await mergeBatch(s, layout, batch, unionColumns, changed, imported);
      return batch.map((c, i) => [c.goldenId, images[i]!] as const);
    });
    counts.committed += 1;
    done.add(number);
    counts.clusters += batch.length;
    counts.survivorsUpdated += changed.survivorsUpdated;
    counts.rowsRemoved += changed.rowsRemoved;
    counts.childRowsRepointed += changed.childRowsRepointed;
    options.onProgress?.({ stage: 'merge in place', count: counts.clusters });
  };
  // Batches touch disjoint rows, so several can run side by side (one per connection); not when the table
  // points at itself (a re-pointed row of one batch could be a row another batch deletes).
  const lanes = layout.children.some((c) => c.table === layout.table) ? 1 : Math.max(1, database.capabilities.concurrentTransactions);
  let next = 0;
  let failure: { readonly number: number; readonly batch: readonly PlannedCluster[]; readonly error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < batches.length) {
      const b = next++;
      if (done.has(b + 1)) {
        counts.alreadyCommitted += 1;
        continue;
      }
      const batch = batches[b]!;
      try {
        await runBatch(b + 1, batch);
      } catch (error) {
        failure ??= { number: b + 1, batch, error };
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) {
    // Told once every lane has stopped: a batch running beside the failed one may still have committed.
    const { number, batch, error } = failure;
    const committed = done.size;
    const message = error instanceof StewardError ? error.message : (error as Error).message;
    throw new RuntimeFailure(
      'MERGE_BATCH_FAILED',
      `batch ${number} of ${batches.length} (clusters ${batch[0]!.goldenId} … ${batch.at(-1)!.goldenId}) failed and was rolled back: ${message}. ${committed === 0 ? 'No batch had committed' : `${committed} batch${committed === 1 ? '' : 'es'} had committed (${ranges([...done])}; the workspace's stw_merge_batches lists them)`}; fix the cause and run the merge again to finish, or undo with steward unmerge --run ${options.mergeRun}`,
      {},
      { cause: error },
    );
  }
  return counts;
}

/** The rows as the workspace imported them: by source id, each column's cell text (the columns a merge may itself change left out). */
type ImportedRows = (ids: readonly string[]) => Promise<Map<string, ReadonlyMap<string, string>>>;

async function importedRows(workspace: Workspace, layout: InPlaceLayout): Promise<ImportedRows> {
  const { columns } = await workspaceFields(workspace);
  // A table pointing at itself: an earlier batch may have re-pointed a row's own column, that is not a change by someone else.
  const repointed = new Set(layout.children.filter((c) => c.table === layout.table).map((c) => c.column));
  const compared = columns.map((name, at) => ({ name, at })).filter((c) => !repointed.has(c.name));
  return async (ids) => {
    const out = new Map<string, ReadonlyMap<string, string>>();
    for (let i = 0; i < ids.length; i += 10000) {
      const rows = await workspace.db.selectFrom('stw_records').select(['source_id', 'raw']).where('source_id', 'in', ids.slice(i, i + 10000)).execute();
      for (const row of rows) {
        const cells = JSON.parse(row.raw) as string[];
        out.set(row.source_id, new Map(compared.map((c) => [c.name, cells[c.at] ?? ''])));
      }
    }
    return out;
  };
}

/**
 * The rows of the batch that changed in the database since they were imported (a live CRM): the plan was made
 * from their old values, so merging them could drop what someone just wrote. Each with the columns that differ.
 */
function changedSinceImport(rows: ReadonlyMap<string, Record<string, unknown>>, imported: ReadonlyMap<string, ReadonlyMap<string, string>>): string[] {
  const changed: string[] = [];
  for (const [id, row] of rows) {
    const before = imported.get(id);
    if (!before) continue;
    const columns = [...before].filter(([column, cell]) => column in row && sqlCell(row[column]) !== cell).map(([column]) => column);
    if (columns.length > 0) changed.push(`${id} (${columns.join(', ')})`);
  }
  return changed;
}

/** One batch inside its transaction: reads the rows, re-points the related rows, updates the survivors, removes the others; returns the before-images and adds what it changed to `changed`. */
async function mergeBatch(
  s: BatchSql,
  layout: InPlaceLayout,
  batch: readonly PlannedCluster[],
  unionColumns: ReadonlySet<string>,
  changed: { survivorsUpdated: number; rowsRemoved: number; childRowsRepointed: number },
  imported: ImportedRows,
): Promise<BeforeImage[]> {
  const ids = batch.flatMap((c) => c.recordIds);
  const rows = new Map<string, Record<string, unknown>>();
  for (const row of await selectWhereIn(s, layout.table, layout.key, ids, undefined, layout.rowId)) rows.set(String(row[layout.key]), row);
  const gone = ids.filter((id) => !rows.has(id));
  if (gone.length > 0) {
    throw new RuntimeFailure('RECORD_GONE', `${gone.length} record${gone.length === 1 ? '' : 's'} of the plan no longer in ${layout.table} (${gone.slice(0, 5).join(', ')}${gone.length > 5 ? ', …' : ''}): the table changed since it was imported; import and dedupe it again`);
  }
  const soft = layout.softDelete;
  if (soft) {
    const flagged = batch.flatMap((c) => c.mergedAway).filter((id) => isFlagged(rows.get(id)![soft.column], soft.value));
    if (flagged.length > 0) throw new RuntimeFailure('ALREADY_FLAGGED', `record${flagged.length === 1 ? '' : 's'} ${flagged.slice(0, 5).join(', ')} already ${flagged.length === 1 ? 'has' : 'have'} ${soft.column} = ${String(soft.value)}: merged away before? import and dedupe the table again`);
  }
  const edited = changedSinceImport(rows, await imported(ids));
  if (edited.length > 0) {
    throw new RuntimeFailure(
      'RECORD_CHANGED',
      `${edited.length} record${edited.length === 1 ? '' : 's'} of the plan changed in ${layout.table} since ${edited.length === 1 ? 'it was' : 'they were'} imported: ${edited.slice(0, 5).join('; ')}${edited.length > 5 ? '; …' : ''}. The plan was made from the old values and merging could lose the new ones; import and dedupe the table again, then merge`,
    );
  }
  const keyOf = (id: string) => rows.get(id)![layout.key];
  // Where each merged-away key now points: its survivor's key.
  const moves = new Map<unknown, unknown>();
  // By text: a child's column may hold the key in another type than the table (SQLite).
  const clusterOfKey = new Map<string, number>();
  batch.forEach((c, i) => {
    for (const id of c.mergedAway) {
      moves.set(keyOf(id), keyOf(c.survivor));
      clusterOfKey.set(String(keyOf(id)), i);
    }
  });
  const images = batch.map((c) => ({
    survivor: { key: encodeValue(keyOf(c.survivor)), before: {} as Record<string, ReturnType<typeof encodeValue>> },
    removed: soft ? [] : c.mergedAway.map((id) => encodeRow(rows.get(id)!)),
    flagged: soft ? c.mergedAway.map((id) => [encodeValue(keyOf(id)), encodeValue(rows.get(id)![soft.column])] as const) : [],
    children: layout.children.map((link) => ({ table: link.table, column: link.column, key: link.key, rows: [] as (readonly [ReturnType<typeof encodeValue>, ReturnType<typeof encodeValue>])[] })),
  }));

  for (const [l, link] of layout.children.entries()) {
    const children = await selectWhereIn(s, link.table, link.column, [...moves.keys()], [link.key, link.column]);
    for (const child of children) images[clusterOfKey.get(String(child[link.column]))!]!.children[l]!.rows.push([encodeValue(child[link.key]), encodeValue(child[link.column])]);
    if (children.length > 0) changed.childRowsRepointed += await repoint(s, link.table, link.column, moves);
  }

  const updates = new Map<string, Map<unknown, unknown>>();
  batch.forEach((c, i) => {
    const survivor = rows.get(c.survivor)!;
    for (const [column, value] of survivorChanges(c, layout, rows, unionColumns)) {
      images[i]!.survivor.before[column] = encodeValue(survivor[column]);
      let values = updates.get(column);
      if (!values) updates.set(column, (values = new Map()));
      values.set(keyOf(c.survivor), value);
    }
  });
  changed.survivorsUpdated += await updateByKey(s, layout.table, layout.key, updates);

  const merged = [...moves.keys()];
  if (soft) changed.rowsRemoved += await updateByKey(s, layout.table, layout.key, new Map([[soft.column, new Map(merged.map((k) => [k, soft.value]))]]));
  else changed.rowsRemoved += await deleteWhereIn(s, layout.table, layout.key, merged);
  return images;
}

/**
 * Whether a batch logged as pending did commit in the database: its merged-away rows are gone (or flagged); a
 * clean's cells no longer all hold their old values. Each batch is all or nothing.
 */
export async function batchCommitted(s: BatchSql, layout: InPlaceLayout, images: readonly BeforeImage[]): Promise<boolean> {
  if (writesCells(images)) return (await cellsNotHolding(s, layout, images, 'before')).length > 0;
  const soft = layout.softDelete;
  const keys = images.flatMap((image) => (soft ? image.flagged.map(([k]) => decodeValue(k)) : image.removed.map((row) => decodeValue(row[layout.key]))));
  if (keys.length === 0) return true;
  const rows = await selectWhereIn(s, layout.table, layout.key, keys, soft ? [layout.key, soft.column] : [layout.key]);
  if (soft) return rows.length > 0 && rows.every((row) => isFlagged(row[soft.column], soft.value));
  return rows.length === 0;
}
