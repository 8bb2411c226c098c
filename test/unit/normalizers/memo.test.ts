import { describe, expect, test } from 'vitest';
import { createMemo } from '../../../src/normalizers/memo.js';

describe('normalizer memo', () => {
  test('repeated values are served from the cache', () => {
    const memo = createMemo<number>();
    memo.set('Main St', 1);
    expect(memo.get('Main St')).toBe(1);
    expect(memo.get('Oak Ave')).toBeUndefined();
  });

  test.each([
    ['values that never repeat: caching pauses', (i: number) => `unique-${i}`, false],
    ['values that repeat: caching goes on', (i: number) => `name-${i % 50}`, true],
  ])('%s', (_name, valueAt, cached) => {
    const memo = createMemo<string>();
    for (let i = 0; i < 10_000; i++) {
      const key = valueAt(i);
      if (memo.get(key) === undefined) memo.set(key, key);
    }
    memo.set('probe', 'probe');
    expect(memo.get('probe') !== undefined).toBe(cached);
  });

  test('a full cache starts over instead of growing', () => {
    const memo = createMemo<number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('c', 3);
    expect([memo.get('a'), memo.get('c')]).toEqual([undefined, 3]);
  });
});
