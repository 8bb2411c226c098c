import { sql } from 'kysely';
import { findTable, unlistedNote } from '../../../connectors/sql/sql-tables.js';
import { InputError } from '../../../errors.js';
import type { ResolvedRules } from '../../../rules/resolved.js';
import { requireRollback, type InPlaceDatabase, type InPlaceLayout } from '../../merge/in-place/in-place-target.js';
import { on } from '../../merge/in-place/sql-batch.js';
import { ColumnMapper, foldHeader } from '../../import/column-mapping.js';

/** What a clean in place reads and writes; logged with the run, so undo needs no rule file beyond the source. */
export interface CleanLayout extends InPlaceLayout {
  /** Mapped columns that do not hold text (numbers, dates, enums, JSON): read for the other fields' normalizers, never written. */
  readonly typed: Readonly<Record<string, string>>;
}

/**
 * Whether a column's declared type holds text: char, varchar, text, clob, citext and the like, or no type at all
 * (SQLite). The database's own words for its types, not its name: a typed column already keeps one form of a
 * value, and text written into it would come back in another.
 */
export function isTextType(dataType: string): boolean {
  return dataType.trim() === '' || /char|text|clob|string/i.test(dataType);
}

/** The column that identifies a row: source.id (or --id-column) when named, else the table's primary key, else the first id candidate in the table. */
function pickKey(rules: ResolvedRules, table: string, columns: readonly string[], primary: readonly string[]): string {
  const id = rules.source?.id;
  const find = (wanted: string) => columns.find((c) => foldHeader(c) === foldHeader(wanted));
  if (id?.strict) {
    const named = find(id.columns[0]!);
    if (!named) throw new InputError('COLUMN_NOT_FOUND', `the id column "${id.columns[0]}" (source.id or --id-column) is not a column of ${table}; it has ${columns.join(', ')}`, { path: 'source.id' });
    return named;
  }
  if (primary.length === 1) return primary[0]!;
  const candidate = (id?.columns ?? []).map(find).find(Boolean);
  if (candidate) return candidate;
  throw new InputError(
    'NO_KEY',
    `${table} has ${primary.length === 0 ? 'no primary key' : `a primary key of ${primary.length} columns (${primary.join(', ')})`} and none of the id columns (source.id) is one of its columns, so its rows could not be found again to write them back; name the column that identifies a row: source: { id: COLUMN } or --id-column COLUMN`,
    { path: 'source.id' },
  );
}

/**
 * Works out what a clean in place reads and writes: the source table, the column that identifies a row (checked
 * unique when it is not the primary key), and the columns each field maps (as the import maps them), noting those
 * that do not hold text; and how many rows have no key (they cannot be written back).
 */
export async function resolveCleanLayout(rules: ResolvedRules, database: InPlaceDatabase): Promise<{ readonly layout: CleanLayout; readonly rowsWithoutKey: number }> {
  const table = rules.source!.table!;
  const { db } = database.handle;
  const found = await findTable(db, database.capabilities, table);
  if (!found) {
    const names = (await db.introspection.getTables()).map((t) => t.name).sort();
    throw new InputError('TABLE_NOT_FOUND', `table "${table}" not found in ${database.display}; tables there: ${names.join(', ') || '(none)'}${unlistedNote(database.capabilities)}`);
  }
  await requireRollback(database, [table], 'a clean in place');
  const names = found.columns.map((c) => c.name);
  const primary = await database.capabilities.primaryKey(db, table);
  const key = pickKey(rules, table, names, primary);
  const { base, name } = on(db, table);
  if (!(primary.length === 1 && primary[0] === key)) {
    // Rows are written back by the key: a value two rows share would write one row's values into both.
    const shared = await base.selectFrom(name).select(sql.id(key).as('k')).where(sql<boolean>`${sql.id(key)} is not null`).groupBy(sql.id(key)).having(sql<boolean>`count(*) > 1`).limit(5).execute();
    if (shared.length > 0) {
      throw new InputError('KEY_NOT_UNIQUE', `the id column "${key}" of ${table} is not unique (${shared.map((r) => JSON.stringify(String(r['k']))).join(', ')} are on several rows), so a row could not be found again by it; name a unique column: source: { id: COLUMN } or --id-column COLUMN; nothing was changed`, { path: 'source.id' });
    }
  }
  const nulls = await base.selectFrom(name).select(sql<number>`count(*)`.as('n')).where(sql<boolean>`${sql.id(key)} is null`).executeTakeFirst();
  // The key is claimed as the id column first, so no field maps it and it is never written.
  const mapper = new ColumnMapper(rules.fields, [key]);
  mapper.update(names);
  const columns = mapper.describe(names);
  const typed: Record<string, string> = {};
  for (const column of Object.values(columns).flat()) {
    const type = found.columns.find((c) => c.name === column)!.dataType;
    if (!isTextType(type)) typed[column] = type;
  }
  return { layout: { table, key, children: [], columns, typed }, rowsWithoutKey: Number(nulls?.n ?? 0) };
}
