import { createPool, type Pool } from 'mysql2';
import { CompiledQuery, Kysely, MysqlDialect, sql, type TableMetadata } from 'kysely';
import { RuntimeFailure } from '../../errors.js';
import { redactSecrets, redactUrl, urlPassword } from '../../redact.js';
import type { SqlCapabilities } from '../sql/sql-capabilities.js';
import { currentDatabase, databaseOf, mariadbJsonColumns, mysqlColumnTypes, mysqlForeignKeysFrom, mysqlUniqueKeys } from './mysql-catalog.js';
import { lockTimeoutSeconds } from '../sql/lock-timeout.js';

const POOL_SIZE = 2;

function connect(pool: Pool): Promise<void> {
  return new Promise((resolve, reject) =>
    pool.getConnection((error, connection) => {
      if (error) return reject(error);
      connection.release();
      resolve();
    }),
  );
}

export const mysqlCapabilities: SqlCapabilities = {
  label: 'MySQL',
  // mysql2 writes the values into the statement text (no placeholder limit); the server's prepared statements stop at 65535.
  maxParameters: 65535,
  // The pool's connections (connectionLimit below).
  concurrentTransactions: POOL_SIZE,
  // cast(x as text) is not MySQL: char is its text cast.
  textType: 'char',
  // Steward's own tables: utf8mb4 whatever the database's default (latin1 on a stock MariaDB); key columns need a
  // length to be indexed, and a binary collation so that "a" and "A" stay two keys, as they are everywhere else.
  createdColumnTypes: { text: 'longtext character set utf8mb4', key: 'varchar(255) character set utf8mb4 collate utf8mb4_bin' },
  unlistedTables: 'MySQL shows a user only the tables it has a privilege on: if the table exists, grant this user access to it',
  // CREATE and ALTER TABLE commit the open transaction.
  ddlCommits: true,
  // InnoDB locks the rows a `select … for update` reads until the transaction ends.
  rowLocks: true,
  async open(location) {
    const display = redactUrl(location);
    const password = urlPassword(location);
    const lockTimeout = lockTimeoutSeconds();
    const pool = createPool({
      // mysql2 reads mysql:// URLs; mariadb:// is the same server.
      uri: location.replace(/^mariadb:/i, 'mysql:'),
      connectionLimit: POOL_SIZE,
      connectTimeout: 10000,
      charset: 'utf8mb4',
      // Dates and timestamps as the server writes them: Dates would be shifted into the machine's time zone.
      dateStrings: true,
      // BIGINTs past 2^53 as text, not rounded.
      supportBigNumbers: true,
    });
    let lost: Error | undefined;
    // Every pooled connection reports its fatal error as an event too: between two statements only that says why
    // the next one fails ("Can't add new command when connection is in closed state").
    // A connection's first error says why it broke; the last broken connection is the one to report.
    pool.on('connection', (connection) => {
      connection.once('error', (error: Error) => void (lost = error));
      connection.on('error', () => undefined);
    });
    try {
      await connect(pool);
    } catch (error) {
      await new Promise((resolve) => pool.end(resolve));
      const message = redactSecrets((error as Error).message || String((error as NodeJS.ErrnoException).code ?? error), password ? [password] : []);
      throw new RuntimeFailure('DB_CONNECT_FAILED', `cannot connect to MySQL at ${display}: ${message}`);
    }
    const db = new Kysely<any>({
      dialect: new MysqlDialect({
        pool,
        onCreateConnection: async (connection) => {
          // A value too long for its column is an error, never cut short silently (servers not in strict mode).
          await connection.executeQuery(CompiledQuery.raw("set session sql_mode = concat_ws(',', nullif(@@sql_mode, ''), 'STRICT_ALL_TABLES')"));
          // Read committed, as PostgreSQL: under InnoDB's repeatable read an update the optimizer runs as a scan (a small
          // table) waits on every row another transaction locked, so a clean's page waited on the next page, which
          // waited for it to commit, until the lock wait timed out. Read committed passes over locked rows it does not change.
          await connection.executeQuery(CompiledQuery.raw('set session transaction isolation level read committed'));
          // A lock another session holds, on rows (InnoDB) or on the table (LOCK TABLES, DDL), fails the write after this
          // long (STEWARD_LOCK_TIMEOUT), never hangs it: lock_wait_timeout defaults to a year.
          await connection.executeQuery(CompiledQuery.raw(`set session innodb_lock_wait_timeout = ${lockTimeout}, lock_wait_timeout = ${lockTimeout}`));
        },
      }),
    });
    return { db, display, lostConnection: () => lost, close: () => db.destroy() };
  },
  upsert(insert, key, update) {
    // ON DUPLICATE KEY UPDATE meets a row by any unique index: one met through another (an email that another key
    // holds) would take this row's values. The key is assigned first: kept when it is the row's own key, else a
    // value that the session's strict mode refuses, so the statement fails and the transaction rolls back.
    const own = sql.join(key.map((k) => sql`${sql.id(k)} <=> values(${sql.id(k)})`), sql` and `);
    const refused = `another unique index of the table met a row whose ${key.join(', ')} differs; it was not overwritten`;
    const guard = { [key[0]!]: sql`if(${own}, ${sql.id(key[0]!)}, ${refused} + 0)` };
    // values(c): the value the row would have inserted; sql.id keeps a column name whole even with a dot ("Fax-Nr.").
    return insert.onDuplicateKeyUpdate({ ...guard, ...Object.fromEntries(update.map((c) => [c, sql`values(${sql.id(c)})`])) });
  },
  columnTypes: mysqlColumnTypes,
  uniqueKeys: mysqlUniqueKeys,
  foreignKeysFrom: mysqlForeignKeysFrom,
  async tablesOf(db, schema): Promise<TableMetadata[]> {
    const database = schema === undefined ? sql<string>`database()` : sql<string>`${schema}`;
    const { rows } = await sql<{ schema: string; table: string; column: string; type: string; nullable: string; extra: string; hasDefault: number; view: string }>`
      select c.table_schema as \`schema\`, c.table_name as \`table\`, c.column_name as \`column\`, c.data_type as type, c.is_nullable as nullable, c.extra as extra,
        c.column_default is not null as hasDefault, t.table_type as view
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = ${database} order by c.table_name, c.ordinal_position`.execute(db);
    const json = await mariadbJsonColumns(db, database);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
    for (const r of rows) {
      let table = tables.get(r.table);
      if (!table) tables.set(r.table, (table = { name: r.table, schema: r.schema, isView: r.view === 'VIEW', columns: [] }));
      const dataType = json.has(`${r.table}\u0000${r.column}`) ? 'json' : r.type;
      table.columns.push({ name: r.column, dataType, isNullable: r.nullable === 'YES', isAutoIncrementing: /auto_increment/i.test(r.extra), hasDefaultValue: Boolean(r.hasDefault) });
    }
    return [...tables.values()];
  },
  async foreignKeysTo(db, table) {
    const { database, name } = databaseOf(table);
    const here = await currentDatabase(db);
    // Single-column foreign keys only: key_column_usage has one row per column of a constraint.
    const { rows } = await sql<{ child_schema: string; child: string; column: string; references: string }>`
      select k.table_schema as child_schema, k.table_name as child, k.column_name as \`column\`, k.referenced_column_name as \`references\`
      from information_schema.key_column_usage k
      where k.referenced_table_schema = ${database} and k.referenced_table_name = ${name}
        and (select count(*) from information_schema.key_column_usage o
             where o.constraint_schema = k.constraint_schema and o.table_name = k.table_name and o.constraint_name = k.constraint_name) = 1
      order by k.table_schema, k.table_name, k.constraint_name`.execute(db);
    return rows.map((r) => ({ table: r.child_schema === here ? r.child : `${r.child_schema}.${r.child}`, column: r.column, references: r.references }));
  },
  async withoutRollback(db, table) {
    const { database, name } = databaseOf(table);
    // information_schema.engines says which engines run transactions (InnoDB); a view has no engine of its own.
    const { rows } = await sql<{ engine: string; transactions: string }>`
      select t.engine as engine, e.transactions as transactions from information_schema.tables t
      join information_schema.engines e on e.engine = t.engine
      where t.table_schema = ${database} and t.table_name = ${name}`.execute(db);
    const row = rows[0];
    return row && row.transactions !== 'YES' ? `is stored by the ${row.engine} engine, which has no transactions` : undefined;
  },
  // InnoDB's own row id is never shown: none to restore.
  hiddenRowId: async () => undefined,
  async primaryKey(db, table) {
    const { database, name } = databaseOf(table);
    const { rows } = await sql<{ name: string }>`
      select column_name as name from information_schema.key_column_usage
      where table_schema = ${database} and table_name = ${name} and constraint_name = 'PRIMARY' order by ordinal_position`.execute(db);
    return rows.map((r) => r.name);
  },
};
