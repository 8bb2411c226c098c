import { sql, type Kysely, type RawBuilder } from 'kysely';
import { splitTableName } from '../../../connectors/sql/sql-tables.js';

/**
 * The few statements an in-place run (a merge, a clean) and its undo are made of, built with Kysely (identifiers
 * quoted, values as parameters) and cut to the database's parameter limit. Each runs inside the caller's transaction.
 */
export interface BatchSql {
  readonly db: Kysely<any>;
  readonly maxParameters: number;
  /** Whether `select … for update` locks the rows read (SqlCapabilities.rowLocks). */
  readonly rowLocks?: boolean | undefined;
}

/** A CASE is tested branch by branch for every row it updates: past a few hundred keys, more statements are cheaper. */
const KEYS_PER_CASE = 250;

/** A table name that may carry its schema (`crm.contacts`), ready for Kysely. */
export function on(db: Kysely<any>, table: string): { base: Kysely<any>; name: string } {
  const { schema, name } = splitTableName(table);
  return { base: schema ? db.withSchema(schema) : db, name };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  const step = Math.max(1, size);
  for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
  return out;
}

/**
 * The next `limit` rows by `key` after `after` (from the first row without it), whole, locked for this
 * transaction where the database locks rows: keyset paging, so a page costs the same wherever it starts.
 */
export async function selectPage(s: BatchSql, table: string, key: string, after: unknown, limit: number): Promise<Record<string, unknown>[]> {
  const { base, name } = on(s.db, table);
  let query = base.selectFrom(name).selectAll().where(sql<boolean>`${sql.id(key)} is not null`);
  if (after !== undefined) query = query.where(sql<boolean>`${sql.id(key)} > ${after}`);
  query = query.orderBy(sql.id(key)).limit(limit);
  if (s.rowLocks) query = query.forUpdate();
  return (await query.execute()) as Record<string, unknown>[];
}

const inList = (column: string, values: readonly unknown[]): RawBuilder<boolean> => sql<boolean>`${sql.id(column)} in (${sql.join(values.map((v) => sql`${v}`))})`;

/** The name a row's hidden row number (capabilities.hiddenRowId) is read under, beside its columns. */
export const ROW_ID = 'stw_row_id';

/** `select <columns> from table where column in (values)`, in chunks; whole rows (and their hidden row number, when named) without columns. */
export async function selectWhereIn(s: BatchSql, table: string, column: string, values: readonly unknown[], columns?: readonly string[], rowId?: string): Promise<Record<string, unknown>[]> {
  const { base, name } = on(s.db, table);
  const rows: Record<string, unknown>[] = [];
  for (const part of chunks(values, s.maxParameters - 10)) {
    const whole = rowId ? base.selectFrom(name).selectAll().select(sql.id(rowId).as(ROW_ID)) : base.selectFrom(name).selectAll();
    const query = columns ? base.selectFrom(name).select(columns.map((c) => sql.id(c).as(c))) : whole;
    rows.push(...((await query.where(inList(column, part)).execute()) as Record<string, unknown>[]));
  }
  return rows;
}

/**
 * Sets columns of many rows to values of their own, one statement per chunk:
 * `update t set c = case key when k1 then v1 … else c end, … where key in (…)`. The else branch keeps the
 * column's type for the parameters, on every database.
 */
export async function updateByKey(s: BatchSql, table: string, key: string, updates: ReadonlyMap<string, ReadonlyMap<unknown, unknown>>): Promise<number> {
  const keys = new Set<unknown>();
  for (const values of updates.values()) for (const k of values.keys()) keys.add(k);
  if (keys.size === 0) return 0;
  const { base, name } = on(s.db, table);
  const perRow = 1 + 2 * updates.size;
  let changed = 0;
  for (const part of chunks([...keys], Math.min(KEYS_PER_CASE, Math.floor((s.maxParameters - 10) / perRow)))) {
    const inPart = new Set(part);
    const set: Record<string, RawBuilder<unknown>> = {};
    for (const [column, values] of updates) {
      const whens = [...values].filter(([k]) => inPart.has(k)).map(([k, v]) => sql`when ${k} then ${v}`);
      if (whens.length > 0) set[column] = sql`case ${sql.id(key)} ${sql.join(whens, sql` `)} else ${sql.id(column)} end`;
    }
    const result = await base.updateTable(name).set(set).where(inList(key, part)).executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}

/** Points every row whose `column` holds an old value at the new one: `update t set c = case c when old then new … end where c in (…)`. */
export async function repoint(s: BatchSql, table: string, column: string, moves: ReadonlyMap<unknown, unknown>): Promise<number> {
  return updateByKey(s, table, column, new Map([[column, moves]]));
}

export async function deleteWhereIn(s: BatchSql, table: string, column: string, values: readonly unknown[]): Promise<number> {
  const { base, name } = on(s.db, table);
  let deleted = 0;
  for (const part of chunks(values, s.maxParameters - 10)) deleted += Number((await base.deleteFrom(name).where(inList(column, part)).executeTakeFirst()).numDeletedRows);
  return deleted;
}

export async function insertRows(s: BatchSql, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const { base, name } = on(s.db, table);
  const width = Math.max(1, Object.keys(rows[0]!).length);
  for (const part of chunks(rows, Math.floor((s.maxParameters - 10) / width))) await base.insertInto(name).values(part).execute();
}
