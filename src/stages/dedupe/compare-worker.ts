import { parentPort, workerData } from 'node:worker_threads';
import { getComparator } from '../../matching/comparators/registry.js';
import { comparePairs } from '../../matching/fellegi-sunter.js';
import type { ResolvedDedupe } from '../../rules/resolved.js';
import { fromColumns } from './record-columns.js';

/** A worker thread that compares one slice of the candidate pairs: the same comparisons, built from the same rules. */
const { compare, columns, a, b } = workerData as { compare: ResolvedDedupe['compare']; columns: Record<string, string>; a: Int32Array; b: Int32Array };
const records = fromColumns(columns);
const comparisons = compare.map((c) => getComparator(c.method).create(c.options, c.field, c.name));
const levels = comparePairs(comparisons, records, a, b);
parentPort!.postMessage(levels, [levels.buffer as ArrayBuffer]);
