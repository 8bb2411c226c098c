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
import { collectRejects, exportedRecords, type ExportedRecord, type ExportResult } from '../export-stage.js';
import { checkTablesBeforeWrite } from './check-tables-before-write.js';
import { createMisfitFinder, createRowCoercion, type RowCoercion } from './find-misfits.js';
import { createTableRows, type PlannedRow, type TableRecord } from './table-rows.js';
import { uuidV5 } from './uuid-v5.js';

/**
 * A multi-table migration: each exported record (the golden record once merge ran) becomes rows of several
 * tables: derived parents (companies by their match key), the record's own row with its references, child and
 * relation rows of its several values. Checked against the database first (every problem listed, nothing
 * written); then, page by page, parents before children, all in one transaction, upserted by each table's key so
 * that a second run changes nothing.
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
  const written: Record<string, number> = Object.fromEntries(tables.map((t) => [t.name, 0]));
  const seen = new Map(tables.map((t) => [t.name, new Set<string>()]));
  // Ids of derived parents live for the whole run (a company appears again pages later); a record's own rows only for its page.
  const distinctIds = new Map(tables.filter((t) => t.rows.mode === 'distinct').map((t) => [t.name, new Map<string, string>()]));
  const keysSeen = new Map(tables.map((t) => [t.name, new Map<string, string>()]));
  const records = { exported: 0, written: 0, rejected: 0 };
  const rejects = collectRejects(workspace, options.runId, `${target.kind} ${redactUrl(target.location)}`);

  const { handle, capabilities, found } = await openCheckedTarget(rules);
  try {
    const truncate = target.truncate ?? false;
    const coercions = tables.map((table) => createRowCoercion(table, found.get(table.name)!, truncate));
    const findMisfits = createMisfitFinder(tables, planners, tables.map((table) => createRowCoercion(table, found.get(table.name)!, truncate, true)), seen, distinctIds);
    await inTransaction(handle, async (trx) => {
      for await (const page of exportedRecords(workspace, { golden: golden !== undefined, clustered: false, raw: false }, options)) {
        const all = page.map(toTableRecord);
        // The records with a value that does not fit are left out whole (with their child rows), each with its reason.
        const misfits = findMisfits(all);
        all.forEach((record, i) => {
          const misfit = misfits.get(record.id);
          if (!misfit) return;
          const { column, code, value } = misfit.misfit;
          rejects.add({ row: records.exported + i + 1, recordId: record.id, column: `${misfit.table}.${column}`, code, reason: misfit.reason, value });
        });
        const kept = misfits.size === 0 ? all : all.filter((record) => !misfits.has(record.id));
        records.exported += all.length;
        records.rejected += misfits.size;
        records.written += kept.length;
        const ids = new Map<string, Map<string, string>>();
        for (const [i, table] of tables.entries()) {
          const rows = planners[i]!.plan(kept, ids, seen.get(table.name)!);
          for (const row of rows) coerceOrFail(table, coercions[i]!, row);
          const tableIds = distinctIds.get(table.name) ?? new Map<string, string>();
          ids.set(table.name, tableIds);
          checkKeys(table, rows, keysSeen.get(table.name)!);
          await writeRows(trx, capabilities, table, rows, { job: rules.job, batchSize: target.batchSize }, tableIds);
          written[table.name] = written[table.name]! + rows.length;
        }
      }
    });
  } catch (error) {
    if (error instanceof StewardError) throw error;
    throw new RuntimeFailure('TARGET_WRITE_FAILED', `writing to ${handle.display} failed, nothing was written: ${(error as Error).message}`, {}, { cause: error });
  } finally {
    await handle.close();
  }
  return {
    counts: { written: records.written, rejected: records.rejected },
    rejectReasons: Object.fromEntries(Object.entries(rejects.reasons).sort(([a], [b]) => a.localeCompare(b))),
    rejectSamples: rejects.samples,
    rows: golden ? 'golden' : 'records',
    target: { kind: target.kind, location: redactUrl(target.location), mode: 'upsert' },
    columns: [],
    tables: written,
  };
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
      `a row of table "${table.name}" (${describeNatural(row.natural)}) does not fit: ${result.misfit.reason}; nothing was written`,
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
    // The same job, table and natural key give the same id on every run: the upsert finds the row again.
    const uuid = uuidV5(`${run.job}\u0000${table.name}\u0000${row.natural}`);
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
  // Serial and auto-increment ids come back by the key: one select per chunk (MySQL returns only a batch's first id).
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
      `the ids of ${lost.length} row${lost.length === 1 ? '' : 's'} of table "${table.name}" could not be read back by its key (${table.key.join(', ')}), first ${describeNatural(lost[0]!.natural)}; does the key's column change the values written (length, collation)? Nothing was written`,
    );
  }
}
