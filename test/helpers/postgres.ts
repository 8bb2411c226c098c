import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

/** The server URL from the global setup, or null (tests then skip, never under CI=true). */
export function postgresServer(): string | null {
  return inject('pgUrl');
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a database of its own for one test file; returns its URL and a drop function. */
export async function createTestDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `steward_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export async function query<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * For a test file that creates several databases: `create()` makes one and returns its URL; each is dropped after
 * the file. `server` is null without a server (the file's PostgreSQL tests then skip), which CI=true does not allow.
 */
export function postgresDatabases(): { readonly server: string | null; create(): Promise<string> } {
  const server = postgresServer();
  if (!server && process.env['CI'] === 'true') throw new Error('PostgreSQL is required under CI=true');
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  return {
    server,
    async create() {
      const { url, drop } = await createTestDatabase(server!);
      drops.push(drop);
      return url;
    },
  };
}
