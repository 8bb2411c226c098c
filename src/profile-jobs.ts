import path from 'node:path';
import { createEmptyTest, DEFAULT_PLACEHOLDERS } from './audit/placeholders.js';
import { InputError } from './errors.js';
import { profileFile } from './profile/profile-file.js';
import { profileTable } from './profile/profile-table.js';
import type { Profile } from './profile/types.js';

/** Rows the per-column figures of a file are made from by default: a bigger file is sampled. */
export const DEFAULT_SAMPLE_ROWS = 20_000;

export interface ProfileOptions {
  /** A file to profile, or `db` and `table`. */
  readonly file?: string | undefined;
  readonly db?: string | undefined;
  readonly table?: string | undefined;
  readonly sample?: number | undefined;
  readonly encoding?: string | undefined;
  /** Values that count as empty besides the defaults (N/A, unknown, -, …). */
  readonly placeholders?: readonly string[] | undefined;
  readonly cwd?: string | undefined;
  readonly onProgress?: ((rows: number) => void) | undefined;
}

/** `steward profile`: what each column of a file or table holds, and the field it most likely maps to. */
export async function profileJob(options: ProfileOptions): Promise<Profile> {
  const placeholders = [...DEFAULT_PLACEHOLDERS, ...(options.placeholders ?? [])];
  const isEmpty = createEmptyTest(placeholders);
  const sample = options.sample ?? DEFAULT_SAMPLE_ROWS;
  if (!Number.isInteger(sample) || sample < 1) throw new InputError('BAD_FLAG', `--sample must be a whole number from 1, got ${sample}`);
  if (options.db !== undefined || options.table !== undefined) {
    if (options.file !== undefined) throw new InputError('BAD_FLAG', 'give a FILE or --db URL --table T, not both');
    if (options.db === undefined || options.table === undefined) throw new InputError('BAD_FLAG', 'a database profile needs both --db URL and --table T');
    const db = /^[a-z][a-z0-9+.-]*:\/\//i.test(options.db) ? options.db : path.resolve(options.cwd ?? process.cwd(), options.db);
    return profileTable(db, options.table, { sample, placeholders, isEmpty });
  }
  if (options.file === undefined) throw new InputError('BAD_FLAG', 'steward profile needs a FILE, or --db URL --table T');
  const profile = await profileFile(path.resolve(options.cwd ?? process.cwd(), options.file), { sample, encoding: options.encoding, isEmpty, onProgress: options.onProgress });
  return { ...profile, source: options.file };
}
