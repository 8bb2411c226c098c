import { describe, expect, test } from 'vitest';
import { houseNumber, streetKey, streetNormalizer } from '../../../src/normalizers/street.js';
import { postcodeNormalizer } from '../../../src/normalizers/postcode.js';
import { runNormalizer } from '../../helpers/normalize.js';

describe('street normalizer', () => {
  test.each([
    [['123 Main Street', '123 Main St', '123 MAIN ST.', '123  main st'], '123 main st'],
    [['45 Oak Avenue', '45 Oak Ave.', '45 oak av'], '45 oak ave'],
    [['Hauptstraße 5', 'Hauptstr. 5', 'Hauptstrasse 5', 'HAUPTSTRASSE 5'], 'hauptstr 5'],
    [['Calle Mayor 10', 'C/ Mayor 10'], 'c mayor 10'],
    [['233 S Wacker Dr', '233 South Wacker Drive'], '233 s wacker dr'],
  ])('%j fold to %j', (streets, key) => {
    for (const street of streets) expect(streetKey(street), street).toBe(key);
  });

  test.each([
    ['123 Main St', '123'],
    ['192 Willow Way #12', '192'],
    ['Hauptstraße 5', '5'],
    ['Hauptstraße 5a', '5a'],
    ['Calle Mayor 10, 2º', '10'],
    ['Rue de la Paix', undefined],
  ])('house number of %j is %j', (street, number) => {
    expect(houseNumber(street)).toBe(number);
  });

  test('value cleaned, key and number in keys', () => {
    expect(runNormalizer(streetNormalizer, ' 118  place de la République ')).toEqual({ value: '118 place de la République', keys: { key: '118 pl de la republique', number: '118' } });
  });
});

describe('postcode normalizer', () => {
  test.each([
    ['02134', 'US', '02134'],
    ['2134', 'US', '02134'],
    ['60606-1234', 'US', '60606-1234'],
    ['606061234', 'US', '60606-1234'],
    ['sw1a 1aa', 'GB', 'SW1A 1AA'],
    ['EC1A1BB', 'GB', 'EC1A 1BB'],
    ['10115', 'DE', '10115'],
    ['1067', 'DE', '01067'],
    ['28013', 'ES', '28013'],
    ['100000', 'CN', '100000'],
    ['75008', 'FR', '75008'],
    ['１００００', 'DE', '10000'],
    ['12345', undefined, '12345'],
    ['1234 AB', 'NL', '1234 AB'],
    ['870', 'AU', '0870'],
    ['0870', 'AU', '0870'],
  ])('%j in %s -> %j', (input, country, expected) => {
    const out = runNormalizer(postcodeNormalizer, input, {}, 'postcode', country ? { country } : {});
    expect(out.flags).toBeUndefined();
    expect(out.value).toBe(expected);
  });

  test.each([
    ['ABCDE', 'US'],
    ['123456', 'US'],
    ['99999', 'ES'],
    ['SW1A', 'GB'],
    ['000000', 'CN'],
  ])('%j is not a %s postcode: flagged, kept', (input, country) => {
    const out = runNormalizer(postcodeNormalizer, input, {}, 'postcode', { country });
    expect(out.value).toBe(input);
    expect(out.flags?.[0]?.code).toBe('invalid_postcode');
  });

  test('without repair a short ZIP is flagged', () => {
    expect(runNormalizer(postcodeNormalizer, '2134', { repair: false }, 'postcode', { country: 'US' }).flags?.[0]?.code).toBe('invalid_postcode');
  });
});
