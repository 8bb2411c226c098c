import { describe, expect, test } from 'vitest';
import { createEmptyTest, DEFAULT_PLACEHOLDERS } from '../../../src/audit/placeholders.js';
import { meets, parseThreshold } from '../../../src/audit/threshold.js';

describe('empty values', () => {
  const isEmpty = createEmptyTest([...DEFAULT_PLACEHOLDERS, 'Ñame?']);
  test.each([
    [undefined, true],
    [null, true],
    ['', true],
    ['   ', true],
    ['N/A', true],
    [' n/a ', true],
    ['UNKNOWN', true],
    ['Test@Test.com', true],
    ['000-000-0000', true],
    ['ñAME?', true],
    ['无', true],
    ['k.A.', true],
    ['Néant', true],
    ['Desconocido', true],
    ['Nadia', false],
    ['na@na.co', false],
    ['TBD Corp', false],
    ['0', false],
  ])('%j is empty: %s', (value, expected) => {
    expect(isEmpty(value as string | undefined)).toBe(expected);
  });
});

describe('thresholds', () => {
  test.each([
    ['>= 95%', 0.95, true],
    ['>= 95%', 0.9499, false],
    ['> 95%', 0.95, false],
    ['<= 2%', 0.02, true],
    ['< 2%', 0.02, false],
    ['>= 100', 100, true],
    ['== 0', 0, true],
    ['>= 90.1%', 0.9, false],
  ])('%s against %d: %s', (text, value, expected) => {
    expect(meets(value, parseThreshold(text))).toBe(expected);
  });
});
