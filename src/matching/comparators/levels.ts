import { z } from 'zod';
import { NULL_LEVEL, type Comparison, type ComparisonLevel, type MatchRecord } from '../types.js';

/** Helpers shared by the comparators: common levels, threshold option schemas, bounded caches. */

export const exactLevel: ComparisonLevel = { label: 'exact', description: 'are the same' };
export const elseLevel: ComparisonLevel = { label: 'else', description: 'differ' };

/** A value carries evidence only when it is present and not empty. */
export function present(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** Similarity thresholds in [0, 1], highest (strongest) first. */
export function similarityThresholds(defaults: number[], what: string) {
  return z
    .array(z.number().min(0).max(1))
    .refine((list) => list.every((t, i) => i === 0 || t < list[i - 1]!), {
      message: `thresholds must decrease, strongest first, e.g. ${JSON.stringify(defaults)}`,
    })
    .default(defaults)
    .describe(`${what} thresholds, strongest first; each is one comparison level.`);
}

/** Edit-distance thresholds (whole numbers >= 1), lowest (strongest) first. */
export function distanceThresholds(defaults: number[], what: string) {
  return z
    .array(z.number().int().min(1))
    .refine((list) => list.every((t, i) => i === 0 || t > list[i - 1]!), {
      message: `thresholds must increase, strongest first, e.g. ${JSON.stringify(defaults)}`,
    })
    .default(defaults)
    .describe(`Largest ${what} distances, strongest first; each is one comparison level.`);
}

export const jaroWinklerLevel = (t: number, on = ''): ComparisonLevel => ({
  label: `jaro_winkler >= ${t}`,
  description: `are spelt alike (Jaro-Winkler similarity of at least ${t}${on})`,
});

/**
 * The comparison of one field that most comparators are: a missing value on either side is NULL_LEVEL, the
 * same text is level 0, and `differ` places two different present values among the levels.
 */
export function fieldComparison(
  spec: { readonly name: string; readonly method: string; readonly field: string; readonly levels: readonly ComparisonLevel[] },
  differ: (a: string, b: string) => number,
  termValue: (record: MatchRecord) => string | undefined = (record) => record[spec.field] || undefined,
): Comparison {
  const { field } = spec;
  return {
    name: spec.name,
    method: spec.method,
    reads: [field],
    levels: spec.levels,
    compare(a, b) {
      const va = a[field];
      const vb = b[field];
      if (!present(va) || !present(vb)) return NULL_LEVEL;
      if (va === vb) return 0;
      return differ(va, vb);
    },
    termValue,
  };
}

/**
 * The same for a field compared after folding (case, accents, spaces): a value that folds to nothing is as
 * good as missing, equal folds are level 0, and the term value is the folded value.
 */
export function foldedFieldComparison(
  spec: { readonly name: string; readonly method: string; readonly field: string; readonly levels: readonly ComparisonLevel[]; readonly reads?: readonly string[] },
  fold: (value: string) => string,
  differ: (a: string, b: string, recordA: MatchRecord, recordB: MatchRecord) => number,
): Comparison {
  const { field } = spec;
  return {
    name: spec.name,
    method: spec.method,
    reads: spec.reads ?? [field],
    levels: spec.levels,
    compare(a, b) {
      const va = a[field];
      const vb = b[field];
      if (!present(va) || !present(vb)) return NULL_LEVEL;
      const fa = fold(va);
      const fb = fold(vb);
      if (fa === '' || fb === '') return NULL_LEVEL;
      if (fa === fb) return 0;
      return differ(fa, fb, a, b);
    },
    prepare(records) {
      const { ids, values } = distinctColumn(records, field, fold);
      return (i, j) => {
        const ia = ids[i]!;
        const ib = ids[j]!;
        if (ia < 0 || ib < 0) return NULL_LEVEL;
        if (ia === ib) return 0;
        return differ(values[ia]!, values[ib]!, records[i]!, records[j]!);
      };
    },
    termValue: (record) => {
      const value = record[field];
      return present(value) ? fold(value) || undefined : undefined;
    },
  };
}

/** Each record's value as the number of its distinct (folded) value, -1 when missing or folding to nothing. */
export interface DistinctColumn {
  readonly ids: Int32Array;
  /** The distinct folded values, by number. */
  readonly values: readonly string[];
}

/**
 * Numbers the distinct values of `field` (after `fold`): equal values compare as numbers, and whatever a
 * comparison derives from a value is derived once per distinct value, not once per pair.
 */
export function distinctColumn(records: readonly MatchRecord[], field: string, fold: (value: string) => string = (v) => v): DistinctColumn {
  const ids = new Int32Array(records.length);
  const byRaw = new Map<string, number>();
  const byFolded = new Map<string, number>();
  const values: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const value = records[i]![field];
    if (!present(value)) {
      ids[i] = -1;
      continue;
    }
    let id = byRaw.get(value);
    if (id === undefined) {
      const folded = fold(value);
      if (folded === '') id = -1;
      else {
        id = byFolded.get(folded);
        if (id === undefined) {
          id = values.length;
          values.push(folded);
          byFolded.set(folded, id);
        }
      }
      byRaw.set(value, id);
    }
    ids[i] = id;
  }
  return { ids, values };
}

/** The level of the first threshold a score passes (levels start at `first`), or `last` when it passes none. */
export function thresholdLevel(score: number, thresholds: readonly number[], passes: (score: number, threshold: number) => boolean, first: number, last: number): number {
  for (let i = 0; i < thresholds.length; i++) if (passes(score, thresholds[i]!)) return first + i;
  return last;
}

export const atMost = (score: number, threshold: number) => score <= threshold;
export const atLeast = (score: number, threshold: number) => score >= threshold;

const CACHE_LIMIT = 100_000;

/** Memoises a pure function of a string: blocking pairs a value with many others, so each is prepared once. */
export function memo<T>(fn: (value: string) => T): (value: string) => T {
  const cache = new Map<string, T>();
  return (value) => {
    let result = cache.get(value);
    if (result === undefined && !cache.has(value)) {
      result = fn(value);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(value, result);
    }
    return result as T;
  };
}
