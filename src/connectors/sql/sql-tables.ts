import type { Kysely, TableMetadata } from 'kysely';
import type { SqlCapabilities } from './sql-capabilities.js';

export function splitTableName(table: string): { schema?: string; name: string } {
  const dot = table.indexOf('.');
  return dot === -1 ? { name: table } : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

export async function findTable(db: Kysely<any>, capabilities: SqlCapabilities, table: string): Promise<TableMetadata | undefined> {
  const { schema, name } = splitTableName(table);
  const wanted = schema ?? capabilities.defaultSchema;
  const tables = capabilities.tablesOf ? await capabilities.tablesOf(db, schema) : await db.introspection.getTables();
  return tables.find((t) => t.name === name && (wanted === undefined || t.schema === undefined || t.schema === wanted));
}

/** What to add to a "table not found" message: why the table may only seem missing, where the database hides some. */
export function unlistedNote(capabilities: SqlCapabilities): string {
  return capabilities.unlistedTables ? ` (${capabilities.unlistedTables})` : '';
}

/** Catalog rows (index, column in order) as one column list per index; an index with a null column (an expression) is left out. */
export function groupColumns(rows: readonly { readonly index: string; readonly name: string | null }[]): string[][] {
  const indexes = new Map<string, (string | null)[]>();
  for (const row of rows) indexes.set(row.index, [...(indexes.get(row.index) ?? []), row.name]);
  return [...indexes.values()].filter((columns): columns is string[] => columns.every((c) => c !== null));
}
