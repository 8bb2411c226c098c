import pg from 'pg';
import Cursor from 'pg-cursor';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { splitTableName } from '../sql/sql-tables.js';
import { RuntimeFailure } from '../../errors.js';
import { redactSecrets, redactUrl, urlPassword } from '../../redact.js';
import type { SqlCapabilities } from '../sql/sql-capabilities.js';
import { onConflictUpsert } from '../sql/on-conflict-upsert.js';
import { postgresColumnTypes, postgresForeignKeysFrom, postgresUniqueKeys } from './postgres-catalog.js';
import { copyRows, trackClients } from './postgres-copy.js';
import { lockTimeoutSeconds } from '../sql/lock-timeout.js';

// date, timestamp and timestamptz as the server writes them: node-pg would turn them into Dates in the
// machine's time zone, and a birth date could move a day depending on where steward runs.
const TEXT_AS_WRITTEN = new Set([1082, 1114, 1184]);
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  TEXT_AS_WRITTEN.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

const POOL_SIZE = 2;

export const postgresCapabilities: SqlCapabilities = {
  label: 'PostgreSQL',
  // The wire protocol counts parameters in 16 bits.
  maxParameters: 65535,
  // The pool's connections (max below).
  concurrentTransactions: POOL_SIZE,
  defaultSchema: 'public',
  rowLocks: true,
  async open(location) {
    const display = redactUrl(location);
    const password = urlPassword(location);
    // lock_timeout on every connection of the pool (COPY's too): a lock another session holds fails the write, never hangs it.
    const options = `-c lock_timeout=${lockTimeoutSeconds() * 1000}`;
    const pool = new pg.Pool({ connectionString: location, max: POOL_SIZE, connectionTimeoutMillis: 10000, options, types: { getTypeParser } });
    pool.on('error', () => {
      // Idle-client errors surface on the next query; without a listener they would crash the process.
    });
    const forCopy = trackClients(pool);
    let lost: Error | undefined;
    pool.on('connect', (client) => {
      // A client in use whose session the server ends (pg_terminate_backend, a restart) fails its query, which the
      // caller reports; it also emits 'error', and with no listener that would kill the process with a stack trace.
      // Between two queries only the event says why: the next query fails as "not queryable".
      // The client's first error says why (the server's "terminating connection…"); the close that follows does not.
      client.once('error', (error) => void (lost = error));
      client.on('error', () => undefined);
    });
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end().catch(() => undefined);
      const message = redactSecrets((error as Error).message || String((error as NodeJS.ErrnoException).code ?? error), password ? [password] : []);
      throw new RuntimeFailure('DB_CONNECT_FAILED', `cannot connect to PostgreSQL at ${display}: ${message}`);
    }
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
    forCopy(db);
    return { db, display, lostConnection: () => lost, close: () => db.destroy() };
  },
  upsert: onConflictUpsert,
  columnTypes: postgresColumnTypes,
  uniqueKeys: postgresUniqueKeys,
  foreignKeysFrom: postgresForeignKeysFrom,
  writeRows: copyRows,
  async foreignKeysTo(db, table) {
    const { schema = 'public', name } = splitTableName(table);
    const { rows } = await sql<{ child_schema: string; child: string; column: string; references: string }>`
      select cn.nspname as child_schema, cl.relname as child, a.attname as "column", ra.attname as "references"
      from pg_constraint c
      join pg_class p on p.oid = c.confrelid join pg_namespace pn on pn.oid = p.relnamespace
      join pg_class cl on cl.oid = c.conrelid join pg_namespace cn on cn.oid = cl.relnamespace
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[1]
      where c.contype = 'f' and cardinality(c.conkey) = 1 and p.relname = ${name} and pn.nspname = ${schema}
      order by cn.nspname, cl.relname, c.conname`.execute(db);
    return rows.map((r) => ({ table: r.child_schema === 'public' ? r.child : `${r.child_schema}.${r.child}`, column: r.column, references: r.references }));
  },
  // Rows have no stable number of their own (ctid moves with every update): none to restore.
  hiddenRowId: async () => undefined,
  async primaryKey(db, table) {
    const { schema = 'public', name } = splitTableName(table);
    const { rows } = await sql<{ name: string }>`
      select a.attname as name from pg_index i
      join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = any(i.indkey)
      where i.indisprimary and t.relname = ${name} and n.nspname = ${schema}
      order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    return rows.map((r) => r.name);
  },
};
