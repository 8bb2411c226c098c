import { invalidFields } from '../../../audit/verdicts.js';
import { sqlCell } from '../../../connectors/sql/sql-table-reader.js';
import { RuntimeFailure, StewardError } from '../../../errors.js';
import type { Workspace } from '../../../workspace/workspace.js';
import { batchSql, createBatchLog, type LoggedImages } from '../../merge/in-place/batch-log.js';
import type { InPlaceDatabase } from '../../merge/in-place/in-place-target.js';
import { encodeValue, sameValue, type Encoded } from '../../merge/in-place/row-codec.js';
import { selectPage, selectWhereIn, updateByKey, type BatchSql } from '../../merge/in-place/sql-batch.js';
import { normalizeOwnValues, setFrom, type FieldPipeline } from '../field-pipelines.js';
import type { CleanLayout } from './clean-layout.js';

export interface CleanFieldCounts {
  /** Cells written with the normalized value. */
  readonly changed: number;
  /** Values a normalizer flagged invalid (changed or not): they keep their text, as everywhere in steward. */
  readonly invalid: number;
  /** Values normalized but not written: the column does not hold text, or a part the normalizer moved out (an extension, a title) has no column to go to. */
  readonly notWritten: number;
}

export interface CleanCounts {
  readonly rowsRead: number;
  readonly rowsChanged: number;
  readonly cellsChanged: number;
  /** Batches that changed rows and committed, one transaction each. */
  readonly batches: number;
}

export interface CleanResult {
  readonly counts: CleanCounts;
  readonly byField: Readonly<Record<string, CleanFieldCounts>>;
  /** The first few before → after of each field, in key order. */
  readonly samples: readonly { readonly key: string; readonly field: string; readonly column: string; readonly before: string; readonly after: string }[];
}

export interface CleanOptions {
  readonly run: number;
  readonly batchSize: number;
  readonly dryRun: boolean;
  readonly onProgress?: ((event: { stage: string; count: number }) => void) | undefined;
}

const SAMPLES_PER_FIELD = 3;

type Tally = Record<string, { changed: number; invalid: number; notWritten: number }>;
const tallyOf = (tally: Tally, field: string) => (tally[field] ??= { changed: 0, invalid: 0, notWritten: 0 });

interface CellChange {
  readonly field: string;
  readonly column: string;
  /** The cell as it was: text, or null for a field a normalizer filled. */
  readonly before: string | null;
  readonly after: string;
}

/**
 * What normalizing one row changes, cell by cell: each field's value is read from its first non-empty column (as
 * the import reads it) and a changed value is written back to that column (a field a normalizer filled: its first
 * column). Not written: values flagged invalid (they keep their text), columns that do not hold text, and a value
 * whose normalizer moved a part into a field with no column (the part would be lost).
 */
function rowChanges(row: Readonly<Record<string, unknown>>, layout: CleanLayout, pipelines: readonly FieldPipeline[], tally: Tally): CellChange[] {
  const values: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const [field, columns] of Object.entries(layout.columns)) {
    values[field] = '';
    for (const column of columns) {
      const cell = sqlCell(row[column]);
      if (cell.trim() !== '') {
        values[field] = cell;
        from[field] = column;
        break;
      }
    }
  }
  const result = normalizeOwnValues(pipelines, values);
  const columnOf = (field: string): string | undefined => {
    const column = from[field] ?? layout.columns[field]?.[0];
    return column !== undefined && !(column in layout.typed) && (typeof row[column] === 'string' || row[column] === null) ? column : undefined;
  };
  const blocked = new Set<string>();
  for (const change of result.changes) {
    const source = setFrom(change);
    if (source !== undefined && change[2] !== '' && columnOf(change[0]) === undefined) blocked.add(source);
  }
  const invalid = invalidFields(result.flags);
  for (const field of invalid) if (field in layout.columns) tallyOf(tally, field).invalid += 1;
  const out: CellChange[] = [];
  for (const [field, after] of Object.entries(result.changed)) {
    if (!(field in layout.columns) || invalid.has(field)) continue;
    const counts = tallyOf(tally, field);
    const column = columnOf(field);
    if (column === undefined || blocked.has(field)) {
      counts.notWritten += 1;
      continue;
    }
    const before = row[column];
    if (before === after) continue;
    out.push({ field, column, before: before as string | null, after });
  }
  return out;
}

/** A page that did not commit because the page before it failed: the run stops at the first failure. */
class PageBeforeFailed extends Error {}

/**
 * Cleans the source table in place: page by page in key order, each page read (its rows locked where the
 * database locks rows), normalized and its changed cells written back in one transaction, with the before-images
 * (and the values as the database then holds them) logged in the workspace. Only changed cells are written.
 * Where the database runs transactions side by side, the next page is read and normalized while the one before
 * is written, but pages write and commit in key order: a page writes only after the one before it committed, and
 * is rolled back when that one failed. So a run that fails leaves a prefix of committed pages, each with its images: `steward
 * undo` puts them back, and running the clean again finishes the rest. With dryRun nothing is written.
 */
export async function cleanInPlace(workspace: Workspace, database: InPlaceDatabase, layout: CleanLayout, pipelines: readonly FieldPipeline[], options: CleanOptions): Promise<CleanResult> {
  const logBatch = options.dryRun ? undefined : createBatchLog(workspace, database, options.run);
  const tally: Tally = {};
  const samples: CleanResult['samples'][number][] = [];
  const counts = { rowsRead: 0, rowsChanged: 0, cellsChanged: 0, batches: 0 };
  let lastCommitted: unknown;
  // The key the next page starts after, and whether the table has been read to its end.
  let cursor: unknown;
  let exhausted = false;
  // Resolved once the page before has read its rows (the cursor is known), and once it committed (true) or failed.
  let read: Promise<void> = Promise.resolve();
  let settled: Promise<boolean> = Promise.resolve(true);
  let pages = 0;
  let failure: { readonly page: number; readonly after: unknown; readonly error: unknown } | undefined;

  const runPage = async () => {
    const page = ++pages;
    const readBefore = read;
    const settledBefore = settled;
    let readDone!: () => void;
    let done!: (committed: boolean) => void;
    read = new Promise((resolve) => (readDone = resolve));
    settled = new Promise((resolve) => (done = resolve));
    // Counted once the page has committed: a page rolled back changed nothing.
    const seen = { rows: 0, rowsChanged: 0, cells: 0, samples: [] as typeof samples, tally: {} as typeof tally, last: undefined as unknown };
    let after: unknown;
    const change = async (s: BatchSql): Promise<LoggedImages> => {
      await readBefore;
      after = cursor;
      const rows = exhausted ? [] : await selectPage(s, layout.table, layout.key, after, options.batchSize);
      seen.rows = rows.length;
      if (rows.length < options.batchSize) exhausted = true;
      if (rows.length > 0) cursor = seen.last = rows.at(-1)![layout.key];
      readDone();
      const planned = new Map<unknown, CellChange[]>();
      for (const row of rows) {
        const cells = rowChanges(row, layout, pipelines, seen.tally);
        if (cells.length > 0) planned.set(row[layout.key], cells);
      }
      // Written once the page before has committed: pages commit in key order, and a trigger that writes beyond the
      // page (a company's contact count) never waits on a page that itself waits for this one.
      if (!(await settledBefore)) throw new PageBeforeFailed();
      if (!options.dryRun) return writeBatch(s, layout, planned, seen);
      for (const [key, cells] of planned) record(seen, key, cells);
      return [];
    };
    try {
      if (logBatch) await logBatch(page, change);
      // A dry run locks nothing: it writes nothing.
      else await change({ ...batchSql(database), rowLocks: false });
    } catch (error) {
      readDone();
      done(false);
      if (!(error instanceof PageBeforeFailed) && (failure === undefined || page < failure.page)) failure = { page, after, error };
      return;
    }
    counts.rowsRead += seen.rows;
    counts.rowsChanged += seen.rowsChanged;
    counts.cellsChanged += seen.cells;
    if (seen.cells > 0) {
      counts.batches += 1;
      lastCommitted = seen.last;
    }
    for (const [field, c] of Object.entries(seen.tally)) {
      const total = tallyOf(tally, field);
      total.changed += c.changed;
      total.invalid += c.invalid;
      total.notWritten += c.notWritten;
    }
    for (const sample of seen.samples) if (samples.filter((s) => s.field === sample.field).length < SAMPLES_PER_FIELD) samples.push(sample);
    if (seen.rows > 0) options.onProgress?.({ stage: options.dryRun ? 'clean in place (dry run)' : 'clean in place', count: counts.rowsRead });
    done(true);
  };
  const lanes = options.dryRun ? 1 : Math.max(1, database.capabilities.concurrentTransactions);
  const lane = async () => {
    while (!exhausted && failure === undefined) await runPage();
  };
  await Promise.all(Array.from({ length: lanes }, lane));

  if (failure) {
    const { page, after, error } = failure;
    const message = error instanceof StewardError ? error.message : (error as Error).message;
    throw new RuntimeFailure(
      'CLEAN_BATCH_FAILED',
      `batch ${page} (${options.batchSize} rows by ${layout.key}${after === undefined ? ' from the first' : ` after ${String(after)}`}) of the clean of ${layout.table} failed and was rolled back: ${message}. ${counts.batches === 0 ? 'No batch had changed rows' : `${counts.batches} batch${counts.batches === 1 ? '' : 'es'} before it had committed (${counts.cellsChanged} cells in ${counts.rowsChanged} rows, up to ${layout.key} ${String(lastCommitted)}) with their before-images: steward undo --run ${options.run} puts them back`}; fix the cause and run the clean again to finish`,
      {},
      { cause: error },
    );
  }
  const order = Object.keys(layout.columns);
  const byField = Object.fromEntries(Object.entries(tally).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
  return { counts, byField, samples: samples.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field)) };
}

type Seen = { rowsChanged: number; cells: number; samples: CleanResult['samples'][number][]; tally: Tally };

/** Adds a row's written cells to the batch's counts and samples. */
function record(seen: Seen, key: unknown, cells: readonly CellChange[]): void {
  seen.rowsChanged += 1;
  seen.cells += cells.length;
  for (const cell of cells) {
    const counts = tallyOf(seen.tally, cell.field);
    counts.changed += 1;
    if (counts.changed <= SAMPLES_PER_FIELD) seen.samples.push({ key: String(key), field: cell.field, column: cell.column, before: cell.before ?? '', after: cell.after });
  }
}

/**
 * Writes a page's changed cells (one statement per few hundred rows and column), then reads them back: the
 * before-image keeps each cell's old value and the value the database now holds (what undo checks is still
 * there). A cell the database keeps as it was (a padded char column) was not changed and is not logged.
 */
async function writeBatch(s: BatchSql, layout: CleanLayout, planned: ReadonlyMap<unknown, readonly CellChange[]>, seen: Seen): Promise<LoggedImages> {
  if (planned.size === 0) return [];
  const updates = new Map<string, Map<unknown, unknown>>();
  for (const [key, cells] of planned) {
    for (const cell of cells) {
      let values = updates.get(cell.column);
      if (!values) updates.set(cell.column, (values = new Map()));
      values.set(key, cell.after);
    }
  }
  await updateByKey(s, layout.table, layout.key, updates);
  const stored = new Map<string, Record<string, unknown>>();
  for (const row of await selectWhereIn(s, layout.table, layout.key, [...planned.keys()], [layout.key, ...updates.keys()])) stored.set(String(row[layout.key]), row);
  const images: [string, LoggedImages[number][1]][] = [];
  for (const [key, cells] of planned) {
    const now = stored.get(String(key));
    const written = cells.filter((cell) => now && !sameValue(now[cell.column], cell.before));
    if (written.length === 0) continue;
    const before: Record<string, Encoded> = {};
    const afterValues: Record<string, Encoded> = {};
    for (const cell of written) {
      before[cell.column] = cell.before;
      afterValues[cell.column] = encodeValue(now![cell.column]);
    }
    record(seen, key, written);
    images.push([String(key), { survivor: { key: encodeValue(key), before, after: afterValues }, removed: [], flagged: [], children: [] }]);
  }
  return images;
}
