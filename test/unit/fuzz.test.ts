import { afterAll, describe, test } from 'vitest';
import * as api from '../../src/index.js';
// @ts-expect-error: a plain module shared with bench/fuzz.mjs, no types
import { fc, fuzzProperties } from '../fuzz/properties.mjs';

/**
 * Property-based tests: random input never crashes the CSV tokenizer, the rule loader or the normalizers
 * (only steward errors), and an export/import round trip keeps every value. Bounded here (a fixed seed, a few
 * hundred runs at most, seconds per property); `node bench/fuzz.mjs RUNS` runs them longer with fresh seeds.
 * FUZZ_SEED=n reruns a failure fast-check reported.
 */
const seed = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : 20261203;
const { properties, cleanup } = fuzzProperties(api) as { properties: { name: string; runs: number; property: unknown }[]; cleanup: () => void };
afterAll(cleanup);

describe('fuzzing', () => {
  for (const { name, runs, property } of properties) {
    test(name, async () => {
      await fc.assert(property, { numRuns: runs, seed, endOnFailure: true });
    }, 60_000);
  }
});
