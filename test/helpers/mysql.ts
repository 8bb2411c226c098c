import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { inject } from 'vitest';
import { withDatabase } from './postgres.js';

/** The server URL from the global setup, or null (tests then skip, never under CI=true). */
export function mysqlServer(): string | null {
  return inject('mysqlUrl');
}

/** Runs statements on a connection of its own; "double quotes" name identifiers (ANSI_QUOTES), as in the other backends' SQL. */
async function withConnection<T>(url: string, run: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({ uri: url, charset: 'utf8mb4', dateStrings: true, supportBigNumbers: true });
  try {
    await connection.query("set session sql_mode = concat_ws(',', nullif(@@sql_mode, ''), 'ANSI_QUOTES')");
    return await run(connection);
  } finally {
    await connection.end();
  }
}

/** Creates a database of its own (utf8mb4, whatever the server's default) for one test file; returns its URL and a drop function. */
export async function createTestDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `steward_test_${randomBytes(6).toString('hex')}`;
  await withConnection(serverUrl, (c) => c.query(`create database ${name} character set utf8mb4`));
  return {
    url: withDatabase(serverUrl, name),
    drop: () => withConnection(serverUrl, (c) => c.query(`drop database if exists ${name}`)).then(() => undefined),
  };
}

export async function mysqlQuery<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  return withConnection(url, async (c) => (await c.query(text, values))[0] as T[]);
}
