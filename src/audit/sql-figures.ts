import { sql, type Kysely, type RawBuilder } from 'kysely';
import { InputError, RuntimeFailure } from '../errors.js';
import { connectorForLocation } from '../connectors/registry.js';
import type { SqlCapabilities, SqlHandle } from '../connectors/sql/sql-capabilities.js';
import type { ResolvedRules } from '../rules/resolved.js';
import type { AuditRules } from '../rules/schema.js';
import { createFieldPipelines } from '../stages/normalize/field-pipelines.js';
import { collectFromRecords, type AuditRecord } from './collect-records.js';
import { auditedFields, emptyTally, type AuditFigures } from './figures.js';
import { normalizeForVerdicts, verdictFields } from './verdicts.js';
import { meets, parseThreshold } from './threshold.js';

const PAGE = 5000;

/** Opens `--db`: a connection string or SQLite file; an error that says what is allowed for anything else. */
export async function openDatabase(location: string): Promise<{ caps: SqlCapabilities; handle: SqlHandle }> {
  const connector = connectorForLocation(location);
  if (!connector?.sql) throw new InputError('BAD_DB', `--db must be a database: a postgres:// or mysql:// URL or a SQLite file (.db, .sqlite), got ${JSON.stringify(location.replace(/\/\/[^@/]*@/, '//***@'))}`);
  const caps = await connector.sql();
  return { caps, handle: await caps.open(location, false) };
}

/** The table's columns (by Kysely's introspection), or an error that lists the tables there are. */
export async function columnsOf(db: Kysely<any>, table: string, display: string): Promise<string[]> {
  const tables = await db.introspection.getTables();
  const found = tables.find((t) => t.name === table || `${t.schema}.${t.name}` === table);
  if (!found) throw new InputError('NO_TABLE', `no table "${table}" in ${display}; it has ${tables.map((t) => t.name).slice(0, 20).join(', ') || 'no tables'}`);
  return found.columns.map((c) => c.name);
}

/** The distinct values of one column (the allowed values of a reference check). */
export async function tableValues(location: string, table: string, column: string): Promise<string[]> {
  const { handle } = await openDatabase(location);
  try {
    const columns = await columnsOf(handle.db, table, handle.display);
    if (!columns.includes(column)) throw new InputError('NO_COLUMN', `table ${table} in ${handle.display} has no column "${column}"; it has ${columns.join(', ')}`);
    const rows = await handle.db.selectFrom(table).select(sql<string>`${sql.ref(column)}`.as('v')).distinct().execute();
    return rows.filter((r) => r.v !== null).map((r) => String(r.v).trim());
  } finally {
    await handle.close();
  }
}

/**
 * Audits a table where it is. Counts (records, filled values, duplicates) are SQL aggregates: nothing is
 * loaded. Checks that need a value's verdict (validity by the normalizers, references, record scores,
 * freshness) read the columns they need page by page, never the whole table at once.
 */
export async function collectFromTable(
  declared: AuditRules,
  location: string,
  table: string,
  options: { isEmpty: (v: string | null | undefined) => boolean; placeholders: readonly string[]; rules: ResolvedRules; references: ReadonlyMap<string, ReadonlySet<string>>; now: Date },
): Promise<AuditFigures> {
  const { caps, handle } = await openDatabase(location);
  let audit = declared;
  try {
    const db = handle.db;
    const columns = await columnsOf(db, table, handle.display);
    const named = [...auditedFields(audit, columns), ...(audit.freshness ? [audit.freshness.field] : [])];
    const missing = [...new Set(named.filter((f) => !columns.includes(f)))];
    // A shipped audit names fields a given table may not have: their checks are skipped, and the report says so.
    const fields = auditedFields(audit, columns).filter((f) => columns.includes(f));
    const skipped = missing.length > 0 ? [`not audited: table ${table} has no column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`] : [];
    if (audit.freshness && missing.includes(audit.freshness.field)) audit = { ...audit, freshness: undefined };
    if (fields.length === 0 && !audit.rows) throw new InputError('NO_COLUMN', `the audit names no column that table ${table} in ${handle.display} has (${missing.join(', ')}); it has ${columns.join(', ')}`);
    const key = (await caps.primaryKey(db, table))[0] ?? columns[0]!;
    const needsValues = audit.record !== undefined || audit.freshness !== undefined || Object.values(audit.fields).some((f) => f.validity !== undefined || f.references !== undefined);
    if (needsValues) {
      // Only the fields whose checks need a value's verdict go through their normalizers.
      const verdicts = verdictFields(audit);
      const pipelines = createFieldPipelines(options.rules.fields.filter((f) => fields.includes(f.name) && verdicts.has(f.name)));
      const read = [...new Set([key, ...fields, ...(audit.freshness ? [audit.freshness.field] : [])])];
      const figures = await collectFromRecords({ ...audit, fields: Object.fromEntries(Object.entries(audit.fields).filter(([f]) => fields.includes(f))) }, pages(db, table, key, read, pipelines), { isEmpty: options.isEmpty, fields, references: options.references, now: options.now });
      figures.notes.push(...skipped);
      return figures;
    }
    const text = (column: string) => trimmedText(caps, column);
    const filled = (column: string) => filledCondition(caps, column, options.placeholders);
    const aggregate = db
      .selectFrom(table)
      .select((eb) => [eb.fn.countAll<number>().as('records'), ...fields.map((f, i) => sql<number>`sum(case when ${filled(f)} then 1 else 0 end)`.as(`f${i}`))])
      .executeTakeFirstOrThrow() as Promise<Record<string, number | string | null>>;
    // Distinct values in queries of their own, only where a uniqueness check needs them (inside the main
    // aggregate a count(distinct) keeps the database from splitting the scan between workers); they run beside
    // it on the handle's other connections.
    const distinct = fields.map((f) =>
      audit.fields[f]?.unique === undefined
        ? Promise.resolve(undefined)
        : db.selectFrom(table).select(sql<number>`count(distinct ${text(f)})`.as('n')).where(sql<boolean>`${filled(f)}`).executeTakeFirstOrThrow().then((r) => Number(r.n)),
    );
    const [row, ...distinctCounts] = await Promise.all([aggregate, ...distinct]);
    const figures: AuditFigures = { records: Number(row['records']), fields: {}, notes: skipped };
    for (const [i, f] of fields.entries()) {
      const tally = emptyTally();
      tally.filled = Number(row[`f${i}`] ?? 0);
      tally.valid = tally.filled;
      const distinctValues = distinctCounts[i];
      if (distinctValues !== undefined) tally.duplicates = tally.filled - distinctValues;
      figures.fields[f] = tally;
      // Samples are shown for failing checks only: no scan for them when the field's completeness passes.
      const completeness = audit.fields[f]?.completeness;
      const threshold = completeness === undefined ? undefined : parseThreshold(typeof completeness === 'string' ? completeness : completeness.threshold);
      const failing = threshold !== undefined && !meets(figures.records === 0 ? 0 : tally.filled / figures.records, threshold);
      if (audit.samples > 0 && failing) {
        const empty = await db.selectFrom(table).select(sql<string>`${sql.ref(key)}`.as('id')).where(sql<boolean>`not (${filled(f)})`).orderBy(key).limit(audit.samples).execute();
        tally.emptySamples.push(...empty.map((r) => String(r.id)));
      }
    }
    return figures;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new RuntimeFailure('DB_FAILED', `auditing ${table} in ${handle.display} failed: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

/** A column's value as trimmed text, in SQL. */
export function trimmedText(caps: SqlCapabilities, column: string): RawBuilder<string> {
  return sql<string>`trim(cast(${sql.ref(column)} as ${sql.raw(caps.textType ?? 'text')}))`;
}

/** SQL that is true where a column holds a value: not missing, not blank, not a placeholder. */
export function filledCondition(caps: SqlCapabilities, column: string, placeholders: readonly string[]): RawBuilder<boolean> {
  const lowered = placeholders.map((p) => p.trim().toLowerCase());
  // One trim and one lower-case per value: missing, blank and placeholder values all fall in the NOT IN list.
  return sql<boolean>`coalesce(lower(${trimmedText(caps, column)}), '') not in (${sql.join(['', ...lowered])})`;
}

/** A database value as the text a file would hold: dates as ISO 8601 (a midnight as the date alone). */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString().slice(0, v.getUTCHours() === 0 && v.getUTCMinutes() === 0 ? 10 : 24) : String(v);
}

/** The table's rows in key order, page by page (each page starts after the last key of the one before), as audit records. */
async function* pages(db: Kysely<any>, table: string, key: string, read: readonly string[], pipelines: ReturnType<typeof createFieldPipelines>): AsyncIterable<AuditRecord[]> {
  let after: unknown;
  for (;;) {
    let query = db.selectFrom(table).select(read.map((c) => sql.ref(c).as(c))).orderBy(key).limit(PAGE);
    if (after !== undefined) query = query.where(sql.ref(key), '>', after);
    const rows = (await query.execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]![key];
    yield rows.map((row) => {
      const values: Record<string, string> = {};
      for (const c of read) {
        const v = cellText(row[c]);
        if (v !== null) values[c] = v;
      }
      return { id: String(row[key]), values, invalid: normalizeForVerdicts(pipelines, values) };
    });
    if (rows.length < PAGE) return;
  }
}

