import type { Kysely } from 'kysely';
import { InputError } from '../../errors.js';
import type { WriteMode } from '../types.js';
import type { ColumnType, ForeignKey, SqlCapabilities, SqlHandle } from './sql-capabilities.js';
import { findTable, unlistedNote } from './sql-tables.js';

/** A column of a target table: its introspected nullability and default, and its declared type. */
export interface TargetColumn extends ColumnType {
  readonly nullable: boolean;
  readonly hasDefault: boolean;
}

/** What the database says about a target table, read before any row is written. */
export interface TableShape {
  readonly table: string;
  readonly columns: readonly TargetColumn[];
  /** Column sets an upsert can be keyed by (primary key and unique indexes). */
  readonly uniqueKeys: readonly (readonly string[])[];
  readonly foreignKeys: readonly ForeignKey[];
}

export interface SchemaCheckOptions {
  readonly mode: WriteMode;
  /** Upsert key columns (output column names). */
  readonly key: readonly string[];
  /** create: true adds missing columns (as text), so they are not problems. */
  readonly create: boolean;
}

/**
 * Reads a table's columns (Kysely's introspection: names, NOT NULL, defaults) and asks the connector's catalog
 * for the rest (types, lengths, enums, generated columns, unique keys, foreign keys). Undefined when the table does not exist.
 */
export async function readTableShape(db: Kysely<any>, capabilities: SqlCapabilities, table: string): Promise<TableShape | undefined> {
  const found = await findTable(db, capabilities, table);
  if (!found) return undefined;
  const [types, uniqueKeys, foreignKeys] = await Promise.all([capabilities.columnTypes(db, table), capabilities.uniqueKeys(db, table), capabilities.foreignKeysFrom(db, table)]);
  const typeOf = new Map(types.map((t) => [t.name, t]));
  const columns = found.columns.map((c): TargetColumn => {
    const type = typeOf.get(c.name) ?? { name: c.name, type: c.dataType, kind: 'other', generated: false, autoFilled: false };
    return { ...type, autoFilled: type.autoFilled || c.isAutoIncrementing, nullable: c.isNullable, hasDefault: c.hasDefaultValue };
  });
  // Kysely's SQLite introspection leaves generated columns out: the catalog lists them, so writing one is refused as generated, not as missing.
  const listed = new Set(columns.map((c) => c.name));
  for (const type of types) if (type.generated && !listed.has(type.name)) columns.push({ ...type, nullable: true, hasDefault: false });
  return { table, columns, uniqueKeys, foreignKeys };
}

/** Every way the exported columns do not fit the table, as one line each (empty when they fit). */
export function schemaProblems(shape: TableShape, columns: readonly string[], options: SchemaCheckOptions): string[] {
  const problems: string[] = [];
  const byName = new Map(shape.columns.map((c) => [c.name, c]));
  const missing = columns.filter((c) => !byName.has(c));
  if (missing.length > 0 && !options.create) {
    problems.push(
      `it has no column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}; it has ${shape.columns.map((c) => c.name).join(', ')} (rename with target.columns, or add create: true to add them)`,
    );
  }
  const generated = columns.filter((c) => byName.get(c)?.generated);
  if (generated.length > 0) problems.push(`column${generated.length > 1 ? 's' : ''} ${generated.map((c) => `"${c}"`).join(', ')} ${generated.length > 1 ? 'are' : 'is'} computed by the database (generated) and cannot be written; map the field to another column`);
  for (const column of requiredLeftOut(shape, new Set(columns))) problems.push(`column "${column.name}" (${column.type}) is NOT NULL without a default, but no field is written to it; map a field to it (target.columns)`);
  if (options.mode === 'upsert' && options.key.length > 0) {
    if (!hasUniqueKey(shape, options.key)) {
      const known = shape.uniqueKeys.map((k) => `(${k.join(', ')})`).join(', ');
      problems.push(`${known ? `its unique keys are ${known}` : 'it has no unique key'}: upsert needs a unique index or primary key on (${options.key.join(', ')}) (create one, or choose another target.key or mode)`);
    }
  }
  return problems;
}

/** The NOT NULL columns with no default (not generated, not filled by the database) that nothing is written to. */
export function requiredLeftOut(shape: TableShape, written: ReadonlySet<string>): TableShape['columns'] {
  return shape.columns.filter((c) => !c.nullable && !c.hasDefault && !c.generated && !c.autoFilled && !written.has(c.name));
}

/** Whether `key` (its columns in any order) is the primary key or a unique index of the table: what an upsert's conflict target must be. */
export function hasUniqueKey(shape: TableShape, key: readonly string[]): boolean {
  const wanted = [...key].sort().join('\u0000');
  return shape.uniqueKeys.some((k) => [...k].sort().join('\u0000') === wanted);
}

/**
 * The schema check before any write: reads the table and throws one InputError listing every problem, so a
 * broken mapping is refused before a single row is written. Returns the shape, or undefined for a missing
 * table that create: true will make (and throws when create is off).
 */
export async function checkTargetSchema(handle: SqlHandle, capabilities: SqlCapabilities, table: string, columns: readonly string[], options: SchemaCheckOptions): Promise<TableShape | undefined> {
  const shape = await readTableShape(handle.db, capabilities, table);
  if (!shape) {
    if (options.create) return undefined;
    throw new InputError('TABLE_NOT_FOUND', `table "${table}" does not exist in ${handle.display}; add create: true to the target (or --create) to make it${unlistedNote(capabilities)}`);
  }
  const problems = schemaProblems(shape, columns, options);
  if (problems.length === 1) throw new InputError('TARGET_SCHEMA_MISMATCH', `table "${table}" in ${handle.display} does not fit the export: ${problems[0]}; nothing was written`);
  if (problems.length > 1) {
    throw new InputError('TARGET_SCHEMA_MISMATCH', `table "${table}" in ${handle.display} does not fit the export, ${problems.length} problems; nothing was written:\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`);
  }
  return shape;
}
