import { z } from 'zod';
import { NULL_LEVEL, type ComparatorDefinition } from '../types.js';
import { elseLevel, fieldComparison, memo } from './levels.js';

/** Two-digit country calling codes; 1 and 7 are the only one-digit codes, every other code has three digits (ITU E.164). */
const TWO_DIGIT_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49', '51', '52', '53', '54', '55',
  '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98',
]);

function countryCodeLength(digits: string): number {
  const first = digits[0];
  if (first === '1' || first === '7') return 1;
  return TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
}

interface PhoneParts {
  /** '+' and the digits for international numbers, the digits otherwise: formatting ignored. */
  readonly canonical: string;
  /** The country code, or '' when the number was written without one. */
  readonly country: string;
  /** The digits after the country code, without the trunk prefix 0 (+49 40 ... and 040 ... both give 40...). */
  readonly national: string;
  readonly digits: string;
}

/** Splits an E.164 number (+494012345678) or raw text (040 1234 5678, 0049 40 ...) into comparable parts; undefined without digits. */
export function phoneParts(value: string): PhoneParts | undefined {
  let digits = value.replace(/\D+/g, '');
  if (digits === '') return undefined;
  let international = value.trimStart().startsWith('+');
  if (!international && digits.startsWith('00')) {
    international = true;
    digits = digits.slice(2);
  }
  if (!international) return { canonical: digits, country: '', national: digits.replace(/^0+/, ''), digits };
  const length = countryCodeLength(digits);
  return { canonical: `+${digits}`, country: digits.slice(0, length), national: digits.slice(length).replace(/^0+/, ''), digits };
}

const TWO_DIGIT_NUMBERS = new Set([...TWO_DIGIT_CODES].map(Number));

/**
 * '+' and at least 8 digits, nothing else, with no trunk 0 after the country code: two different such
 * numbers are never the same national number, so they compare without being split into parts.
 */
function plainE164(value: string): boolean {
  if (value.charCodeAt(0) !== 43 || value.length < 9) return false;
  for (let i = 1; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  const first = value.charCodeAt(1) - 48;
  const codeLength = first === 1 || first === 7 ? 1 : TWO_DIGIT_NUMBERS.has(first * 10 + value.charCodeAt(2) - 48) ? 2 : 3;
  return value.charCodeAt(1 + codeLength) !== 48;
}

/** Whether the last `n` characters of a and b agree (both at least n long). */
function sameEnd(a: string, b: string, n: number): boolean {
  for (let i = 1; i <= n; i++) if (a.charCodeAt(a.length - i) !== b.charCodeAt(b.length - i)) return false;
  return true;
}

export const phoneComparator: ComparatorDefinition<Record<string, never>> = {
  name: 'phone',
  description: 'Phone numbers (E.164 after the phone normalizer, or raw text): the same number, the same number with and without the country code, or the same last 7 digits.',
  options: z.strictObject({}),
  create(_options, field, name) {
    const parts = memo(phoneParts);
    const levels = [
      { label: 'exact', description: 'are the same number' },
      { label: 'same national number', description: 'are the same number, once written with and once without the country code or trunk 0' },
      { label: 'same last 7 digits', description: 'end in the same 7 digits (the same line under a different area or country code)' },
      elseLevel,
    ];
    return fieldComparison({ name, method: 'phone', field, levels }, (va, vb) => {
      // Two different E.164 numbers (what the phone normalizer writes) can only share their last 7 digits.
      if (plainE164(va) && plainE164(vb)) return sameEnd(va, vb, 7) ? 2 : 3;
      const pa = parts(va);
      const pb = parts(vb);
      // Text without a single digit ("n/a", "unknown") says nothing about the number.
      if (pa === undefined || pb === undefined) return NULL_LEVEL;
      if (pa.canonical === pb.canonical) return 0;
      if (pa.national === pb.national && (pa.country === pb.country || pa.country === '' || pb.country === '')) return 1;
      // A raw number written with its country code but no + (14155552671).
      if ((pa.country === '' && pa.digits === pb.country + pb.national) || (pb.country === '' && pb.digits === pa.country + pa.national)) return 1;
      if (pa.digits.length >= 7 && pb.digits.length >= 7 && pa.digits.slice(-7) === pb.digits.slice(-7)) return 2;
      return 3;
    });
  },
};
