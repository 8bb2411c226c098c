import { InputError } from '../../errors.js';

/** Seconds a statement waits for a row or table lock another transaction holds, unless STEWARD_LOCK_TIMEOUT says otherwise. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 30;

/**
 * How long a write waits for a lock before it fails (seconds): a table another session keeps locked makes the run
 * fail with the database's lock-timeout error, rolled back, instead of hanging. Set with STEWARD_LOCK_TIMEOUT.
 */
export function lockTimeoutSeconds(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const given = env['STEWARD_LOCK_TIMEOUT'];
  if (given === undefined || given === '') return DEFAULT_LOCK_TIMEOUT_SECONDS;
  const seconds = Number(given);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86400) {
    throw new InputError('BAD_LOCK_TIMEOUT', `STEWARD_LOCK_TIMEOUT must be a whole number of seconds from 1 to 86400, got "${given}"`);
  }
  return seconds;
}
