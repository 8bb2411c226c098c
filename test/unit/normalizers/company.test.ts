import { describe, expect, test } from 'vitest';
import { companyKey, companyNormalizer } from '../../../src/normalizers/company.js';
import { runNormalizer } from '../../helpers/normalize.js';

describe('company normalizer', () => {
  test.each([
    [['Acme Inc.', 'ACME, Inc', 'Acme Incorporated', 'Acme', 'The Acme Company', 'acme corp.', 'Acme Holdings Inc.'], 'acme'],
    [['Globex Ltd', 'Globex Limited', 'GLOBEX PLC', 'Globex Ltd.'], 'globex'],
    [['Müller GmbH', 'Muller GmbH & Co. KG', 'MÜLLER GMBH'], 'muller'],
    [['Bar & Sons LLC', 'Bar and Sons, L.L.C.', 'BAR + SONS, LLC'], 'barandsons'],
    [['Foo S.A.', 'Foo SA', 'Foo S. A.', 'Foo, S.A.'], 'foo'],
    [['Industrias Foo S.L.', 'Industrias Foo, Sociedad Limitada'], 'industriasfoo'],
    [['阿里巴巴有限公司', '阿里巴巴股份有限公司', '阿里巴巴', '阿里巴巴有限责任公司'], '阿里巴巴'],
    [['Volvo AB', 'AB Volvo'], 'volvo'],
    [['Co-op Bank'], 'coopbank'],
    [['Acme & Co.', 'Acme and Co', 'Acme Co.', 'Acme Inc.', 'ACME & CO', 'Acme & Company', 'Acme & Co. Ltd'], 'acme'],
    [['Turner & Co', 'Turner and Company', 'Turner Co', 'Turner & Co.'], 'turner'],
    [['Schmidt und Co.', 'Schmidt & Co. KG', 'Schmidt GmbH & Co. KG'], 'schmidt'],
    [['Dupont et Cie', 'Dupont & Cie.'], 'dupont'],
    [['García y Cía.', 'Garcia y Cia'], 'garcia'],
    [['Procter & Gamble Co.', 'Procter and Gamble'], 'procterandgamble'],
  ])('%j all fold to %j', (names, key) => {
    for (const name of names) expect(companyKey(name), name).toBe(key);
  });

  test('the displayed name keeps its legal form; the key goes to company.key', () => {
    expect(runNormalizer(companyNormalizer, '  Acme,   Inc. ')).toEqual({ value: 'Acme, Inc.', keys: { key: 'acme' } });
  });

  test.each([
    ['Acme & Co.', 'acme'],
    ['Acme and Co', 'acme'],
    ['Turner & Co', 'turner'],
    ['Turner and Company', 'turner'],
    ['Smith & Co. Inc.', 'smith'],
    ['& Co', 'co'],
  ])('a trailing "and co" is a legal form: %j -> %j', (name, key) => {
    expect(companyKey(name)).toBe(key);
  });

  test('a name that is only a legal form keeps a key', () => {
    expect(companyKey('Inc')).toBe('inc');
  });
});
