import { z } from 'zod';
import type { NormalizeOutput, NormalizerDefinition } from './types.js';
import { isCountryCode } from './country.js';
import { nfkc } from './text.js';
import { createMemo } from './memo.js';

interface PostcodeRule {
  readonly pattern: RegExp;
  /** Brings a valid-looking value into its usual written form. */
  readonly format?: (compact: string) => string;
  /** Repairs a known legacy mistake (a US ZIP that lost its leading zero in a spreadsheet). */
  readonly repair?: (compact: string) => string | undefined;
}

const RULES: Record<string, PostcodeRule> = {
  US: {
    pattern: /^\d{5}(\d{4})?$/,
    format: (c) => (c.length === 9 ? `${c.slice(0, 5)}-${c.slice(5)}` : c),
    repair: (c) => (/^\d{3,4}$/.test(c) ? c.padStart(5, '0') : /^\d{8}$/.test(c) ? `0${c}` : undefined),
  },
  GB: {
    pattern: /^(GIR0AA|[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2})$/,
    format: (c) => `${c.slice(0, -3)} ${c.slice(-3)}`,
  },
  DE: { pattern: /^(0[1-9]|[1-9]\d)\d{3}$/, repair: (c) => (/^[1-9]\d{3}$/.test(c) ? `0${c}` : undefined) },
  ES: { pattern: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/, repair: (c) => (/^[1-9]\d{3}$/.test(c) ? `0${c}` : undefined) },
  FR: { pattern: /^(0[1-9]|[1-8]\d|9[0-8])\d{3}$/, repair: (c) => (/^[1-9]\d{3}$/.test(c) ? `0${c}` : undefined) },
  CN: { pattern: /^[1-8]\d{5}$/ },
  IT: { pattern: /^\d{5}$/ },
  NL: { pattern: /^[1-9]\d{3}[A-Z]{2}$/, format: (c) => `${c.slice(0, 4)} ${c.slice(4)}` },
  CA: { pattern: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/, format: (c) => `${c.slice(0, 3)} ${c.slice(3)}` },
  AU: { pattern: /^\d{4}$/, repair: (c) => (/^\d{3}$/.test(c) ? `0${c}` : undefined) },
  JP: { pattern: /^\d{7}$/, format: (c) => `${c.slice(0, 3)}-${c.slice(3)}` },
  CH: { pattern: /^[1-9]\d{3}$/ },
  AT: { pattern: /^[1-9]\d{3}$/ },
  IN: { pattern: /^[1-9]\d{5}$/ },
  BR: { pattern: /^\d{8}$/, format: (c) => `${c.slice(0, 5)}-${c.slice(5)}` },
  MX: { pattern: /^\d{5}$/ },
};

export interface PostcodeOptions {
  readonly country_field: string;
  readonly default_country?: string | undefined;
  readonly repair: boolean;
}

export const postcodeNormalizer: NormalizerDefinition<PostcodeOptions> = {
  name: 'postcode',
  description: "Check a postcode against its country's format (US ZIP and ZIP+4, UK, DE, ES, FR, CN, …) and write it the usual way; restores leading zeros lost in spreadsheets.",
  options: z.strictObject({
    country_field: z.string().default('country').describe("The record's country field (normalized first) that decides the format."),
    default_country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like US or DE')
      .refine((code) => !/^[A-Za-z]{2}$/.test(code) || isCountryCode(code), `must be an ISO 3166-1 alpha-2 country code like US, DE or GB (formats are known for ${Object.keys(RULES).join(', ')})`)
      .optional()
      .describe('Country to assume when the record has none.'),
    repair: z.boolean().default(true).describe('Restore a leading zero a spreadsheet dropped (US 2134 → 02134, DE 1067 → 01067).'),
  }),
  reads: (options) => [options.country_field],
  create(options) {
    const fallback = options.default_country?.toUpperCase();
    const memo = createMemo<NormalizeOutput>();
    return (input, context) => {
      const recordCountry = context.record[options.country_field];
      const country = recordCountry && /^[A-Z]{2}$/.test(recordCountry) ? recordCountry : fallback;
      const cacheKey = `${country ?? ''}|${input}`;
      const cached = memo.get(cacheKey);
      if (cached) return cached;
      const output = normalizePostcode(input, country);
      memo.set(cacheKey, output);
      return output;
    };

    function normalizePostcode(input: string, country: string | undefined): NormalizeOutput {
      // "〒100-0005" (Japan's postal mark) and "2134.0" (a ZIP that went through a spreadsheet as a number).
      const trimmed = nfkc(input).trim().replace(/^〒\s*/, '').replace(/^(\d+)\.0+$/, '$1');
      const rule = country ? RULES[country] : undefined;
      if (!rule) return { value: trimmed };
      const compact = trimmed.toUpperCase().replace(/[\s-]/g, '');
      if (rule.pattern.test(compact)) return { value: rule.format ? rule.format(compact) : compact };
      const repaired = options.repair ? rule.repair?.(compact) : undefined;
      if (repaired && rule.pattern.test(repaired)) return { value: rule.format ? rule.format(repaired) : repaired };
      return { value: input, flags: [{ code: 'invalid_postcode', reason: `${JSON.stringify(input)} is not a ${country} postcode` }] };
    }
  },
};
