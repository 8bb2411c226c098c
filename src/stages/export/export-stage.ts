import { sql } from 'kysely';
import { getConnector } from '../../connectors/registry.js';
import type { OutputValue, RawFormat, ResumeContext, TargetReject, WriteContext } from '../../connectors/types.js';
import { createRawDecoder } from '../../connectors/raw-cells.js';
import { InputError } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import { GOLDEN_ID_COLUMN, RECORD_IDS_COLUMN, SOURCE_ID_COLUMN } from '../../rules/resolve.js';
import { currentGoldenRun } from '../merge/golden-store.js';
import type { ResolvedRules, ResolvedTarget } from '../../rules/resolved.js';
import type { Workspace } from '../../workspace/workspace.js';
import { RecordValues } from '../../workspace/record-values.js';
import type { StageOptions } from '../import/import-stage.js';

export interface ExportResult {
  /** Rows exported = written + rejected (rows a database target refused, each with its reason in stw_export_rejects). */
  readonly counts: { readonly written: number; readonly rejected: number };
  readonly rejectReasons: Readonly<Record<string, number>>;
  readonly rejectSamples: readonly { readonly row: number; readonly recordId: string | null; readonly code: string; readonly reason: string }[];
  /** A resumable export that went on after an interrupted run: the rows that run had handled. */
  readonly resumedAt?: number | undefined;
  /** The interrupted run's checkpoint no longer matched the records: everything was written again. */
  readonly restarted?: boolean | undefined;
  /** What was exported: one row per record, or (once merge ran) one per golden record. */
  readonly rows: 'records' | 'golden';
  readonly target: { readonly kind: string; readonly location: string; readonly table?: string | undefined; readonly mode: string };
  readonly columns: readonly string[];
  /** A multi-table target: rows written per table. */
  readonly tables?: Readonly<Record<string, number>> | undefined;
  /** A resumable multi-table export: the records per transaction and checkpoint (else it was one transaction). */
  readonly checkpointRecords?: number | undefined;
}

/** Records per page read from the workspace: small pages are done with before V8 moves them out of its young generation. */
const PAGE = 500;
const REJECT_SAMPLES = 10;
/** Once dedupe has run, each exported record says which cluster (duplicate group) it is in. */
export const CLUSTER_ID_COLUMN = 'cluster_id';

/** The output columns: source_id, the mapped fields in rule order, then (when asked) the other source columns. */
export function planColumns(
  sourceColumns: readonly string[],
  mapping: Readonly<Record<string, readonly string[]>>,
  idColumn: string | null,
  target: ResolvedTarget,
  normalizedFields?: readonly string[],
  withCluster = false,
  golden?: readonly string[],
): { names: string[]; fields: string[]; unmapped: number[] } {
  const fields = golden ? [...golden] : normalizedFields ? [...normalizedFields] : Object.keys(mapping);
  const ids = golden ? [GOLDEN_ID_COLUMN, RECORD_IDS_COLUMN] : [SOURCE_ID_COLUMN, ...(withCluster ? [CLUSTER_ID_COLUMN] : [])];
  const names = [...ids, ...fields].map((c) => columnOf(target, c));
  const unmapped: number[] = [];
  if (target.unmapped) {
    // A field shows one value: its best non-empty column. The other columns it was mapped from (Email 2,
    // Home Phone) are exported too, under their own names, so no source value is left behind.
    const mapped = new Set<string>(Object.values(mapping).map((columns) => columns[0]!));
    if (idColumn !== null) mapped.add(idColumn);
    const taken = new Set(names);
    sourceColumns.forEach((column, index) => {
      if (mapped.has(column)) return;
      let name = column;
      while (taken.has(name)) name = `${name} (source)`;
      taken.add(name);
      names.push(name);
      unmapped.push(index);
    });
  }
  return { names, fields, unmapped };
}

/**
 * Writes the workspace's records to the target, in record order, all or nothing. Once merge has run (on the
 * clusters the workspace holds), it writes the golden records instead: golden_id, record_ids (;-joined), the
 * golden values, and the survivor's unmapped source columns.
 */
export async function exportRecords(rules: ResolvedRules, workspace: Workspace, options: StageOptions): Promise<ExportResult> {
  const target = rules.target;
  if (!target) throw new InputError('NO_TARGET', 'nothing to export to: the rule file has no target; add target: (e.g. target: { csv: out.csv }) or pass --output FILE');
  if (target.tables) return (await import('./multi-table/export-to-tables.js')).exportToTables(rules, workspace, options);
  const connector = getConnector(target.kind);
  const sourceRow = await workspace.db.selectFrom('stw_sources').selectAll().executeTakeFirst();
  if (!sourceRow) throw new InputError('NOTHING_IMPORTED', `the workspace ${workspace.file} holds no import yet; run steward import first`);
  const sourceColumns = JSON.parse(sourceRow.columns) as string[];
  const mapping = JSON.parse(sourceRow.mapping) as Record<string, string[]>;
  const golden = await currentGoldenRun(workspace);
  const clustered = !golden && target.clusterId && (await workspace.db.selectFrom('stw_clusters').select('record_id').where('side', '=', 0).limit(1).execute()).length > 0;
  const plan = planColumns(sourceColumns, mapping, sourceRow.id_column, target, sourceRow.fields ? (JSON.parse(sourceRow.fields) as string[]) : undefined, clustered, golden?.columns);
  const decodeRaw = createRawDecoder(JSON.parse(sourceRow.raw_format) as RawFormat, sourceColumns);
  // Without a key of its own, an upsert is keyed by the id of what is exported.
  const key = golden && !target.keyDeclared && target.key.length > 0 ? [GOLDEN_ID_COLUMN] : target.key;
  const writer = await connector.openWriter({ ...target, key: key.map((k) => columnOf(target, k)) });

  // The raw record only when unmapped columns are exported: a million rows read less.
  const what = { golden: golden !== undefined, clustered, raw: plan.unmapped.length > 0 };
  const width = plan.names.length;
  const ids = golden || clustered ? 2 : 1;
  /** One output row: the ids, the fields from `data`, then the unmapped source columns from the raw record. */
  const toRow: RecordMaker<OutputValue[], FieldValues> = (firstId, secondId, values, raw) => {
    const row = new Array<OutputValue>(width);
    row[0] = firstId;
    if (ids === 2) row[1] = secondId!;
    let at = ids;
    for (let i = 0; i < values.length; i++) row[at++] = emptyToNull(values[i]);
    if (plan.unmapped.length > 0) {
      const cells = decodeRaw(raw);
      for (const index of plan.unmapped) row[at++] = emptyToNull(cells[index]);
    }
    return row;
  };
  const rows = () => recordPages(workspace, what, options, fieldValues(plan.fields), toRow);

  const targetLabel = `${target.kind} ${connector.isFile ? target.location : redactUrl(target.location)}${connector.needsTable ? `#${target.table}` : ''}`;
  const rejects = collectRejects(workspace, options.runId, targetLabel);
  // The first column is the record's id (source_id, or golden_id once merged): the workspace keeps them unique.
  const context: WriteContext = { onReject: rejects.add, uniqueColumns: [plan.names[0]!], ...(target.resumable ? { resume: { ...checkpointStore(workspace, rules.job, targetLabel, options.runId), rewind: rows } } : {}) };
  const result = await writer.write(plan.names, rows(), context);
  return {
    counts: { written: result.written, rejected: result.rejected ?? 0 },
    rejectReasons: Object.fromEntries(Object.entries(rejects.reasons).sort(([a], [b]) => a.localeCompare(b))),
    rejectSamples: rejects.samples,
    resumedAt: result.resumedAt,
    restarted: result.restarted,
    rows: golden ? 'golden' : 'records',
    target: { kind: target.kind, location: connector.isFile ? target.location : redactUrl(target.location), table: connector.needsTable ? target.table : undefined, mode: target.mode },
    columns: plan.names,
  };
}

/** Rows the target refuses go to stw_export_rejects (all of them) and the summary (counts by reason, the first few). */
export function collectRejects(workspace: Workspace, runId: number, target: string) {
  const insert = workspace.prepare<[number, string, number, string | null, string, string, string, string]>(
    workspace.db.insertInto('stw_export_rejects').values({ run_id: 0, target: '', row: 0, record_id: null, column: '', code: '', reason: '', value: '' }),
  );
  const reasons: Record<string, number> = {};
  const samples: ExportResult['rejectSamples'][number][] = [];
  return {
    reasons,
    samples,
    add(reject: TargetReject) {
      reasons[reject.code] = (reasons[reject.code] ?? 0) + 1;
      if (samples.length < REJECT_SAMPLES) samples.push({ row: reject.row, recordId: reject.recordId, code: reject.code, reason: reject.reason });
      insert(runId, target, reject.row, reject.recordId, reject.column, reject.code, reject.reason, reject.value);
    },
  };
}

/** A resumable export's checkpoint: one row per (job, target) in stw_export_checkpoints, removed once the export finishes. */
export function checkpointStore(workspace: Workspace, job: string, target: string, runId: number): Omit<ResumeContext, 'rewind'> {
  const mine = () => workspace.db.selectFrom('stw_export_checkpoints').where('job', '=', job).where('target', '=', target);
  return {
    load: async () => mine().select(['rows', 'written', 'rejected', 'hash']).executeTakeFirst(),
    async save(checkpoint) {
      const row = { job, target, run_id: runId, ...checkpoint, updated_at: new Date().toISOString() };
      await workspace.db
        .insertInto('stw_export_checkpoints')
        .values(row)
        .onConflict((oc) => oc.columns(['job', 'target']).doUpdateSet({ run_id: runId, rows: checkpoint.rows, written: checkpoint.written, rejected: checkpoint.rejected, hash: checkpoint.hash, updated_at: row.updated_at }))
        .execute();
    },
    async clear() {
      await workspace.db.deleteFrom('stw_export_checkpoints').where('job', '=', job).where('target', '=', target).execute();
    },
  };
}

/** The target column of a field: its rename in target.columns, else its own name (a field named constructor is no rename). */
function columnOf(target: ResolvedTarget, field: string): string {
  return Object.hasOwn(target.columns, field) ? target.columns[field]! : field;
}

function emptyToNull(value: string | null | undefined): OutputValue {
  return value === undefined || value === '' ? null : value;
}

/** A record as exported: its ids (golden_id and record_ids; or source_id, and the cluster id when asked), its values, its raw text ('' when not asked for). */
export interface ExportedRecord {
  readonly ids: string[];
  readonly data: Record<string, string>;
  readonly raw: string;
}

/**
 * Makes what a page holds from one record: its ids (the second only for golden records and clustered exports), its
 * values (as the page's decoder reads them) and raw text.
 */
type RecordMaker<T, D> = (firstId: string, secondId: string | undefined, data: D, raw: string) => T;

/** How a page reads a record's values: from its `data` JSON, with what normalize changed (JSON or null) on top. */
type ValueDecoder<D> = (json: string, changed: string | null) => D;

/** The record's values as an object. */
function valueObject(json: string, changed: string | null): Record<string, string> {
  const data = JSON.parse(json) as Record<string, string>;
  if (changed) Object.assign(data, JSON.parse(changed) as Record<string, string>);
  return data;
}

/** The values of the fields asked for, in their order: a string, null, or undefined for a field the record lacks. */
type FieldValues = readonly (string | null | undefined)[];

/**
 * The values of the given fields, read without an object per record (see RecordValues): a million-record export
 * spent most of its time parsing JSON. What normalize changed is parsed (it is small). Each record's values come in
 * the same array, made into its row before the next record is read.
 */
function fieldValues(fields: readonly string[]): ValueDecoder<FieldValues> {
  const reader = new RecordValues(fields);
  const values = new Array<string | null | undefined>(fields.length);
  return (json, changed) => {
    reader.read(json, values);
    if (changed) {
      const overrides = JSON.parse(changed) as Record<string, string>;
      for (let i = 0; i < fields.length; i++) if (Object.hasOwn(overrides, fields[i]!)) values[i] = overrides[fields[i]!];
    }
    return values;
  };
}

/**
 * The records an export writes, in pages in record order: the golden records once merge ran, else every record
 * with what the normalize stage changed on top of its imported values.
 */
export function exportedRecords(
  workspace: Workspace,
  what: { readonly golden: boolean; readonly clustered: boolean; readonly raw: boolean },
  options: StageOptions,
  pageSize = PAGE,
): AsyncGenerator<ExportedRecord[]> {
  return recordPages(workspace, what, options, valueObject, (firstId, secondId, data, raw) => ({ ids: secondId === undefined ? [firstId] : [firstId, secondId], data, raw }), pageSize);
}

/** The same records, each made into what the caller writes (an output row, straight from the workspace's row: no object in between). */
async function* recordPages<T, D>(
  workspace: Workspace,
  what: { readonly golden: boolean; readonly clustered: boolean; readonly raw: boolean },
  options: StageOptions,
  decode: ValueDecoder<D>,
  make: RecordMaker<T, D>,
  pageSize = PAGE,
): AsyncGenerator<T[]> {
  /**
   * Pages of rows by ranges of their cursor (seq or id): pageSize values of it each, from the first to the last (a
   * statement prepared once, each row an array; a gap in the cursor makes a page smaller), with progress.
   */
  async function* pages<R extends readonly unknown[]>(
    bounds: { first: number | null; last: number | null } | undefined,
    fetch: (after: number, upTo: number) => R[],
    convert: (row: R) => T,
  ): AsyncGenerator<T[]> {
    if (!bounds || bounds.first === null || bounds.last === null) return;
    let count = 0;
    for (let after = bounds.first - 1; after < bounds.last; after += pageSize) {
      const page = fetch(after, after + pageSize);
      if (page.length === 0) continue;
      const records = page.map(convert);
      count += records.length;
      yield records;
      options.onProgress?.({ stage: 'export', count });
    }
  }
  const restoreCache = workspace.smallCacheForScan();
  try {
    yield* scan();
  } finally {
    restoreCache();
  }

  async function* scan(): AsyncGenerator<T[]> {
    if (what.golden) {
      yield* pages(
        await workspace.db.selectFrom('stw_golden').select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last')]).executeTakeFirst(),
        workspace.prepareArrays<[string, string, string, string], [number, number]>(
          workspace.db
            .selectFrom('stw_golden as g')
            .innerJoin('stw_records as r', 'r.source_id', 'g.golden_id')
            .select(['g.golden_id', 'g.record_ids', 'g.data', 'r.raw'])
            .where('g.seq', '>', 0)
            .where('g.seq', '<=', 0)
            .orderBy('g.seq'),
        ),
        ([goldenId, recordIds, data, raw]) => make(goldenId, recordIds, decode(data, null), raw),
      );
      return;
    }
    yield* pages(
      await workspace.db.selectFrom('stw_records').select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')]).executeTakeFirst(),
      // The page's bounds are the statement's only parameters, in this order (the cluster join's side is a literal).
      workspace.prepareArrays<[string, string, string | null, string, (string | null)?], [number, number]>(
        workspace.db
          .selectFrom('stw_records as r')
          .leftJoin('stw_normalized as n', 'n.id', 'r.id')
          // The cluster only once dedupe ran, the raw record only when asked for.
          .$if(what.clustered, (q) => q.leftJoin('stw_clusters as c', (join) => join.onRef('c.record_id', '=', 'r.source_id').on('c.side', '=', sql.lit(0))))
          .select(['r.source_id', 'r.data', 'n.changed'])
          .select(what.raw ? sql<string>`r.raw`.as('raw') : sql<string>`''`.as('raw'))
          .$if(what.clustered, (q) => q.select(sql<string | null>`c.cluster_id`.as('cluster_id')))
          .where('r.id', '>', 0)
          .where('r.id', '<=', 0)
          .orderBy('r.id'),
      ),
      ([sourceId, json, changed, raw, clusterId]) => {
        // The imported values, with what the normalize stage changed on top once it ran.
        return make(sourceId, what.clustered ? (clusterId ?? sourceId) : undefined, decode(json, changed), raw ?? '');
      },
    );
  }
}
