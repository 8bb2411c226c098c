import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RuntimeFailure } from '../../errors.js';
import { compareColumn } from '../../matching/fellegi-sunter.js';
import type { Comparison, MatchRecord } from '../../matching/types.js';
import type { ResolvedDedupe } from '../../rules/resolved.js';
import { toColumns } from './record-columns.js';

/** Below this many pairs a worker costs more (start-up, copying the columns it reads) than it saves. */
const MIN_PAIRS_FOR_WORKERS = 200_000;
/** Pairs timed per comparison to share the comparisons out between threads by cost. */
const COST_SAMPLE = 20_000;

export function workerCount(dedupe: ResolvedDedupe, pairs: number): number {
  if (dedupe.workers !== undefined) return dedupe.workers;
  return pairs >= MIN_PAIRS_FOR_WORKERS ? Math.max(0, availableParallelism() - 1) : 0;
}

/** An Int32Array in shared memory: the threads read the pairs without a copy each. */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

/**
 * Comparisons shared out between `threads` threads by their measured cost (longest first to the least
 * loaded thread): each thread needs only the columns its own comparisons read, so no thread holds a second
 * copy of every record.
 */
export function shareComparisons(costs: readonly number[], threads: number): number[][] {
  const groups: number[][] = Array.from({ length: threads }, () => []);
  const load = new Array<number>(threads).fill(0);
  const order = costs.map((_, c) => c).sort((x, y) => costs[y]! - costs[x]! || x - y);
  for (const c of order) {
    let least = 0;
    for (let t = 1; t < threads; t++) if (load[t]! < load[least]!) least = t;
    groups[least]!.push(c);
    load[least]! += costs[c]!;
  }
  return groups.map((g) => g.sort((x, y) => x - y));
}

/**
 * Levels of every pair (K per pair, row-major). With workers, each thread runs some of the comparisons over
 * all pairs and writes its columns of one shared level table. The levels are the same whatever the split:
 * a comparison is a pure function of the two records.
 */
export async function comparePairsInParallel(
  dedupe: ResolvedDedupe,
  comparisons: readonly Comparison[],
  records: readonly MatchRecord[],
  a: Int32Array,
  b: Int32Array,
  workers: number,
): Promise<Int8Array> {
  const k = comparisons.length;
  const pairs = a.length;
  const threads = Math.min(workers + 1, k);
  if (threads <= 1) {
    const levels = new Int8Array(pairs * k);
    for (let c = 0; c < k; c++) compareColumn(comparisons[c]!, c, k, records, a, b, levels);
    return levels;
  }
  const levels = new Int8Array(new SharedArrayBuffer(Math.max(1, pairs * k)), 0, pairs * k);
  const shared = (x: Int32Array) => {
    if (x.buffer instanceof SharedArrayBuffer) return x;
    const copy = sharedInt32(x.length);
    copy.set(x);
    return copy;
  };
  const sa = shared(a);
  const sb = shared(b);
  const costs = measureCosts(comparisons, records, sa, sb);
  const groups = shareComparisons(costs, threads);
  const pending = groups.slice(1).map(
    (group) =>
      new Promise<void>((resolve, reject) => {
        // Only the columns this worker's comparisons read cross to it.
        const columns = toColumns(records, [...new Set(group.flatMap((c) => comparisons[c]!.reads))]);
        const worker = new Worker(new URL('./compare-worker.js', import.meta.url), {
          workerData: { compare: dedupe.compare, group, columns, a: sa, b: sb, levels },
        });
        worker.once('message', () => {
          resolve();
          void worker.terminate();
        });
        worker.once('error', (error) => reject(new RuntimeFailure('WORKER_FAILED', `a comparison worker failed: ${error.message}`)));
        worker.once('exit', (code) => {
          if (code !== 0) reject(new RuntimeFailure('WORKER_FAILED', `a comparison worker stopped with code ${code}`));
        });
      }),
  );
  // This thread runs the first group while the workers run the others.
  for (const c of groups[0]!) compareColumn(comparisons[c]!, c, k, records, sa, sb, levels);
  await Promise.all(pending);
  return levels;
}

/**
 * Nanoseconds each comparison takes on a sample of pairs spread over all of them (the first pairs come from
 * the first blocking rule and are not typical).
 */
function measureCosts(comparisons: readonly Comparison[], records: readonly MatchRecord[], a: Int32Array, b: Int32Array): number[] {
  const sample = Math.min(COST_SAMPLE, a.length);
  const step = a.length / sample;
  return comparisons.map((comparison) => {
    const start = process.hrtime.bigint();
    for (let s = 0; s < sample; s++) {
      const p = Math.floor(s * step);
      comparison.compare(records[a[p]!]!, records[b[p]!]!);
    }
    return Number(process.hrtime.bigint() - start);
  });
}
