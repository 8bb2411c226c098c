import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { NormalizeOutput, NormalizerDefinition } from './types.js';
import { fastParsePhone } from './phone-fast-path.js';
import { nfkc } from './text.js';
import { createMemo } from './memo.js';

export interface PhoneOptions {
  readonly default_country?: string | undefined;
  readonly country_field: string;
}

const CACHE_LIMIT = 200_000;

/** Cleans what libphonenumber does not: full-width digits, "(0)" after a country code, 00 as international prefix. */
function prepare(input: string): string {
  let text = nfkc(input).trim();
  if (/^(\+|00)/.test(text)) text = text.replace(/\(\s*0\s*\)/, ' ');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  return text;
}

export const phoneNormalizer: NormalizerDefinition<PhoneOptions> = {
  name: 'phone',
  description: 'Parse a phone number (libphonenumber) into E.164 (+14155552671); the extension goes to <field>_ext; phone.type and phone.country are recorded; invalid numbers are flagged and kept.',
  keys: ['type', 'country'],
  options: z.strictObject({
    default_country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like US or DE')
      .refine((code) => !/^[A-Za-z]{2}$/.test(code) || isSupportedCountry(code.toUpperCase()), 'must be a country whose phone numbers libphonenumber knows, an ISO 3166-1 alpha-2 code like US, DE, GB or FR')
      .optional()
      .describe('Country of numbers written without a country code, when the record has no country.'),
    country_field: z.string().default('country').describe("The record's country field (normalized first); its ISO code is the default country for that record."),
  }),
  reads: (options) => [options.country_field],
  create(options, field) {
    const fallback = options.default_country?.toUpperCase() as CountryCode | undefined;
    // Legacy exports repeat numbers (switchboards, placeholders): parse each (country, text) once.
    const cache = createMemo<NormalizeOutput>(CACHE_LIMIT);
    return (input, context) => {
      const recordCountry = context.record[options.country_field];
      const country = (recordCountry && /^[A-Z]{2}$/.test(recordCountry) ? recordCountry : fallback) as CountryCode | undefined;
      const cacheKey = `${country ?? ''}|${input}`;
      const cached = cache.get(cacheKey);
      if (cached) return cached;
      const result = parse(input, country, field);
      cache.set(cacheKey, result);
      return result;
    };
  },
};

function parse(input: string, country: CountryCode | undefined, field: string): NormalizeOutput {
  const text = prepare(input);
  const fast = fastParsePhone(text, country);
  if (fast) return { value: fast.e164, keys: { type: fast.type, country: fast.country } };
  if (!/\d/.test(text)) return { value: input, flags: [{ code: 'invalid_phone', reason: `not a phone number: ${JSON.stringify(input)}` }] };
  let number;
  try {
    number = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
  } catch {
    number = undefined;
  }
  if (!number) {
    const why = !country && !text.startsWith('+') ? ' (no country code, and no default country for this record)' : '';
    return { value: input, flags: [{ code: 'invalid_phone', reason: `cannot read ${JSON.stringify(input)} as a phone number${why}` }] };
  }
  if (!number.isValid()) {
    return { value: input, flags: [{ code: 'invalid_phone', reason: `${JSON.stringify(input)} is not a valid number${number.country ? ` for ${number.country}` : ''}` }] };
  }
  const keys: Record<string, string> = { type: number.getType() ?? 'unknown' };
  if (number.country) keys['country'] = number.country;
  return number.ext ? { value: number.number, keys, set: { [`${field}_ext`]: number.ext } } : { value: number.number, keys };
}
