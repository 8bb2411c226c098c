import type { BeforeImage } from './before-image.js';
import type { InPlaceLayout } from './in-place-target.js';
import { decodeValue, sameValue } from './row-codec.js';
import { selectWhereIn, type BatchSql } from './sql-batch.js';

/** The images of a run that logs the values it wrote (a clean in place): their cells can be checked against the table. */
export const writesCells = (images: readonly BeforeImage[]): boolean => images.some((image) => image.survivor.after !== undefined);

/**
 * The rows whose cells no longer hold the value `which` says (the one before the run, or the one it wrote), each as
 * "key (column, …)"; a row no longer in the table as "key (row deleted)". Only images with `after` are looked at.
 */
export async function cellsNotHolding(s: BatchSql, layout: InPlaceLayout, images: readonly BeforeImage[], which: 'before' | 'after'): Promise<string[]> {
  const logged = images.filter((image) => image.survivor.after !== undefined);
  if (logged.length === 0) return [];
  const columns = [...new Set(logged.flatMap((image) => Object.keys(image.survivor.after!)))];
  const rows = await selectWhereIn(s, layout.table, layout.key, logged.map((image) => decodeValue(image.survivor.key)), [layout.key, ...columns.filter((c) => c !== layout.key)]);
  // By text: the key comes back in the type the driver reads it in.
  const byKey = new Map(rows.map((row) => [String(row[layout.key]), row]));
  const out: string[] = [];
  for (const image of logged) {
    const key = String(decodeValue(image.survivor.key));
    const row = byKey.get(key);
    if (!row) {
      out.push(`${key} (row deleted)`);
      continue;
    }
    const values = which === 'after' ? image.survivor.after! : image.survivor.before;
    const differ = Object.keys(values).filter((column) => !sameValue(row[column] ?? null, decodeValue(values[column])));
    if (differ.length > 0) out.push(`${key} (${differ.join(', ')})`);
  }
  return out;
}
