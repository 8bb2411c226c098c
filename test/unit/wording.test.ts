import { describe, expect, test } from 'vitest';
import { count, withArticle } from '../../src/wording.js';

describe('wording', () => {
  test.each([
    [0, 'value', undefined, '0 values'],
    [1, 'value', undefined, '1 value'],
    [2, 'row', undefined, '2 rows'],
    [1200, 'record', undefined, '1,200 records'],
    [1, 'match', 'matches', '1 match'],
    [3, 'match', 'matches', '3 matches'],
  ])('count(%d, %s)', (n, one, many, expected) => {
    expect(count(n, one, many)).toBe(expected);
  });

  test.each([
    ['email', 'an email'],
    ['phone', 'a phone'],
    ['address', 'an address'],
    ['updated_at', 'an updated_at'],
    ['unique_id', 'a unique_id'],
    ['user_name', 'a user_name'],
    ['hour', 'an hour'],
    ['company', 'a company'],
    ['id', 'an id'],
  ])('withArticle(%s)', (word, expected) => {
    expect(withArticle(word)).toBe(expected);
  });
});
