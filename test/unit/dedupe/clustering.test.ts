import { describe, expect, test } from 'vitest';
import { clusterRecords } from '../../../src/matching/clustering.js';
import { evaluateClusters } from '../../../src/matching/evaluate.js';

describe('clusterRecords', () => {
  test('connected components; each cluster is named by its first record', () => {
    const c = clusterRecords(6, [
      { a: 4, b: 5, probability: 0.99 },
      { a: 1, b: 3, probability: 0.95 },
      { a: 3, b: 0, probability: 0.93 },
    ]);
    expect(Array.from(c.clusterOf)).toEqual([0, 0, 2, 0, 4, 4]);
    expect(c.clusters).toBe(3);
    expect(c.multiRecordClusters).toBe(2);
  });

  test('a weak chain does not glue two records that scored as different', () => {
    // 0~1 strong, 1~2 weak but over the threshold; 0 and 2 were compared and differ.
    const c = clusterRecords(3, [
      { a: 0, b: 1, probability: 0.99 },
      { a: 1, b: 2, probability: 0.91 },
    ], { cannot: [[0, 2]] });
    expect(Array.from(c.clusterOf)).toEqual([0, 0, 2]);
    expect(c.refused).toEqual([{ a: 1, b: 2, probability: 0.91, conflict: [2, 0] }]);
  });

  test('must-links join records the model did not link', () => {
    const c = clusterRecords(3, [], { must: [[2, 0]] });
    expect(Array.from(c.clusterOf)).toEqual([0, 1, 0]);
  });

  test('the same links in another order give the same clusters', () => {
    const links = [
      { a: 0, b: 1, probability: 0.95 },
      { a: 1, b: 2, probability: 0.95 },
      { a: 3, b: 4, probability: 0.97 },
    ];
    const one = clusterRecords(5, links, { cannot: [[0, 2]] });
    const two = clusterRecords(5, [...links].reverse(), { cannot: [[2, 0]] });
    expect(Array.from(two.clusterOf)).toEqual(Array.from(one.clusterOf));
  });
});

describe('evaluateClusters', () => {
  const clusterOf = new Map([
    ['a1', 'A'],
    ['a2', 'A'],
    ['a3', 'A'],
    ['b1', 'B'],
    ['b2', 'C'],
  ]);
  test('entity truth: pairwise precision, recall, F1', () => {
    const e = evaluateClusters(clusterOf, { kind: 'entities', entityOf: new Map([['a1', '1'], ['a2', '1'], ['a3', '2'], ['b1', '3'], ['b2', '3']]) });
    // predicted pairs: a1a2 a1a3 a2a3 (3); true: a1a2, b1b2 (2); right: a1a2.
    expect(e).toMatchObject({ predictedPairs: 3, truePairs: 2, truePositives: 1, predictedClusters: 3, trueClusters: 3 });
    expect(e.precision).toBeCloseTo(1 / 3);
    expect(e.recall).toBeCloseTo(1 / 2);
    expect(e.f1).toBeCloseTo(0.4);
  });
  test('pair truth: duplicates and reversed pairs count once; unknown ids are missed, not ignored', () => {
    const e = evaluateClusters(clusterOf, { kind: 'pairs', pairs: [['a1', 'a2'], ['a2', 'a1'], ['a2', 'a3'], ['b1', 'zz']] });
    expect(e).toMatchObject({ truePairs: 3, truePositives: 2, unknownIds: 1 });
  });
});
