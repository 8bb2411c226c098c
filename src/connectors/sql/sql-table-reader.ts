import { sql } from 'kysely';
import { InputError } from '../../errors.js';
import type { SourceReader, SourceRow, SourceSpec } from '../types.js';
import type { SqlCapabilities } from './sql-capabilities.js';
import { findTable, splitTableName, unlistedNote } from './sql-tables.js';
import { cellOf } from '../jsonl/jsonl-reader.js';

const BATCH = 1000;
const foldName = (name: string) => name.toLowerCase().replace(/[\s\-_.]+/g, '');

/** A database value as the import keeps it (the text of one cell). */
export function sqlCell(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return cellOf(value);
}

/** Reads a whole table in batches through a cursor (bounded memory), in a stable order when one is known. */
export async function openSqlTableReader(capabilities: SqlCapabilities, spec: SourceSpec): Promise<SourceReader> {
  const handle = await capabilities.open(spec.location, false);
  try {
    if (!spec.table) throw new InputError('NO_TABLE', `a ${capabilities.label} source needs a table`);
    const table = await findTable(handle.db, capabilities, spec.table);
    if (!table) {
      const names = (await handle.db.introspection.getTables()).map((t) => t.name).sort();
      throw new InputError('TABLE_NOT_FOUND', `table "${spec.table}" not found in ${handle.display}; tables there: ${names.join(', ') || '(none)'}${unlistedNote(capabilities)}`);
    }
    const columns = table.columns.map((c) => c.name);
    // Read in id order when the table has an id column, so the same table gives the same records every time.
    const order = (spec.orderBy ?? []).map((c) => columns.find((column) => foldName(column) === foldName(c))).find(Boolean);
    const { schema, name } = splitTableName(spec.table);
    return {
      columns,
      rawFormat: { kind: 'json-array' },
      details: { table: spec.table, ...(order ? { order: order } : {}) },
      async *batches() {
        const base = schema ? handle.db.withSchema(schema) : handle.db;
        // selectAll and sql.id: column names are data here and may hold dots or spaces ("Legacy ID", "Tel.").
        let query = base.selectFrom(name).selectAll();
        if (order) query = query.orderBy(sql.id(order));
        let line = 0;
        let rows: SourceRow[] = [];
        for await (const record of query.stream(BATCH)) {
          line += 1;
          rows.push({ line, cells: columns.map((c) => sqlCell((record as Record<string, unknown>)[c])) });
          if (rows.length >= BATCH) {
            yield rows;
            rows = [];
          }
        }
        if (rows.length > 0) yield rows;
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
