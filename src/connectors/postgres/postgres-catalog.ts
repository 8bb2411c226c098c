import { sql, type Kysely } from 'kysely';
import type { ColumnKind, ColumnType, ForeignKey } from '../sql/sql-capabilities.js';
import { groupColumns, splitTableName } from '../sql/sql-tables.js';

/** PostgreSQL's base type names (pg_type.typname, domains resolved) as coercion kinds. */
const KINDS: Readonly<Record<string, ColumnKind>> = {
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  numeric: 'decimal',
  float4: 'float',
  float8: 'float',
  bool: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  time: 'time',
  text: 'text',
  varchar: 'text',
  bpchar: 'text',
  citext: 'text',
  name: 'text',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'json',
};
const BITS: Readonly<Record<string, number>> = { int2: 16, int4: 32, int8: 64 };

/** Columns with their declared types from pg_attribute (domains resolved to their base type, enum labels listed). */
export async function postgresColumnTypes(db: Kysely<any>, table: string): Promise<ColumnType[]> {
  const { schema = 'public', name } = splitTableName(table);
  const { rows } = await sql<{ name: string; type: string; base: string; typtype: string; typmod: number; generated: string; identity: string; serial: boolean; labels: string[] | null }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, bt.typname as base, bt.typtype,
      case when t.typtype = 'd' then t.typtypmod else a.atttypmod end as typmod, a.attgenerated as generated, a.attidentity as identity,
      coalesce(pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false) as serial,
      (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = bt.oid) as labels
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where c.relname = ${name} and n.nspname = ${schema} and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  return rows.map((r) => {
    const kind: ColumnKind = r.typtype === 'e' ? 'enum' : (KINDS[r.base] ?? 'other');
    const modifier = r.typmod;
    return {
      name: r.name,
      type: r.type,
      kind,
      // varchar(n) and char(n) keep n + 4 in the type modifier; numeric(p, s) keeps ((p << 16) | s) + 4.
      maxLength: kind === 'text' && modifier > 4 ? modifier - 4 : undefined,
      precision: r.base === 'numeric' && modifier > 4 ? ((modifier - 4) >> 16) & 0xffff : undefined,
      scale: r.base === 'numeric' && modifier > 4 ? (modifier - 4) & 0xffff : undefined,
      bits: BITS[r.base],
      values: r.labels ?? undefined,
      generated: r.generated !== '',
      autoFilled: r.identity !== '' || r.serial,
    };
  });
}

/** The primary key first, then the unique indexes an ON CONFLICT can name: key columns only (not INCLUDE), no partial or expression indexes. */
export async function postgresUniqueKeys(db: Kysely<any>, table: string): Promise<string[][]> {
  const { schema = 'public', name } = splitTableName(table);
  // An expression's column (attnum 0) has no name, so groupColumns leaves that index out.
  const { rows } = await sql<{ index: string; name: string | null }>`
    select i.indexrelid::text as "index", a.attname as name from pg_index i
    join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
    cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, position)
    left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum and k.attnum > 0
    where i.indisunique and i.indpred is null and k.position <= i.indnkeyatts and t.relname = ${name} and n.nspname = ${schema}
    order by i.indisprimary desc, i.indexrelid, k.position`.execute(db);
  return groupColumns(rows);
}

/** Foreign keys declared on the table, with the columns they point at (in the order of the constraint). */
export async function postgresForeignKeysFrom(db: Kysely<any>, table: string): Promise<ForeignKey[]> {
  const { schema = 'public', name } = splitTableName(table);
  const { rows } = await sql<{ columns: string[]; parent_schema: string; parent: string; references: string[] }>`
    select array(select a.attname::text from unnest(f.conkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum order by k.n) as columns,
      pn.nspname as parent_schema, p.relname as parent,
      array(select a.attname::text from unnest(f.confkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.attnum order by k.n) as "references"
    from pg_constraint f join pg_class c on c.oid = f.conrelid join pg_namespace ns on ns.oid = c.relnamespace
    join pg_class p on p.oid = f.confrelid join pg_namespace pn on pn.oid = p.relnamespace
    where f.contype = 'f' and c.relname = ${name} and ns.nspname = ${schema}
    order by f.conname`.execute(db);
  return rows.map((r) => ({ columns: r.columns, table: r.parent_schema === 'public' ? r.parent : `${r.parent_schema}.${r.parent}`, references: r.references }));
}
