import { createHash, type Hash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { InputError, RuntimeFailure, StewardError } from '../../errors.js';
import type { Checkpoint, OutputBatches, OutputValue, TargetSpec, TargetWriter, WriteContext } from '../types.js';
import type { BulkWrite, SqlCapabilities, SqlHandle, SqlValue } from './sql-capabilities.js';
import { splitTableName } from './sql-tables.js';
import { checkTargetSchema } from './target-schema.js';
import { createRowCoercer, type CoercedRow, type ValueReject } from './coerce-row.js';
import { inTransaction } from './in-transaction.js';

type Batch = readonly (readonly OutputValue[])[];

/**
 * Rows per group handed to a bulk path (which sends batch_size rows per write all the same). Groups of a few
 * hundred rows are done with while V8 still holds them in its young generation: with groups of 5,000 rows, a
 * million-row COPY spent about 1.8 s more collecting garbage (bench/load.bench.mjs: 7.0 s → 5.4 s).
 */
const STREAM_ROWS = 500;

/** Rows handled so far: read (written or rejected), and the hash of what was read when the write is resumable. */
interface Progress {
  rows: number;
  accepted: number;
  rejected: number;
  readonly hash?: Hash | undefined;
}

/**
 * Writes rows into a table. First the schema check (every problem at once, before any write), then each value
 * coerced to its column's type (a value that does not fit rejects its row, with the reason), then the
 * connector's bulk path (COPY, prepared statements) or multi-row INSERTs.
 *
 * Transactions: one for the whole export, so a failure leaves the table as it was; except a resumable upsert,
 * which commits every checkpointRows rows and records a checkpoint, so a killed run, run again, goes on after
 * the last committed rows (an upsert is idempotent: rows written twice come out the same).
 */
export function createSqlTableWriter(capabilities: SqlCapabilities, spec: TargetSpec): TargetWriter {
  return {
    async write(columns, batches, context: WriteContext = {}) {
      const handle = await capabilities.open(spec.location, true);
      let committed: Checkpoint | undefined;
      let undoSchema: (() => Promise<void>) | undefined;
      try {
        const keyIndexes = spec.key.map((k) => columns.indexOf(k));
        keyIndexes.forEach((index, i) => {
          if (index === -1) throw new InputError('KEY_NOT_EXPORTED', `key column "${spec.key[i]}" is not among the exported columns (${columns.join(', ')})`);
        });
        const shape = await checkTargetSchema(handle, capabilities, spec.table, columns, spec);
        const byName = new Map((shape?.columns ?? []).map((c) => [c.name, c]));
        const missing = shape ? columns.filter((c) => !byName.has(c)) : [];
        const coerce = createRowCoercer(columns, columns.map((c) => byName.get(c)), { truncate: spec.truncate ?? false });
        const upsert = spec.mode === 'upsert' ? { key: spec.key, update: columns.filter((c) => !spec.key.includes(c)) } : undefined;
        // create: true makes the table, or adds the columns a wider export brings (as text): in the first transaction
        // where DDL is transactional; before it where DDL commits, undone when the write fails before any commit.
        const changeSchema = async (db: Kysely<any>) => {
          if (!shape) await createTable(db, capabilities, spec, columns);
          for (const column of missing) await db.schema.alterTable(spec.table).addColumn(column, sql.raw(capabilities.createdColumnTypes?.text ?? 'text')).execute();
        };
        if (capabilities.ddlCommits) {
          await changeSchema(handle.db);
          undoSchema = async () => {
            if (!shape) await handle.db.schema.dropTable(spec.table).execute();
            for (const column of missing) await handle.db.schema.alterTable(spec.table).dropColumn(column).execute();
          };
        }
        const prepare = async (trx: Kysely<any>) => {
          if (!capabilities.ddlCommits) await changeSchema(trx);
          if (spec.mode === 'replace') {
            const { schema, name } = splitTableName(spec.table);
            await (schema ? trx.withSchema(schema) : trx).deleteFrom(name).execute();
          }
        };
        const send = (trx: Kysely<any>, rows: AsyncIterable<SqlValue[][]>) => writeRows(capabilities, handle, trx, { table: spec.table, columns, upsert, batches: rows, rowsPerWrite: spec.batchSize });
        const resume = spec.resumable && upsert ? context.resume : undefined;
        // Keyed by a column known to be unique (a record id), no row can repeat a key: no need to remember them all.
        const unique = spec.key.some((k) => context.uniqueColumns?.includes(k));
        let checkKey = upsert ? createKeyCheck(keyIndexes, spec.key, !unique) : undefined;
        const rowsPerBatch = capabilities.writeRows ? Math.min(spec.batchSize, STREAM_ROWS) : Math.max(1, Math.min(spec.batchSize, Math.floor(capabilities.maxParameters / Math.max(1, columns.length))));
        const accept = (source: AsyncIterator<Batch>, carry: Batch, progress: Progress) =>
          acceptRows(source, carry, progress, rowsPerBatch, (row, position) => {
            const reject = checkKey?.(row, position);
            return reject ? { reject } : coerce(row);
          }, (position, row, reject) => context.onReject?.({ row: position, recordId: row[0] ?? null, ...reject }));

        if (!resume) {
          const progress: Progress = { rows: 0, accepted: 0, rejected: 0 };
          await inTransaction(handle, async (trx) => {
            await prepare(trx);
            await send(trx, accept(batches[Symbol.asyncIterator](), [], progress));
          });
          return { written: progress.accepted, rejected: progress.rejected };
        }

        // Resumable: go on after the checkpoint when the rows up to it are the ones written then.
        const checkpoint = await resume.load();
        const freshHash = () => createHash('sha1').update(JSON.stringify(columns));
        let hash = freshHash();
        let source = batches[Symbol.asyncIterator]();
        let carry: Batch = [];
        let start: Checkpoint = { rows: 0, written: 0, rejected: 0, hash: '' };
        let restarted = false;
        if (checkpoint) {
          const skipped = await skipTo(source, checkpoint, hash, (row, position) => checkKey?.(row, position));
          if (skipped) {
            carry = skipped;
            start = checkpoint;
          } else {
            // What is exported changed since the interrupted run: write it all again (upserts make that safe).
            restarted = true;
            checkKey = createKeyCheck(keyIndexes, spec.key, !unique);
            source = resume.rewind()[Symbol.asyncIterator]();
            hash = freshHash();
          }
        }
        // A resumed run that fails before its first commit still leaves the interrupted run's rows.
        if (start.rows > 0) committed = start;
        const progress: Progress = { rows: start.rows, accepted: 0, rejected: start.rejected, hash };
        const accepted = accept(source, carry, progress)[Symbol.asyncIterator]();
        const chunk = Math.max(spec.checkpointRows ?? 50_000, 1);
        // One chunk is read ahead while the one before it commits: the database's work and ours overlap.
        let ahead = readChunk(accepted, chunk, progress);
        // The first chunk of every run prepares the table (a resumed one may find it dropped since).
        for (let first = true; ; first = false) {
          const current = await ahead;
          const committing = inTransaction(handle, async (trx) => {
            if (first) await prepare(trx);
            await send(trx, inBatches(current.batches));
          });
          ahead = current.end ? Promise.resolve({ ...current, batches: [] }) : readChunk(accepted, chunk, progress);
          try {
            await committing;
          } catch (error) {
            // Let the chunk being read finish before the handle and the workspace close under it.
            await ahead.catch(() => undefined);
            throw error;
          }
          committed = { rows: current.rows, written: start.written + current.accepted, rejected: current.rejected, hash: current.hash };
          // Committed rows live in the table the schema change made: a later failure keeps it.
          undoSchema = undefined;
          await resume.save(committed);
          if (current.end) break;
        }
        await resume.clear();
        return { written: committed!.written, rejected: committed!.rejected, ...(start.rows > 0 ? { resumedAt: start.rows } : {}), ...(restarted ? { restarted } : {}) };
      } catch (error) {
        // The error that stopped the write is the one to report, not a failure to tidy up after it.
        await undoSchema?.().catch(() => undefined);
        if (error instanceof StewardError) throw error;
        const kept = committed && committed.rows > 0 ? `rows 1 to ${committed.rows} are committed; run the export again to resume after them` : 'nothing was written';
        throw new RuntimeFailure('TARGET_WRITE_FAILED', `writing to table "${spec.table}" in ${handle.display} failed, ${kept}: ${(error as Error).message}`, {}, { cause: error });
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * An upsert names each row once: a row without a key is rejected, and a second row with a key already seen is an
 * input error (which one should win?). One Set of key texts: a one-column key is its own text, several a JSON array.
 */
function createKeyCheck(indexes: readonly number[], names: readonly string[], remember: boolean): (row: readonly OutputValue[], position: number) => ValueReject | undefined {
  const seen = new Set<string>();
  return (row, position) => {
    let text: string;
    if (indexes.length === 1) {
      const value = row[indexes[0]!];
      if (value === null || value === undefined || value === '') return emptyKey(names);
      text = value;
    } else {
      const values = indexes.map((i) => row[i] ?? null);
      if (values.some((v) => v === null || v === '')) return emptyKey(names);
      text = JSON.stringify(values);
    }
    if (!remember) return undefined;
    const before = seen.size;
    if (seen.add(text).size === before) {
      const values = indexes.map((i) => row[i]).join(', ');
      throw new InputError('DUPLICATE_KEY', `row ${position} has the same key (${names.join(', ')} = ${values}) as an earlier row; upsert needs a unique key`);
    }
    return undefined;
  };
}

const emptyKey = (names: readonly string[]): ValueReject => ({ column: names.join(', '), code: 'EMPTY_KEY', reason: `no value for the upsert key ${names.join(', ')}`, value: '' });

/**
 * The rows of `source` (after `carry`, the rest of a batch already read), each checked: batches of accepted,
 * coerced rows; a refused row goes to `onReject` with its position.
 */
async function* acceptRows(
  source: AsyncIterator<Batch>,
  carry: Batch,
  progress: Progress,
  size: number,
  check: (row: readonly OutputValue[], position: number) => CoercedRow,
  onReject: (position: number, row: readonly OutputValue[], reject: NonNullable<CoercedRow['reject']>) => void,
): AsyncGenerator<SqlValue[][]> {
  let pending: SqlValue[][] = [];
  for (let batch = carry; ; ) {
    for (const row of batch) {
      progress.rows += 1;
      progress.hash?.update(`${JSON.stringify(row)}\n`);
      const result = check(row, progress.rows);
      if (result.reject) {
        progress.rejected += 1;
        onReject(progress.rows, row, result.reject);
        continue;
      }
      pending.push(result.values);
      progress.accepted += 1;
      if (pending.length >= size) {
        yield pending;
        pending = [];
      }
    }
    const next = await source.next();
    if (next.done) break;
    batch = next.value;
  }
  if (pending.length > 0) yield pending;
}

/**
 * Reads the rows an interrupted run handled, hashing them; when they hash as the checkpoint says, returns the
 * rest of the batch the checkpoint falls in (the source goes on from there). Undefined when they differ.
 */
async function skipTo(source: AsyncIterator<Batch>, checkpoint: Checkpoint, hash: Hash, each: (row: readonly OutputValue[], position: number) => void): Promise<Batch | undefined> {
  let position = 0;
  for (;;) {
    const next = await source.next();
    if (next.done) return undefined;
    const batch = next.value;
    const take = Math.min(batch.length, checkpoint.rows - position);
    for (let i = 0; i < take; i++) {
      position += 1;
      hash.update(`${JSON.stringify(batch[i])}\n`);
      each(batch[i]!, position);
    }
    if (position === checkpoint.rows) return hash.copy().digest('hex') === checkpoint.hash ? batch.slice(take) : undefined;
  }
}

/** A chunk of accepted batches (about `limit` rows, whole batches), with the progress at its last row. */
interface Chunk {
  readonly batches: readonly SqlValue[][][];
  /** The source has no rows after this chunk. */
  readonly end: boolean;
  readonly rows: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly hash: string;
}

async function readChunk(source: AsyncIterator<SqlValue[][]>, limit: number, progress: Progress): Promise<Chunk> {
  const batches: SqlValue[][][] = [];
  let count = 0;
  let end = false;
  while (count < limit) {
    const next = await source.next();
    if (next.done) {
      end = true;
      break;
    }
    batches.push(next.value);
    count += next.value.length;
  }
  return { batches, end, rows: progress.rows, accepted: progress.accepted, rejected: progress.rejected, hash: progress.hash!.copy().digest('hex') };
}

async function* inBatches(batches: readonly SqlValue[][][]): AsyncGenerator<SqlValue[][]> {
  yield* batches;
}

/** The connector's bulk path, or multi-row INSERTs (batches sized to the parameter limit) when it has none. */
async function writeRows(capabilities: SqlCapabilities, handle: SqlHandle, trx: Kysely<any>, write: BulkWrite): Promise<number> {
  if (capabilities.writeRows) return capabilities.writeRows(handle, trx, write);
  const { schema, name } = splitTableName(write.table);
  const base = schema ? trx.withSchema(schema) : trx;
  let count = 0;
  for await (const batch of write.batches) {
    const objects = batch.map((row) => Object.fromEntries(write.columns.map((c, i) => [c, row[i] ?? null])));
    let insert = base.insertInto(name).values(objects);
    if (write.upsert) insert = capabilities.upsert(insert, write.upsert.key, write.upsert.update);
    await insert.execute();
    count += batch.length;
  }
  return count;
}

async function createTable(db: Kysely<any>, capabilities: SqlCapabilities, spec: TargetSpec, columns: readonly string[]): Promise<void> {
  const types = capabilities.createdColumnTypes ?? { text: 'text', key: 'text' };
  let create = db.schema.createTable(spec.table);
  for (const column of columns) {
    create = spec.key.includes(column) ? create.addColumn(column, sql.raw(types.key), (c) => c.notNull()) : create.addColumn(column, sql.raw(types.text));
  }
  if (spec.key.length > 0) create = create.addUniqueConstraint(`${splitTableName(spec.table).name}_key`, [...spec.key] as never[]);
  await create.execute();
}
