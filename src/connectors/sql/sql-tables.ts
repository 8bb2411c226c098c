import type { Kysely, TableMetadata } from 'kysely';
import type { SqlCapabilities } from './sql-capabilities.js';

export function splitTableName(table: string): { schema?: string; name: string } {
  const dot = table.indexOf('.');
  return dot === -1 ? { name: table } : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

export async function findTable(db: Kysely<any>, capabilities: SqlCapabilities, table: string): Promise<TableMetadata | undefined> {
  const { schema, name } = splitTableName(table);
  const wanted = schema ?? capabilities.defaultSchema;
  const tables = await db.introspection.getTables();
  return tables.find((t) => t.name === name && (wanted === undefined || t.schema === undefined || t.schema === wanted));
}
