import { describe, expect, test } from 'vitest';
import { mapNormalizer } from '../../../src/normalizers/map.js';
import { regexNormalizer } from '../../../src/normalizers/regex.js';
import { runNormalizer } from '../../helpers/normalize.js';
import { tempDir } from '../../helpers/temp.js';

const tmp = tempDir();

describe('map normalizer', () => {
  test('values from the rule file and from a CSV file; case-insensitive by default', () => {
    const file = tmp.file('titles.csv', 'from,to\nMgr,Manager\nVP,Vice President\n');
    const options = { values: { 'Sr. Mgr': 'Senior Manager' }, file };
    expect(runNormalizer(mapNormalizer, 'mgr', options).value).toBe('Manager');
    expect(runNormalizer(mapNormalizer, 'SR. MGR', options).value).toBe('Senior Manager');
    expect(runNormalizer(mapNormalizer, 'CEO', options)).toEqual({ value: 'CEO' });
    expect(runNormalizer(mapNormalizer, 'CEO', { ...options, unmatched: 'flag' }).flags?.[0]?.code).toBe('unmapped_value');
    expect(runNormalizer(mapNormalizer, 'mgr', { ...options, case_sensitive: true }).value).toBe('mgr');
  });
});

describe('regex normalizer', () => {
  test.each([
    [{ pattern: '^Acct-', replace: '' }, 'Acct-123', '123'],
    [{ pattern: '(\\d{3})(\\d{4})', replace: '$1-$2' }, '5552671', '555-2671'],
    [{ pattern: 'x', replace: 'y', flags: 'gi' }, 'XxX', 'yyy'],
  ])('%j on %j -> %j', (options, input, expected) => {
    expect(runNormalizer(regexNormalizer, input, options).value).toBe(expected);
  });

  test('a bad pattern is refused by the schema', () => {
    expect(regexNormalizer.options.safeParse({ pattern: '(' }).success).toBe(false);
  });
});
