import { describe, expect, test } from 'vitest';
import parsePhoneNumber, { getCountries, getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { fastParsePhone } from '../../../src/normalizers/phone-fast-path.js';

/** The fast path must say exactly what libphonenumber says, whenever it answers at all. */
describe('phone fast path agrees with libphonenumber', () => {
  // A small deterministic generator: the same numbers on every run.
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const countries = getCountries();
  const cases: { text: string; country: CountryCode | undefined }[] = [];
  for (const country of countries) {
    const example = getExampleNumber(country, examples);
    if (!example) continue;
    for (let variant = 0; variant < 6; variant++) {
      const national = example.nationalNumber.split('');
      // Change one or two of the last digits: mostly still valid, sometimes not.
      for (let k = 0; k < 1 + (variant % 2); k++) national[national.length - 1 - k] = String(Math.floor(random() * 10));
      const number = parsePhoneNumber(`+${example.countryCallingCode}${national.join('')}`);
      if (!number) continue;
      const other = countries[Math.floor(random() * countries.length)]!;
      cases.push({ text: number.formatNational(), country });
      cases.push({ text: number.formatInternational(), country: undefined });
      cases.push({ text: number.number, country: other });
      cases.push({ text: number.formatNational().replace(/\D/g, ''), country });
      cases.push({ text: number.formatNational(), country: other });
    }
  }
  cases.push(
    { text: '(415) 555-2671', country: 'US' },
    { text: '(416) 234-5678', country: 'US' },
    { text: '1-415-555-2671', country: 'US' },
    { text: '020 7946 0958', country: 'JE' },
    { text: '+49 030 1234567', country: undefined },
    { text: '030 1234567', country: 'DE' },
  );

  test(`${cases.length} numbers from every country's examples, in several formats`, () => {
    let answered = 0;
    const disagreements: string[] = [];
    for (const { text, country } of cases) {
      const fast = fastParsePhone(text, country);
      if (!fast) continue;
      answered += 1;
      const library = parsePhoneNumber(text, country ? { defaultCountry: country } : undefined);
      const same = library && library.isValid() && library.number === fast.e164 && library.country === fast.country && (library.getType() ?? 'unknown') === fast.type;
      if (!same) disagreements.push(`${text} (${country}): fast ${JSON.stringify(fast)}, library ${library?.number} ${library?.country} ${library?.getType()} valid=${library?.isValid()}`);
    }
    expect(disagreements).toEqual([]);
    // The fast path is only worth having if it answers most well-formed numbers.
    expect(answered / cases.length).toBeGreaterThan(0.5);
  });
});
