import { describe, expect, test } from 'vitest';
import { shareComparisons } from '../../../src/stages/dedupe/parallel-compare.js';

describe('shareComparisons', () => {
  test('the dearest comparison first, each to the least loaded thread', () => {
    expect(shareComparisons([5, 1, 4, 2, 3], 2)).toEqual([[0, 1, 3], [2, 4]]);
  });

  test('one thread takes them all; more threads than comparisons leave some idle', () => {
    expect(shareComparisons([1, 2, 3], 1)).toEqual([[0, 1, 2]]);
    expect(shareComparisons([1, 2], 3)).toEqual([[1], [0], []]);
  });

  test('equal costs go in comparison order', () => {
    expect(shareComparisons([1, 1, 1, 1], 2)).toEqual([[0, 2], [1, 3]]);
  });
});
