import { z } from 'zod';
import type { ComparisonLevel } from '../types.js';

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
