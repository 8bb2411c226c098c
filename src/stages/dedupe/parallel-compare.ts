import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RuntimeFailure } from '../../errors.js';
import { comparePairs } from '../../matching/fellegi-sunter.js';
import type { Comparison, MatchRecord } from '../../matching/types.js';
import type { ResolvedDedupe } from '../../rules/resolved.js';
import { toColumns } from './record-columns.js';

/** Below this many pairs a worker costs more (start-up, copying the records) than it saves. */
const MIN_PAIRS_FOR_WORKERS = 200_000;

export function workerCount(dedupe: ResolvedDedupe, pairs: number): number {
  if (dedupe.workers !== undefined) return dedupe.workers;
  return pairs >= MIN_PAIRS_FOR_WORKERS ? Math.max(0, availableParallelism() - 1) : 0;
}

/**
 * Levels of every pair, the pairs split between this thread and `workers` worker threads. The result is the
 * same, level for level, whatever the split: each slice runs the same comparisons in pair order.
 */
export async function comparePairsInParallel(
  dedupe: ResolvedDedupe,
  comparisons: readonly Comparison[],
  records: readonly MatchRecord[],
  a: Int32Array,
  b: Int32Array,
  workers: number,
): Promise<Int8Array> {
  if (workers <= 0) return comparePairs(comparisons, records, a, b);
  const k = comparisons.length;
  const slices = workers + 1;
  const size = Math.ceil(a.length / slices);
  // Only what the comparisons read crosses to the workers.
  const columns = toColumns(records, [...new Set(comparisons.flatMap((c) => c.reads))]);
  const bounds = Array.from({ length: slices }, (_, s) => [Math.min(s * size, a.length), Math.min((s + 1) * size, a.length)] as const);
  const pending = bounds.slice(1).map(
    ([from, to]) =>
      new Promise<Int8Array>((resolve, reject) => {
        const worker = new Worker(new URL('./compare-worker.js', import.meta.url), {
          workerData: { compare: dedupe.compare, columns, a: a.slice(from, to), b: b.slice(from, to) },
        });
        worker.once('message', (levels: Int8Array) => {
          resolve(levels);
          void worker.terminate();
        });
        worker.once('error', (error) => reject(new RuntimeFailure('WORKER_FAILED', `a comparison worker failed: ${error.message}`)));
        worker.once('exit', (code) => {
          if (code !== 0) reject(new RuntimeFailure('WORKER_FAILED', `a comparison worker stopped with code ${code}`));
        });
      }),
  );
  // This thread compares the first slice while the workers do the others.
  const [from, to] = bounds[0]!;
  const first = comparePairs(comparisons, records, a, b, from, to);
  const rest = await Promise.all(pending);
  const levels = new Int8Array(a.length * k);
  levels.set(first, 0);
  rest.forEach((part, i) => levels.set(part, bounds[i + 1]![0] * k));
  return levels;
}
