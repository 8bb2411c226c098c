import { describe, expect, test } from 'vitest';
import { phoneNormalizer } from '../../../src/normalizers/phone.js';
import { runNormalizer } from '../../helpers/normalize.js';

describe('phone normalizer', () => {
  test.each([
    ['(415) 555-2671', 'US', {}, '+14155552671'],
    ['415.555.2671', 'US', {}, '+14155552671'],
    ['+1 (415) 555-2671', undefined, {}, '+14155552671'],
    ['1-415-555-2671', 'US', {}, '+14155552671'],
    ['0044 20 7946 0958', 'GB', {}, '+442079460958'],
    ['0044 20 7946 0958', 'US', {}, '+442079460958'],
    ['+44 (0)20 7946 0958', undefined, {}, '+442079460958'],
    ['020 7946 0958', 'GB', {}, '+442079460958'],
    ['030 1234567', 'DE', {}, '+49301234567'],
    ['+49 (0)30 1234567', undefined, {}, '+49301234567'],
    ['0151 23456789', 'DE', {}, '+4915123456789'],
    ['612 34 56 78', 'ES', {}, '+34612345678'],
    ['06 12 34 56 78', 'FR', {}, '+33612345678'],
    ['１３８００１３８０００', 'CN', {}, '+8613800138000'],
    ['138-0013-8000', 'CN', {}, '+8613800138000'],
    ['(415) 555-2671', undefined, { default_country: 'US' }, '+14155552671'],
    ['030 1234567', 'DE', { default_country: 'US' }, '+49301234567'],
  ])('%j in %s %j -> %j', (input, country, options, expected) => {
    const out = runNormalizer(phoneNormalizer, input, options, 'phone', country ? { country } : {});
    expect(out.flags).toBeUndefined();
    expect(out.value).toBe(expected);
  });

  test('the extension is kept apart in <field>_ext; type and country are recorded', () => {
    expect(runNormalizer(phoneNormalizer, '415.555.2671 x123', { default_country: 'US' }, 'phone')).toEqual({
      value: '+14155552671',
      keys: { type: 'FIXED_LINE_OR_MOBILE', country: 'US' },
      set: { phone_ext: '123' },
    });
    expect(runNormalizer(phoneNormalizer, '+1 415 555 2671 ext. 45', {}, 'mobile').set).toEqual({ mobile_ext: '45' });
    expect(runNormalizer(phoneNormalizer, '0151 23456789', {}, 'mobile', { country: 'DE' }).keys).toEqual({ type: 'MOBILE', country: 'DE' });
    expect(runNormalizer(phoneNormalizer, '030 1234567', {}, 'phone', { country: 'DE' }).keys).toEqual({ type: 'FIXED_LINE', country: 'DE' });
  });

  test.each([
    ['000-000-0000', 'US'],
    ['555-0100', 'US'],
    ['N/A', 'US'],
    ['12', 'US'],
    ['030 1234567', undefined],
  ])('%j (%s) is flagged invalid and kept as it was', (input, country) => {
    const out = runNormalizer(phoneNormalizer, input, {}, 'phone', country ? { country } : {});
    expect(out.value).toBe(input);
    expect(out.flags?.[0]?.code).toBe('invalid_phone');
  });

  test('a repeated value is parsed once (cache) and gives the same answer', () => {
    const fn = phoneNormalizer.create(phoneNormalizer.options.parse({ default_country: 'US' }), 'phone');
    const first = fn('(415) 555-2671', { record: {} });
    expect(fn('(415) 555-2671', { record: {} })).toBe(first);
    expect(fn('(415) 555-2671', { record: { country: 'GB' } })).not.toBe(first);
  });
});
