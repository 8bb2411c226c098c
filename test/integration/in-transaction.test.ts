import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { getConnector } from '../../src/connectors/registry.js';
import { inTransaction } from '../../src/connectors/sql/in-transaction.js';
import type { SqlHandle } from '../../src/connectors/sql/sql-capabilities.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';

/** inTransaction on a real PostgreSQL: which error a failed transaction reports. */
const server = postgresServer();
let database: { url: string; drop(): Promise<void> } | undefined;
let handle: SqlHandle | undefined;

beforeAll(async () => {
  if (!server) return;
  database = await createTestDatabase(server);
  await query(database.url, 'create table t (id int primary key)');
  await query(database.url, 'insert into t values (1)');
  handle = await (await getConnector('postgres').sql!()).open(database.url, true);
});
afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe.skipIf(!server)('inTransaction', () => {
  test("a connection lost before the transaction does not stand in for the transaction's own error", async () => {
    // Two pooled sessions (a transaction inside another takes a second one); then one is ended by the server
    // while idle in the pool, as an idle timeout or a restarted backend would.
    let idle = 0;
    await handle!.db.transaction().execute(async () => {
      await handle!.db.transaction().execute(async (b) => {
        idle = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(b)).rows[0]!.pid;
      });
    });
    await query(database!.url, `select pg_terminate_backend(${idle})`);
    // Let the idle client see its session end.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handle!.lostConnection?.()).toBeDefined();
    const failed = inTransaction(handle!, async (trx) => {
      await sql`insert into t values (1)`.execute(trx);
    });
    await expect(failed).rejects.toThrow(/duplicate key value violates unique constraint/);
  });

  test('a connection lost during the transaction is what it reports', async () => {
    const failed = inTransaction(handle!, async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await query(database!.url, `select pg_terminate_backend(${rows[0]!.pid})`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sql`select 1`.execute(trx);
    });
    await expect(failed).rejects.toThrow(/terminating connection due to administrator command/);
  });
});
