import { parentPort, workerData } from 'node:worker_threads';
import { getComparator } from '../../matching/comparators/registry.js';
import { compareColumn } from '../../matching/fellegi-sunter.js';
import type { ResolvedDedupe } from '../../rules/resolved.js';
import { fromColumns } from './record-columns.js';

/**
 * A worker thread that runs some of the comparisons over every pair, writing their columns of the shared
 * level table: the same comparisons, built from the same rules, over the columns they read.
 */
const { compare, group, columns, a, b, levels } = workerData as {
  compare: ResolvedDedupe['compare'];
  group: number[];
  columns: Record<string, string>;
  a: Int32Array;
  b: Int32Array;
  levels: Int8Array;
};
const records = fromColumns(columns);
const comparisons = compare.map((c) => getComparator(c.method).create(c.options, c.field, c.name));
for (const c of group) compareColumn(comparisons[c]!, c, comparisons.length, records, a, b, levels);
parentPort!.postMessage('done');
