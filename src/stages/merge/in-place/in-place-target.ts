import { getConnector } from '../../../connectors/registry.js';
import type { SqlCapabilities, SqlHandle } from '../../../connectors/sql/sql-capabilities.js';
import { findTable, unlistedNote } from '../../../connectors/sql/sql-tables.js';
import { InputError } from '../../../errors.js';
import type { ResolvedMerge, ResolvedRules } from '../../../rules/resolved.js';
import type { Workspace } from '../../../workspace/workspace.js';
import { workspaceFields } from '../merge-input.js';
import { fieldRules } from '../merge-plan.js';

/**
 * stw_merge_runs.mode of the runs that changed a database in place, with before-images: merges (`in_place`) and
 * cleans (`clean_in_place`, steward normalize --in-place). They share one log, one undo and one order.
 */
export const CLEAN_IN_PLACE = 'clean_in_place';
export const IN_PLACE_MODES: readonly string[] = ['in_place', CLEAN_IN_PLACE];

export interface ChildLink {
  readonly table: string;
  readonly column: string;
  /** The child table's primary key: re-pointed rows are logged (and restored) by it. */
  readonly key: string;
}

/** What an in-place merge changes, as logged with the merge run: enough for unmerge without the rule file's merge section. */
export interface InPlaceLayout {
  readonly table: string;
  readonly key: string;
  readonly children: readonly ChildLink[];
  readonly softDelete?: { readonly column: string; readonly value: string | number | boolean } | undefined;
  /** The table's hidden row number (SQLite's rowid), kept with a deleted row so that it is put back where it was. */
  readonly rowId?: string | undefined;
  /** Golden column -> table columns that hold it (the first is written; a donor's value is read from the first non-empty). */
  readonly columns: Readonly<Record<string, readonly string[]>>;
}

export interface InPlaceDatabase {
  readonly capabilities: SqlCapabilities;
  readonly handle: SqlHandle;
  readonly display: string;
}

/** The CRM database the records came from (the rule file's source, or --input), opened for writing (or only reading). */
export async function openSourceDatabase(rules: ResolvedRules, forWrite = true): Promise<InPlaceDatabase> {
  const source = requireDatabaseSource(rules);
  const capabilities = await getConnector(source.kind).sql!();
  const handle = await capabilities.open(source.location, forWrite);
  return { capabilities, handle, display: `${handle.display}#${source.table ?? ''}` };
}

/**
 * Refuses tables whose changes the database cannot roll back (SqlCapabilities.withoutRollback): every batch of an
 * in-place run is all or nothing, and its before-images are logged only for a batch that commits.
 */
export async function requireRollback(database: InPlaceDatabase, tables: readonly string[], what: string): Promise<void> {
  const problems: string[] = [];
  for (const table of tables) {
    const why = await database.capabilities.withoutRollback?.(database.handle.db, table);
    if (why) problems.push(`${table} ${why}`);
  }
  if (problems.length > 0) {
    throw new InputError(
      'NO_TRANSACTIONS',
      `${problems.join('; ')}: ${what} writes in transactions, and a batch that failed half-way could not be rolled back nor undone; nothing was changed. Convert the table to a transactional engine first (MySQL: alter table … engine = InnoDB)`,
    );
  }
}

/** What an in-place run is, and what to do instead with a file, for the messages that refuse a source. */
const MERGE_PURPOSE = { what: 'an in-place merge', instead: 'Merge into the workspace and export instead (steward merge without --in-place, then steward export)' };

/** Refuses, before anything is imported, a source an in-place run cannot change (none, or a file). */
export function requireDatabaseSource(rules: ResolvedRules, purpose: { readonly what: string; readonly instead: string } = MERGE_PURPOSE): NonNullable<ResolvedRules['source']> & { readonly kind: string; readonly location: string } {
  const source = rules.source;
  if (!source?.kind || source.location === undefined) {
    throw new InputError('NO_SOURCE', `${purpose.what} changes the CRM table the records came from: the rule file needs a database source (e.g. source: { postgres: \${CRM_URL}, table: contacts }) or give --input "postgres://…#contacts"`);
  }
  const connector = getConnector(source.kind);
  if (!connector.sql) {
    throw new InputError('NOT_A_DATABASE', `${purpose.what} changes a database table; the source is a ${source.kind} file (${source.location}). ${purpose.instead}`);
  }
  return { ...source, kind: source.kind, location: source.location };
}

/**
 * Works out and checks what the merge will change: the table (the source table the workspace imported), its
 * key (the source id column), the column of every golden field, the related tables re-pointed (declared in
 * the rule file and, unless switched off, the foreign keys the catalog declares) and the soft-delete flag.
 */
export async function resolveLayout(rules: ResolvedRules, merge: ResolvedMerge, workspace: Workspace, database: InPlaceDatabase, goldenColumns: readonly string[]): Promise<InPlaceLayout> {
  const source = rules.source!;
  const imported = await workspace.db.selectFrom('stw_sources').select(['kind', 'details']).executeTakeFirst();
  const importedTable = imported ? (JSON.parse(imported.details) as { table?: string }).table : undefined;
  if (!imported || imported.kind !== source.kind || importedTable !== source.table) {
    throw new InputError(
      'WORKSPACE_MISMATCH',
      `the workspace ${workspace.file} holds records imported from ${imported ? `${imported.kind}${importedTable ? ` table ${importedTable}` : ''}` : 'nothing'}, not from the ${source.kind} table ${source.table}; import and dedupe that table first (steward dedupe --rules RULES --input "…#${source.table}")`,
    );
  }
  const { db } = database.handle;
  const table = merge.inPlace.table ?? source.table!;
  const found = await findTable(db, database.capabilities, table);
  if (!found) throw new InputError('TABLE_NOT_FOUND', `table "${table}" not found in ${database.display}${unlistedNote(database.capabilities)}`);
  const tableColumns = new Set(found.columns.map((c) => c.name));
  const { mapping, idColumn, fields } = await workspaceFields(workspace);
  // Where a union keeps the other values: without a column of its own there, a value would be lost with its deleted row.
  const unionTargets = new Set<string>();
  for (const rule of fieldRules(merge, fields).values()) if (rule.name === 'union') for (const c of [...rule.into, ...(rule.list ? [rule.list] : [])]) unionTargets.add(c);
  const key = merge.inPlace.key ?? idColumn;
  if (!key) throw new InputError('NO_KEY', `the records of ${table} were read without an id column, so their rows cannot be found again; set source.id (or merge.in_place.key) to the table's primary key`);
  if (!tableColumns.has(key)) throw new InputError('COLUMN_NOT_FOUND', `merge.in_place.key "${key}" is not a column of ${table}; it has ${[...tableColumns].join(', ')}`, { path: 'merge.in_place.key' });

  const columns: Record<string, string[]> = {};
  const missing: string[] = [];
  for (const column of goldenColumns) {
    const mapped = (mapping[column] ?? []).filter((c) => tableColumns.has(c));
    if (mapped.length > 0) columns[column] = mapped;
    else if (tableColumns.has(column)) columns[column] = [column];
    else if (unionTargets.has(column) || (!(column in mapping) && !rules.fields.some((f) => f.name === column))) missing.push(column);
  }
  if (missing.length > 0) {
    throw new InputError(
      'COLUMNS_NOT_FOUND',
      `the union rules keep other values in ${missing.map((c) => `"${c}"`).join(', ')}, which ${missing.length === 1 ? 'is not a column' : 'are not columns'} of ${table}: add ${missing.length === 1 ? 'it' : 'them'} to the table, or point merge.fields.<field>.into / list at existing columns; nothing was changed`,
      { path: 'merge.fields' },
    );
  }

  const declared = merge.inPlace.children;
  const discovered = merge.inPlace.discoverChildren ? await database.capabilities.foreignKeysTo(db, table) : [];
  if (discovered.some((link) => link.references === undefined)) {
    const primary = await database.capabilities.primaryKey(db, table);
    for (const [i, link] of discovered.entries()) if (link.references === undefined && primary.length === 1) discovered[i] = { ...link, references: primary[0] };
  }
  // Rows are re-pointed by the key's values: a foreign key to another column (a unique email) would be left pointing at a deleted row.
  const elsewhere = discovered.filter((link) => link.references !== key);
  if (elsewhere.length > 0) {
    throw new InputError(
      'FOREIGN_KEY_NOT_ON_KEY',
      `${elsewhere.map((l) => `${l.table}.${l.column} references ${table}.${l.references ?? '(its primary key)'}`).join(', ')}, not the key ${key} that an in-place merge re-points rows by; nothing was changed. Merge by that key (merge.in_place.key), or drop or change the foreign key`,
      { path: 'merge.in_place' },
    );
  }
  const children: ChildLink[] = [];
  const links: { table: string; column: string; key?: string | undefined }[] = [...declared, ...discovered];
  for (const link of links) {
    if (children.some((c) => c.table === link.table && c.column === link.column)) continue;
    const child = await findTable(db, database.capabilities, link.table);
    if (!child) throw new InputError('TABLE_NOT_FOUND', `merge.in_place.children: table "${link.table}" not found in ${database.display}`, { path: 'merge.in_place.children' });
    if (!child.columns.some((c) => c.name === link.column)) {
      throw new InputError('COLUMN_NOT_FOUND', `merge.in_place.children: "${link.column}" is not a column of ${link.table}; it has ${child.columns.map((c) => c.name).join(', ')}`, { path: 'merge.in_place.children' });
    }
    let childKey = link.key;
    if (!childKey) {
      const primary = await database.capabilities.primaryKey(db, link.table);
      if (primary.length !== 1) {
        throw new InputError('NO_KEY', `table ${link.table} has ${primary.length === 0 ? 'no primary key' : `a primary key of ${primary.length} columns`}, so its re-pointed rows could not be restored one by one; declare its key: merge.in_place.children: [{ table: ${link.table}, column: ${link.column}, key: id }]`, { path: 'merge.in_place.children' });
      }
      childKey = primary[0]!;
    }
    children.push({ table: link.table, column: link.column, key: childKey });
  }
  await requireRollback(database, [table, ...new Set(children.map((c) => c.table).filter((t) => t !== table))], 'an in-place merge');
  const softDelete = merge.inPlace.softDelete;
  if (softDelete && !tableColumns.has(softDelete.column)) {
    throw new InputError('COLUMN_NOT_FOUND', `merge.in_place.soft_delete.column "${softDelete.column}" is not a column of ${table}; it has ${[...tableColumns].join(', ')}`, { path: 'merge.in_place.soft_delete.column' });
  }
  const rowId = softDelete ? undefined : await database.capabilities.hiddenRowId(db, table);
  return { table, key, children, softDelete, rowId, columns };
}
