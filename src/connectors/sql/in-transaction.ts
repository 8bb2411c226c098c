import type { Transaction } from 'kysely';
import type { SqlHandle } from './sql-capabilities.js';

/**
 * Runs `work` in one transaction on the handle's database and, when it fails, throws the error that stopped it.
 * Kysely rolls back after a failure and, when the rollback fails too, throws the rollback's error instead; and a
 * connection the server dropped between two statements fails the next one with the driver's "not usable" error.
 * A server killed in the middle of a write then read "Client has encountered a connection error and is not
 * queryable" (node-pg) or "Can't add new command when connection is in closed state" (mysql2), never that the
 * connection was lost: the error that broke the connection is reported instead, when the handle saw one.
 */
export async function inTransaction<T>(handle: SqlHandle, work: (trx: Transaction<any>) => Promise<T>): Promise<T> {
  // Only a connection lost during this transaction explains its failure: an idle one the pool lost before is not.
  const lostBefore = handle.lostConnection?.();
  let failure: { readonly error: unknown } | undefined;
  try {
    return await handle.db.transaction().execute(async (trx) => {
      try {
        return await work(trx);
      } catch (error) {
        failure = { error };
        throw error;
      }
    });
  } catch (error) {
    const lost = handle.lostConnection?.();
    throw lost !== undefined && lost !== lostBefore ? lost : failure ? failure.error : error;
  }
}
