import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ColumnKind, ColumnType, ForeignKey } from '../sql/sql-capabilities.js';
import { groupColumns, splitTableName } from '../sql/sql-tables.js';

/** The database a table lives in: the one it names (`crm.contacts`), else the connection's. */
export const databaseOf = (table: string): { database: RawBuilder<string>; name: string } => {
  const { schema, name } = splitTableName(table);
  return { database: schema === undefined ? sql<string>`database()` : sql<string>`${schema}`, name };
};

export async function currentDatabase(db: Kysely<any>): Promise<string | null> {
  const { rows } = await sql<{ name: string | null }>`select database() as name`.execute(db);
  return rows[0]?.name ?? null;
}

/**
 * MariaDB's JSON columns (table NUL column): MariaDB keeps JSON as longtext with a json_valid check (MySQL has a
 * json type of its own). Named json, so a clean in place never writes text into one (the check would refuse it),
 * and an export checks its values as JSON.
 */
export async function mariadbJsonColumns(db: Kysely<any>, database: RawBuilder<string>): Promise<Set<string>> {
  const { rows: server } = await sql<{ mariadb: number }>`select version() like '%MariaDB%' as mariadb`.execute(db);
  // MySQL's check_constraints (8.0.16+) has no table_name; its JSON columns are json already.
  if (!server[0]?.mariadb) return new Set();
  const { rows } = await sql<{ table: string; column: string }>`
    select c.table_name as \`table\`, c.column_name as \`column\`
    from information_schema.check_constraints k
    join information_schema.columns c on c.table_schema = k.constraint_schema and c.table_name = k.table_name
    where k.constraint_schema = ${database} and c.data_type = 'longtext'
      and k.check_clause = concat('json_valid(\`', replace(c.column_name, '\`', '\`\`'), '\`)')`.execute(db);
  return new Set(rows.map((r) => `${r.table}\u0000${r.column}`));
}

/** information_schema's data_type as a coercion kind (tinyint(1), MySQL's boolean, is told apart by its column_type). */
const KINDS: Readonly<Record<string, ColumnKind>> = {
  tinyint: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  int: 'integer',
  integer: 'integer',
  bigint: 'integer',
  decimal: 'decimal',
  numeric: 'decimal',
  float: 'float',
  double: 'float',
  real: 'float',
  date: 'date',
  // Neither keeps a zone: a datetime is wall-clock time, a timestamp is read in the session's zone.
  datetime: 'timestamp',
  timestamp: 'timestamp',
  time: 'time',
  char: 'text',
  varchar: 'text',
  tinytext: 'text',
  text: 'text',
  mediumtext: 'text',
  longtext: 'text',
  json: 'json',
  uuid: 'uuid',
  enum: 'enum',
};
const BITS: Readonly<Record<string, number>> = { tinyint: 8, smallint: 16, mediumint: 24, int: 32, integer: 32, bigint: 64 };

/** enum('a','b''c') -> a, b'c: the catalog doubles a quote inside a value. */
const enumValues = (columnType: string): string[] => [...columnType.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));

/** Columns with their declared types from information_schema.columns: lengths, enum values, unsigned, tinyint(1) booleans, generated and auto_increment. */
export async function mysqlColumnTypes(db: Kysely<any>, table: string): Promise<ColumnType[]> {
  const { database, name } = databaseOf(table);
  const { rows } = await sql<{ name: string; data_type: string; column_type: string; length: number | string | null; precision: number | string | null; scale: number | string | null; extra: string }>`
    select column_name as name, data_type, column_type, character_maximum_length as length, numeric_precision as \`precision\`, numeric_scale as scale, extra
    from information_schema.columns where table_schema = ${database} and table_name = ${name} order by ordinal_position`.execute(db);
  const json = await mariadbJsonColumns(db, database);
  return rows.map((r) => {
    const base = json.has(`${name}\u0000${r.name}`) ? 'json' : r.data_type.toLowerCase();
    const type = r.column_type.toLowerCase();
    const kind: ColumnKind = /^tinyint\(1\)/.test(type) ? 'boolean' : (KINDS[base] ?? 'other');
    return {
      name: r.name,
      type: r.column_type,
      kind,
      // Characters for char and varchar; the text types count bytes, which a character count cannot check.
      maxLength: (base === 'char' || base === 'varchar') && r.length !== null ? Number(r.length) : undefined,
      bits: kind === 'integer' ? BITS[base] : undefined,
      unsigned: kind === 'integer' && /\bunsigned\b/.test(type) ? true : undefined,
      precision: kind === 'decimal' && r.precision !== null ? Number(r.precision) : undefined,
      scale: kind === 'decimal' && r.scale !== null ? Number(r.scale) : undefined,
      values: kind === 'enum' ? enumValues(r.column_type) : undefined,
      // MySQL 8 also says DEFAULT_GENERATED for an expression default: that column can be written.
      generated: /\b(virtual|stored|persistent) generated\b/i.test(r.extra),
      autoFilled: /\bauto_increment\b/i.test(r.extra),
    };
  });
}

/** The primary key first, then the unique indexes: an expression (no column name) or a prefix (sub_part) is no key for an upsert, and its index is left out. */
export async function mysqlUniqueKeys(db: Kysely<any>, table: string): Promise<string[][]> {
  const { database, name } = databaseOf(table);
  const { rows } = await sql<{ index: string; name: string | null }>`
    select index_name as \`index\`, if(sub_part is null, column_name, null) as name from information_schema.statistics
    where table_schema = ${database} and table_name = ${name} and non_unique = 0
    order by index_name <> 'PRIMARY', index_name, seq_in_index`.execute(db);
  return groupColumns(rows);
}

/** Foreign keys declared on the table, with the columns they point at (in the order of the constraint). */
export async function mysqlForeignKeysFrom(db: Kysely<any>, table: string): Promise<ForeignKey[]> {
  const { database, name } = databaseOf(table);
  const here = await currentDatabase(db);
  const { rows } = await sql<{ constraint: string; column: string; parent_schema: string; parent: string; references: string }>`
    select constraint_name as \`constraint\`, column_name as \`column\`, referenced_table_schema as parent_schema, referenced_table_name as parent, referenced_column_name as \`references\`
    from information_schema.key_column_usage
    where table_schema = ${database} and table_name = ${name} and referenced_table_name is not null
    order by constraint_name, ordinal_position`.execute(db);
  const keys = new Map<string, { columns: string[]; table: string; references: string[] }>();
  for (const r of rows) {
    const key = keys.get(r.constraint) ?? { columns: [], table: r.parent_schema === here ? r.parent : `${r.parent_schema}.${r.parent}`, references: [] };
    key.columns.push(r.column);
    key.references.push(r.references);
    keys.set(r.constraint, key);
  }
  return [...keys.values()];
}
