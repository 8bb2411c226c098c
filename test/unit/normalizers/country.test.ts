import { describe, expect, test } from 'vitest';
import { countryNormalizer, countryTable, foldCountryName } from '../../../src/normalizers/country.js';

const context = { record: {} };
const normalize = countryNormalizer.create(countryNormalizer.options.parse({}), 'country');

describe('country normalizer', () => {
  test.each([
    // United States
    ['US', 'US'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['U.S.', 'US'],
    ['usa', 'US'],
    ['United States', 'US'],
    ['united states of america', 'US'],
    ['UNITED STATES', 'US'],
    ['  United   States  ', 'US'],
    ['America', 'US'],
    ['The United States', 'US'],
    ['Estados Unidos', 'US'],
    ['Vereinigte Staaten', 'US'],
    ['ＵＳＡ', 'US'],
    ['美国', 'US'],
    // United Kingdom
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['the UK', 'GB'],
    ['GB', 'GB'],
    ['GBR', 'GB'],
    ['Great Britain', 'GB'],
    ['United Kingdom', 'GB'],
    ['England', 'GB'],
    ['Scotland', 'GB'],
    ['Wales', 'GB'],
    ['Northern Ireland', 'GB'],
    ['Großbritannien', 'GB'],
    ['Royaume-Uni', 'GB'],
    // Germany
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['germany.', 'DE'],
    ['GERMANY', 'DE'],
    ['DE', 'DE'],
    ['de', 'DE'],
    ['DEU', 'DE'],
    ['Allemagne', 'DE'],
    ['Alemania', 'DE'],
    ['Germany (DE)', 'DE'],
    ['DE - Germany', 'DE'],
    // Spain
    ['España', 'ES'],
    ['Espana', 'ES'],
    ['Spain', 'ES'],
    ['Espagne', 'ES'],
    ['ESP', 'ES'],
    // China and neighbours
    ['中国', 'CN'],
    ['中华人民共和国', 'CN'],
    ['中國', 'CN'],
    ['PRC', 'CN'],
    ['P.R.C.', 'CN'],
    ['China', 'CN'],
    ["People's Republic of China", 'CN'],
    ['People’s Republic of China', 'CN'],
    ['Hong Kong', 'HK'],
    ['香港', 'HK'],
    ['中国台湾', 'TW'],
    ['中國台灣', 'TW'],
    ['Hong Kong SAR China', 'HK'],
    ['Macau', 'MO'],
    ['Taiwan', 'TW'],
    ['台湾', 'TW'],
    ['臺灣', 'TW'],
    ['台灣', 'TW'],
    ['日本', 'JP'],
    ['Japan', 'JP'],
    ['Korea', 'KR'],
    ['South Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['한국', 'KR'],
    ['대한민국', 'KR'],
    ['North Korea', 'KP'],
    // The rest of Europe
    ['France', 'FR'],
    ['Frankreich', 'FR'],
    ['FRA', 'FR'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['Nederland', 'NL'],
    ['Netherlands', 'NL'],
    ['Schweiz', 'CH'],
    ['Suisse', 'CH'],
    ['Svizzera', 'CH'],
    ['Österreich', 'AT'],
    ['Oesterreich', 'AT'],
    ['Austria', 'AT'],
    ['Россия', 'RU'],
    ['Russian Federation', 'RU'],
    ['Italia', 'IT'],
    ['Czech Republic', 'CZ'],
    ['Czechia', 'CZ'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
    ['Ireland', 'IE'],
    ['Bosnia & Herzegovina', 'BA'],
    ['Bosnia and Herzegovina', 'BA'],
    // Elsewhere
    ['Georgia', 'GE'],
    ['Guinea', 'GN'],
    ['Guinea-Bissau', 'GW'],
    ['Congo', 'CG'],
    ['DR Congo', 'CD'],
    ['Democratic Republic of the Congo', 'CD'],
    ["Côte d'Ivoire", 'CI'],
    ['Ivory Coast', 'CI'],
    ['St. Kitts & Nevis', 'KN'],
    ['Saint Kitts and Nevis', 'KN'],
    ['St Lucia', 'LC'],
    ['Saint Lucia', 'LC'],
    ['Myanmar (Burma)', 'MM'],
    ['Burma', 'MM'],
    ['Viet Nam', 'VN'],
    ['Iran, Islamic Republic of', 'IR'],
    ['Iran (Islamic Republic of)', 'IR'],
    ['Virgin Islands, British', 'VG'],
    ['UAE', 'AE'],
    ['Brasil', 'BR'],
    ['México', 'MX'],
    ['Canada', 'CA'],
    ['CAN', 'CA'],
    ['Australia', 'AU'],
    ['India', 'IN'],
    ['South Africa', 'ZA'],
    ['Canary Islands', 'ES'],
    ['Kosovo', 'XK'],
  ])('%j -> %s', (input, code) => {
    expect(normalize(input, context)).toEqual({ value: code });
  });

  test.each([
    ['Atlantis'],
    ['EU'],
    ['N/A'],
    ['-'],
    ['Unknown'],
    ['Paris, France'],
    ['Georgia, USA'],
    ['ZZ'],
    ['XYZ'],
    ['SU'],
  ])('%j is flagged and kept', (input) => {
    expect(normalize(input, context)).toEqual({
      value: input,
      flags: [{ code: 'unknown_country', reason: `not a country name or ISO code: ${JSON.stringify(input)}` }],
    });
  });

  test('the reason quotes the value', () => {
    expect(normalize('Atlantis', context).flags).toEqual([{ code: 'unknown_country', reason: 'not a country name or ISO code: "Atlantis"' }]);
  });

  test('every code produced is an upper-case alpha-2 code that ICU knows', () => {
    const { byKey, codes } = countryTable();
    const english = new Intl.DisplayNames(['en'], { type: 'region' });
    expect(codes).toHaveLength(250); // the 249 ISO 3166-1 codes and XK
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(english.of(code)).not.toBe(code);
    }
    const produced = new Set(codes);
    for (const code of byKey.values()) expect(produced.has(code)).toBe(true);
  });

  test('every alpha-2 code maps to itself', () => {
    for (const code of countryTable().codes) expect(normalize(code, context).value).toBe(code);
  });

  test('folding', () => {
    expect(foldCountryName('  The U.S.A. ')).toBe('usa');
    expect(foldCountryName('Côte d’Ivoire')).toBe('cotedivoire');
    expect(foldCountryName('Trinidad & Tobago')).toBe(foldCountryName('Trinidad and Tobago'));
    expect(foldCountryName('Großbritannien')).toBe('grossbritannien');
  });

  test('options are a strict object with defaults', () => {
    expect(countryNormalizer.options.parse({})).toEqual({ output: 'alpha2' });
    expect(() => countryNormalizer.options.parse({ nope: 1 })).toThrow();
  });

  test('the table is built once per process and calls reuse their results', () => {
    const table = countryTable();
    const size = table.byKey.size;
    const other = countryNormalizer.create(countryNormalizer.options.parse({}), 'billing_country');
    expect(countryTable()).toBe(table);
    const inputs = ['Germany', 'USA', 'Atlantis', 'U.K.', '中国'];
    const first = inputs.map((input) => other(input, context));
    let fresh = 0;
    for (let i = 0; i < 100_000; i++) {
      const n = i % inputs.length;
      if (other(inputs[n]!, context) !== first[n]) fresh++;
    }
    expect(fresh).toBe(0);
    expect(countryTable()).toBe(table);
    expect(table.byKey.size).toBe(size);
  });
});
