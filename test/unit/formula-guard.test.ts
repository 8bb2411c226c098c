import { describe, expect, test } from 'vitest';
import { guardFormula } from '../../src/connectors/formula-guard.js';

describe('guardFormula', () => {
  test.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['+SUM(A1)', `'+SUM(A1)`],
    ['-2+3', `'-2+3`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['+14155552671', '+14155552671'],
    ['+1 415 555 2671', '+1 415 555 2671'],
    ['+44 (0)20 7946 0958', '+44 (0)20 7946 0958'],
    ['+1 415 555 2671 ext. 12', '+1 415 555 2671 ext. 12'],
    ['-42', '-42'],
    ['-3.5', '-3.5'],
    ['+7', '+7'],
    ['Ann', 'Ann'],
    ['a=b', 'a=b'],
    ['', ''],
    ['-', `'-`],
    ['+1-1', `'+1-1`],
    ['+1 (2) 3', `'+1 (2) 3`],
  ])('%j -> %j', (input, expected) => {
    expect(guardFormula(input)).toBe(expected);
  });
});
