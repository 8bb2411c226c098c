import { sql, type Kysely } from 'kysely';
import type { ColumnKind, ColumnType, ForeignKey } from '../sql/sql-capabilities.js';
import { groupColumns } from '../sql/sql-tables.js';

/**
 * A declared SQLite type as a coercion kind. SQLite stores any value in any column, so the declared type is the
 * only statement of intent there is; its affinity rules (https://sqlite.org/datatype3.html) decide the rest.
 */
function kindOf(declared: string): { kind: ColumnKind; maxLength?: number; precision?: number; scale?: number } {
  const type = declared.toUpperCase();
  const size = /\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(type);
  if (type.includes('BOOL')) return { kind: 'boolean' };
  if (type.includes('INT')) return { kind: 'integer' };
  if (type.includes('DATETIME') || type.includes('TIMESTAMP')) return { kind: 'timestamp' };
  if (type.includes('DATE')) return { kind: 'date' };
  if (type.includes('TIME')) return { kind: 'time' };
  if (type.includes('UUID')) return { kind: 'uuid' };
  if (type.includes('JSON')) return { kind: 'json' };
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return { kind: 'text', ...(size ? { maxLength: Number(size[1]) } : {}) };
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return { kind: 'float' };
  if (type.includes('NUMERIC') || type.includes('DECIMAL')) return { kind: 'decimal', ...(size ? { precision: Number(size[1]), scale: Number(size[2] ?? 0) } : {}) };
  return { kind: 'other' };
}

export async function sqliteColumnTypes(db: Kysely<any>, table: string): Promise<ColumnType[]> {
  // hidden: 2 and 3 are generated columns (virtual, stored).
  const { rows } = await sql<{ name: string; type: string; pk: number; hidden: number }>`select name, type, pk, hidden from pragma_table_xinfo(${table}) order by cid`.execute(db);
  const keys = rows.filter((r) => r.pk > 0);
  return rows.map((r) => ({
    name: r.name,
    type: r.type || '(no type)',
    ...kindOf(r.type),
    ...(kindOf(r.type).kind === 'integer' ? { bits: 64 } : {}),
    generated: r.hidden === 2 || r.hidden === 3,
    // An INTEGER PRIMARY KEY is the rowid: left out (or null), SQLite numbers the row.
    autoFilled: keys.length === 1 && r.pk === 1 && r.type.trim().toUpperCase() === 'INTEGER',
  }));
}

export async function sqliteUniqueKeys(db: Kysely<any>, table: string): Promise<string[][]> {
  // An INTEGER PRIMARY KEY is the rowid, in no index: the primary key is asked for on its own, and its index (origin pk) left out.
  const { rows: primary } = await sql<{ name: string }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
  // An expression's column has no name, so groupColumns leaves that index out: ON CONFLICT (columns) cannot name it.
  const { rows } = await sql<{ index: string; name: string | null }>`
    select il.name as "index", ii.name as name from pragma_index_list(${table}) il join pragma_index_info(il.name) ii
    where il."unique" = 1 and il.partial = 0 and il.origin <> 'pk' order by il.seq, ii.seqno`.execute(db);
  const keys = groupColumns(rows);
  return primary.length > 0 ? [primary.map((r) => r.name), ...keys] : keys;
}

export async function sqliteForeignKeysFrom(db: Kysely<any>, table: string): Promise<ForeignKey[]> {
  const { rows } = await sql<{ id: number; table: string; from: string; to: string | null }>`select id, "table", "from", "to" from pragma_foreign_key_list(${table}) order by id, seq`.execute(db);
  const keys = new Map<number, { columns: string[]; table: string; references: (string | null)[] }>();
  for (const row of rows) {
    const key = keys.get(row.id) ?? { columns: [], table: row.table, references: [] };
    key.columns.push(row.from);
    key.references.push(row.to);
    keys.set(row.id, key);
  }
  const result: ForeignKey[] = [];
  for (const key of keys.values()) {
    // `references parent` without columns points at the parent's primary key.
    const references = key.references.every((r) => r !== null)
      ? (key.references as string[])
      : (await sql<{ name: string }>`select name from pragma_table_info(${key.table}) where pk > 0 order by pk`.execute(db)).rows.map((r) => r.name);
    result.push({ columns: key.columns, table: key.table, references });
  }
  return result;
}
