import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { getConnector } from '../../../connectors/registry.js';
import type { SqlCapabilities, SqlHandle } from '../../../connectors/sql/sql-capabilities.js';
import { splitTableName } from '../../../connectors/sql/sql-tables.js';
import type { TableShape } from '../../../connectors/sql/target-schema.js';
import { inTransaction } from '../../../connectors/sql/in-transaction.js';
import { InputError, RulesError, RuntimeFailure, StewardError } from '../../../errors.js';
import { parseKeyPart } from '../../../matching/blocking-keys.js';
import { redactUrl } from '../../../redact.js';
import { locateRuleIssues } from '../../../rules/loader.js';
import type { ColumnValue, ResolvedRules, ResolvedTargetTable } from '../../../rules/resolved.js';
import { RECORD_ID_VALUE } from '../../../rules/target-tables.js';
import type { Workspace } from '../../../workspace/workspace.js';
import type { StageOptions } from '../../import/import-stage.js';
import { currentGoldenRun } from '../../merge/golden-store.js';
import { createFieldPipelines, normalizeValues } from '../../normalize/field-pipelines.js';
import type { Checkpoint } from '../../../connectors/types.js';
import { checkpointStore, collectRejects, exportedRecords, type ExportedRecord, type ExportResult } from '../export-stage.js';
import { checkTablesBeforeWrite } from './check-tables-before-write.js';
import { createMisfitFinder, createRowCoercion, type RowCoercion } from './find-misfits.js';
import { createTableRows, type PlannedRow, type TableRecord } from './table-rows.js';
import { uuidV5 } from './uuid-v5.js';

/** Records per page: each table's rows of a page go out in statements of up to batch_size rows. */
const TABLE_PAGE = 5000;

/**
 * A multi-table migration: each exported record (the golden record once merge ran) becomes rows of several
 * tables: derived parents (companies by their match key), the record's own row with its references, child and
 * relation rows of its several values. Checked against the database first (every problem listed, nothing
 * written); then, page by page, parents before children, upserted by each table's key so that a second run
 * changes nothing. All in one transaction; or, resumable, one per checkpoint_rows records (whole pages: a record's
 * rows, and the parents they point at, always commit together), each followed by a checkpoint in the workspace.
 */
export async function exportToTables(rules: ResolvedRules, workspace: Workspace, options: StageOptions): Promise<ExportResult> {
  const target = rules.target!;
  const tables = target.tables!;
  if (!(await workspace.db.selectFrom('stw_sources').select('run_id').executeTakeFirst())) {
    throw new InputError('NOTHING_IMPORTED', `the workspace ${workspace.file} holds no import yet; run steward import first`);
  }
  const golden = await currentGoldenRun(workspace);
  const toTableRecord = createRecordView(rules, tables, golden !== undefined);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const listFields = new Set(Object.values(rules.merge?.fields ?? {}).flatMap((rule) => (rule.list ? [rule.list] : [])));
  const planners = tables.map((table) => createTableRows(table, byName, listFields));
  const targetLabel = `${target.kind} ${redactUrl(target.location)}`;
  const rejects = collectRejects(workspace, options.runId, targetLabel);
  const store = target.resumable ? checkpointStore(workspace, rules.job, targetLabel, options.runId) : undefined;
  // Records per transaction: checkpoint_rows when resumable, else all. A page is never bigger than a chunk.
  const chunk = store ? Math.max(target.checkpointRows ?? 50_000, 1) : Infinity;
  const pageSize = Math.min(TABLE_PAGE, chunk);
  const records = () => exportedRecords(workspace, { golden: golden !== undefined, clustered: false, raw: false }, options, pageSize)[Symbol.asyncIterator]();

  const { handle, capabilities, found } = await openCheckedTarget(rules);
  let committed: Checkpoint | undefined;
  try {
    const truncate = target.truncate ?? false;
    const coercions = tables.map((table) => createRowCoercion(table, found.get(table.name)!, truncate));
    /** What a run carries from page to page; made again when an interrupted run's checkpoint does not match. */
    const freshRun = () => {
      const seen = new Map(tables.map((t) => [t.name, new Set<string>()]));
      // Ids of derived parents live for the whole run (a company appears again pages later); a record's own rows only for its page.
      const distinctIds = new Map(tables.filter((t) => t.rows.mode === 'distinct').map((t) => [t.name, new Map<string, string>()]));
      return {
        seen,
        distinctIds,
        keysSeen: new Map(tables.map((t) => [t.name, new Map<string, string>()])),
        findMisfits: createMisfitFinder(tables, planners, tables.map((table) => createRowCoercion(table, found.get(table.name)!, truncate, true)), seen, distinctIds),
        written: Object.fromEntries(tables.map((t) => [t.name, 0])) as Record<string, number>,
        counts: { exported: 0, written: 0, rejected: 0 },
        // What the checkpoint compares a resumed run's records with: kept only when the export is resumable.
        hash: store ? createHash('sha1').update(JSON.stringify(tables.map((t) => t.name))) : undefined,
      };
    };
    let run = freshRun();

    /**
     * One page: the records that do not fit are rejected whole (with their child rows), each with its reason; the
     * others' rows planned and written, table by table. `replay` (the pages an interrupted run committed) writes
     * nothing and records no reject: it plans and checks the same rows, with the ids of the rows it wrote read back.
     */
    const handlePage = async (db: Kysely<any>, page: readonly ExportedRecord[], replay: boolean) => {
      if (run.hash) for (const record of page) run.hash.update(`${JSON.stringify([record.ids, record.data])}\n`);
      const all = page.map(toTableRecord);
      const misfits = run.findMisfits(all);
      if (!replay) {
        all.forEach((record, i) => {
          const misfit = misfits.get(record.id);
          if (!misfit) return;
          const { column, code, value } = misfit.misfit;
          rejects.add({ row: run.counts.exported + i + 1, recordId: record.id, column: `${misfit.table}.${column}`, code, reason: misfit.reason, value });
        });
      }
      const kept = misfits.size === 0 ? all : all.filter((record) => !misfits.has(record.id));
      run.counts.exported += all.length;
      run.counts.rejected += misfits.size;
      run.counts.written += kept.length;
      const ids = new Map<string, Map<string, string>>();
      for (const [i, table] of tables.entries()) {
        const rows = planners[i]!.plan(kept, ids, run.seen.get(table.name)!);
        for (const row of rows) coerceOrFail(table, coercions[i]!, row);
        const tableIds = run.distinctIds.get(table.name) ?? new Map<string, string>();
        ids.set(table.name, tableIds);
        checkKeys(table, rows, run.keysSeen.get(table.name)!);
        if (!replay) await writeRows(db, capabilities, table, rows, { job: rules.job, batchSize: target.batchSize }, tableIds);
        else await readIds(db, capabilities, table, rows, rules.job, tableIds);
        run.written[table.name] = run.written[table.name]! + rows.length;
      }
    };

    let source = records();
    let resumedAt: number | undefined;
    let restarted = false;
    const checkpoint = await store?.load();
    if (checkpoint) {
      // Go on after the interrupted run's last commit when the records up to it are the ones it wrote.
      while (run.counts.exported < checkpoint.rows) {
        const next = await source.next();
        if (next.done) break;
        await handlePage(handle.db, next.value, true);
      }
      if (run.counts.exported === checkpoint.rows && run.hash!.copy().digest('hex') === checkpoint.hash) {
        resumedAt = checkpoint.rows;
        committed = checkpoint;
      } else {
        // What is exported changed since: write it all again (every table is upserted by its key, so that is safe).
        restarted = true;
        run = freshRun();
        await source.return?.(undefined);
        source = records();
      }
    }
    for (let end = false; !end; ) {
      const before = run.counts.exported;
      await inTransaction(handle, async (trx) => {
        while (run.counts.exported - before < chunk) {
          const next = await source.next();
          if (next.done) {
            end = true;
            return;
          }
          await handlePage(trx, next.value, false);
        }
      });
      if (!store || run.counts.exported === before) continue;
      committed = { rows: run.counts.exported, written: run.counts.written, rejected: run.counts.rejected, hash: run.hash!.copy().digest('hex') };
      await store.save(committed);
    }
    await store?.clear();
    return {
      counts: { written: run.counts.written, rejected: run.counts.rejected },
      rejectReasons: Object.fromEntries(Object.entries(rejects.reasons).sort(([a], [b]) => a.localeCompare(b))),
      rejectSamples: rejects.samples,
      ...(resumedAt !== undefined ? { resumedAt } : {}),
      ...(restarted ? { restarted } : {}),
      rows: golden ? 'golden' : 'records',
      target: { kind: target.kind, location: redactUrl(target.location), mode: 'upsert' },
      columns: [],
      tables: run.written,
      ...(store ? { checkpointRecords: chunk } : {}),
    };
  } catch (error) {
    if (error instanceof StewardError) throw error;
    const kept = committed && committed.rows > 0 ? `records 1 to ${committed.rows} are committed; run the export again to resume after them` : 'nothing was written';
    throw new RuntimeFailure('TARGET_WRITE_FAILED', `writing to ${handle.display} failed, ${kept}: ${(error as Error).message}`, {}, { cause: error });
  } finally {
    await handle.close();
  }
}

/** The target database, open, its tables checked against the rule file: every problem thrown at once, nothing written. */
async function openCheckedTarget(rules: ResolvedRules): Promise<{ handle: SqlHandle; capabilities: SqlCapabilities; found: Map<string, TableShape> }> {
  const target = rules.target!;
  const connector = getConnector(target.kind);
  if (!connector.sql) throw new InputError('TABLES_NEED_DATABASE', `target.tables needs a database target; ${target.kind} holds one table`);
  const capabilities = await connector.sql();
  const handle = await capabilities.open(target.location, true);
  try {
    const { problems, found } = await checkTablesBeforeWrite(handle.db, capabilities, target.tables!, handle.display);
    if (problems.length > 0) throw new RulesError(locateRuleIssues(rules.file, problems));
    return { handle, capabilities, found };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The pre-write check alone, before a run's first stage: a mapping the database refuses stops the run before the import, not after the merge. */
export async function checkTablesTarget(rules: ResolvedRules): Promise<void> {
  await (await openCheckedTarget(rules)).handle.close();
}

/** Each record as the tables read it; the normalizer keys (company.key) computed only when a table reads one. */
function createRecordView(rules: ResolvedRules, tables: readonly ResolvedTargetTable[], golden: boolean): (record: ExportedRecord) => TableRecord {
  const keyed = new Set<string>();
  const note = (text: string) => {
    const part = parseKeyPart(text);
    if (!('error' in part) && part.key.includes('.')) keyed.add(part.key.split('.')[0]!);
  };
  const walk = (value: ColumnValue): void => {
    if (value.kind === 'field') note(value.source);
    if (value.kind === 'list') value.sources.forEach(note);
    if (value.kind === 'json') value.entries.forEach(([, inner]) => walk(inner));
  };
  for (const table of tables) {
    if (table.rows.mode !== 'record') table.rows.sources.forEach(note);
    table.columns.forEach((c) => walk(c.value));
  }
  const pipelines = createFieldPipelines(rules.fields.filter((f) => keyed.has(f.name)));
  return (record) => {
    const id = record.ids[0]!;
    const ids = golden ? { golden_id: id, source_id: id, record_ids: record.ids[1]! } : { source_id: id };
    const keys = pipelines.length > 0 ? normalizeValues(pipelines, record.data).keys : {};
    return { id, values: { ...record.data, ...keys, ...ids, [RECORD_ID_VALUE]: id } };
  };
}

const keyText = (values: readonly unknown[]) => JSON.stringify(values.map((v) => (v === null || v === undefined ? null : String(v))));

/** Every row needs its key, and two rows of one run must not share it (one would silently overwrite the other). */
function checkKeys(table: ResolvedTargetTable, rows: readonly PlannedRow[], seen: Map<string, string>): void {
  const derived = table.id?.generate === 'uuid' && table.key.includes(table.id.column);
  for (const row of rows) {
    if (derived) continue;
    const values = table.key.map((k) => row.values[k] ?? null);
    if (values.some((v) => v === null || v === '')) {
      throw new InputError('EMPTY_KEY', `a row of table "${table.name}" (${describeNatural(row.natural)}) has no value for its key ${table.key.join(', ')}; every row needs one (map it, or give it a default)`, { path: `target.tables.${table.name}.key` });
    }
    const text = keyText(values);
    const first = seen.get(text);
    if (first !== undefined && first !== row.natural) {
      throw new InputError(
        'DUPLICATE_KEY',
        `rows ${describeNatural(first)} and ${describeNatural(row.natural)} of table "${table.name}" have the same key (${table.key.join(', ')} = ${values.join(', ')}); one would overwrite the other. Choose a key that tells them apart`,
        { path: `target.tables.${table.name}.key` },
      );
    }
    seen.set(text, row.natural);
  }
}

const describeNatural = (natural: string) => `"${natural.replace('\u0000', ' / ')}"`;

/**
 * A row made to fit its columns for the write. The records whose values do not fit were left out before (see
 * find-misfits.ts); what is left to fail here is a parent's id that its reference column does not take, a mapping
 * problem: the run stops and nothing is written.
 */
function coerceOrFail(table: ResolvedTargetTable, coerce: RowCoercion, row: PlannedRow): void {
  const result = coerce(row);
  if (result.misfit) {
    throw new InputError(
      'TARGET_VALUE_REJECTED',
      `a row of table "${table.name}" (${describeNatural(row.natural)}) does not fit: ${result.misfit.reason}; the transaction was rolled back`,
      { path: `target.tables.${table.name}.columns.${result.misfit.column}` },
    );
  }
  Object.assign(row.values, result.values);
}

/** Upserts a table's rows in statements of at most batchSize rows, then records their ids (derived, or read back). */
async function writeRows(
  db: Kysely<any>,
  capabilities: SqlCapabilities,
  table: ResolvedTargetTable,
  rows: readonly PlannedRow[],
  run: { readonly job: string; readonly batchSize: number },
  ids: Map<string, string>,
): Promise<void> {
  if (rows.length === 0) return;
  const { schema, name } = splitTableName(table.name);
  const base = schema ? db.withSchema(schema) : db;
  const id = table.id;
  const objects = rows.map((row) => {
    if (id?.generate !== 'uuid') return row.values;
    const uuid = derivedId(run.job, table, row.natural);
    ids.set(row.natural, uuid);
    return { [id.column]: uuid, ...row.values };
  });
  const columns = Object.keys(objects[0]!);
  const update = columns.filter((c) => !table.key.includes(c));
  const perStatement = Math.max(1, Math.min(run.batchSize, Math.floor(capabilities.maxParameters / Math.max(1, columns.length))));
  for (let start = 0; start < objects.length; start += perStatement) {
    await capabilities.upsert(base.insertInto(name).values(objects.slice(start, start + perStatement)), table.key, update).execute();
  }
  if (id?.generate !== 'database') return;
  await readBackIds(db, capabilities, table, rows, ids);
}

/** The same job, table and natural key give the same id on every run: the upsert finds the row again. */
const derivedId = (job: string, table: ResolvedTargetTable, natural: string) => uuidV5(`${job}\u0000${table.name}\u0000${natural}`);

/**
 * The ids of rows an interrupted run wrote (the parents of its records' child rows, and the shared parents the
 * records after its checkpoint point at): derived again, or read back by their key.
 */
async function readIds(db: Kysely<any>, capabilities: SqlCapabilities, table: ResolvedTargetTable, rows: readonly PlannedRow[], job: string, ids: Map<string, string>): Promise<void> {
  if (rows.length === 0 || !table.id) return;
  if (table.id.generate === 'uuid') {
    for (const row of rows) ids.set(row.natural, derivedId(job, table, row.natural));
    return;
  }
  await readBackIds(db, capabilities, table, rows, ids);
}

/** Serial and auto-increment ids, read back by the rows' keys: one select per chunk (MySQL returns only a batch's first id). */
async function readBackIds(db: Kysely<any>, capabilities: SqlCapabilities, table: ResolvedTargetTable, rows: readonly PlannedRow[], ids: Map<string, string>): Promise<void> {
  const id = table.id!;
  const { schema, name } = splitTableName(table.name);
  const base = schema ? db.withSchema(schema) : db;
  // A case-insensitive collation may give a key back in the stored row's case: matched again folded.
  const natural = new Map(rows.map((row) => [keyText(table.key.map((k) => row.values[k])), row.natural]));
  const folded = new Map(rows.map((row) => [keyText(table.key.map((k) => row.values[k])).toLowerCase(), row.natural]));
  const perSelect = Math.max(1, Math.floor(capabilities.maxParameters / Math.max(1, table.key.length)) - 1);
  for (let start = 0; start < rows.length; start += perSelect) {
    const chunk = rows.slice(start, start + perSelect);
    const found = await base
      .selectFrom(name)
      .select([id.column, ...table.key])
      .where((eb) =>
        table.key.length === 1
          ? eb(table.key[0]!, 'in', chunk.map((row) => row.values[table.key[0]!]))
          : eb.or(chunk.map((row) => eb.and(table.key.map((k) => eb(k, '=', row.values[k]!))))),
      )
      .execute();
    for (const row of found as Record<string, unknown>[]) {
      const text = keyText(table.key.map((k) => row[k]));
      const key = natural.get(text) ?? folded.get(text.toLowerCase());
      if (key !== undefined) ids.set(key, String(row[id.column]));
    }
  }
  // A child must never lose its parent silently: every row written has its id, or the run fails (and rolls back).
  const lost = rows.filter((row) => !ids.has(row.natural));
  if (lost.length > 0) {
    throw new RuntimeFailure(
      'IDS_NOT_READ_BACK',
      `the ids of ${lost.length} row${lost.length === 1 ? '' : 's'} of table "${table.name}" could not be read back by its key (${table.key.join(', ')}), first ${describeNatural(lost[0]!.natural)}; does the key's column change the values written (length, collation)? The transaction was rolled back`,
    );
  }
}
