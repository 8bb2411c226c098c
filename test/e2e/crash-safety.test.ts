import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain module shared with bench/crash.bench.mjs, no types
import { crashWorkloads, killPoint, uninterrupted } from '../crash/workloads.mjs';
import { tempDir } from '../helpers/temp.js';
import { testDatabases } from '../helpers/test-databases.js';

/**
 * Crash safety under kill -9, a few kill points per workload: killed after a delay, run again with the same
 * command, the final state identical to an uninterrupted run's, row for row, without duplicates.
 * `node bench/crash.bench.mjs 20` tries 20 random kill points per workload.
 */
interface Workload {
  readonly name: string;
}
interface Point {
  readonly killed: boolean;
  readonly problem?: string;
}
const ROWS = 1200;
const tmp = tempDir();
const dbs = testDatabases(['postgres']);

describe('crash safety (SIGKILL, then the same command again)', () => {
  test('every workload ends as an uninterrupted run does, wherever it was killed', async () => {
    const workloads = crashWorkloads({ pgUrl: dbs.url.postgres ?? null, rows: ROWS }) as Workload[];
    expect(workloads.length).toBe(dbs.available.postgres ? 6 : 2);
    for (const [w, workload] of workloads.entries()) {
      const reference = (await uninterrupted(workload, tmp.path(`w${w}-ref`))) as { ms: number; keys: { n: number } };
      // The merge keeps one row of each pair.
      expect(reference.keys.n).toBe(workload.name.startsWith('merge') ? ROWS / 2 : ROWS);
      const points: Point[] = [];
      for (const [k, share] of [0.4, 0.75].entries()) points.push(await killPoint(workload, tmp.path(`w${w}-k${k}`), Math.round(reference.ms * share), reference));
      expect(points.filter((p) => p.problem).map((p) => `${workload.name}: ${p.problem}`)).toEqual([]);
      expect(points.some((p) => p.killed), workload.name).toBe(true);
    }
  }, 300_000);
});
