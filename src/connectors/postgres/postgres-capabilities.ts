import pg from 'pg';
import Cursor from 'pg-cursor';
import { Kysely, PostgresDialect } from 'kysely';
import { RuntimeFailure } from '../../errors.js';
import { redactSecrets, redactUrl, urlPassword } from '../../redact.js';
import type { SqlCapabilities } from '../sql/sql-capabilities.js';
import { onConflictUpsert } from '../sql/on-conflict-upsert.js';

// date, timestamp and timestamptz as the server writes them: node-pg would turn them into Dates in the
// machine's time zone, and a birth date could move a day depending on where steward runs.
const TEXT_AS_WRITTEN = new Set([1082, 1114, 1184]);
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  TEXT_AS_WRITTEN.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

export const postgresCapabilities: SqlCapabilities = {
  label: 'PostgreSQL',
  // The wire protocol counts parameters in 16 bits.
  maxParameters: 65535,
  defaultSchema: 'public',
  async open(location) {
    const display = redactUrl(location);
    const password = urlPassword(location);
    const pool = new pg.Pool({ connectionString: location, max: 2, connectionTimeoutMillis: 10000, types: { getTypeParser } });
    pool.on('error', () => {
      // Idle-client errors surface on the next query; without a listener they would crash the process.
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
    return { db, display, close: () => db.destroy() };
  },
  upsert: onConflictUpsert,
};
