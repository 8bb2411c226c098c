import { doubleMetaphone } from './similarity/double-metaphone.js';
import { soundex } from './similarity/soundex.js';
import type { MatchRecord } from './types.js';
import { memo } from './comparators/levels.js';

/** A transform applied to a value to make a blocking key: `last_name.metaphone`, `first_name.initial`, `postcode.prefix3`. */
type Transform = (value: string) => string;

const fold = (value: string) => value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const letters = (value: string) => fold(value).replace(/[^\p{L}\p{N}]+/gu, '');

const FIXED: Readonly<Record<string, Transform>> = {
  metaphone: (v) => doubleMetaphone(letters(v))[0],
  soundex: (v) => soundex(letters(v)),
  initial: (v) => letters(v).slice(0, 1),
  lower: (v) => fold(v).trim(),
  letters,
  digits: (v) => v.replace(/\D+/g, ''),
  year: (v) => (/^\d{4}/.exec(v.trim())?.[0] ?? ''),
  // The host of a web address or the domain of an email: https://www.Acme.com/about and sales@acme.com give acme.com.
  domain: (v) =>
    v
      .trim()
      .toLowerCase()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
      .replace(/^[^@/]*@/, '')
      .replace(/^www\d?\./, '')
      .replace(/[/?#:].*$/, '')
      .replace(/\.$/, ''),
  sorted_words: (v) => fold(v).split(/[^\p{L}\p{N}]+/u).filter(Boolean).sort().join(' '),
};

export const TRANSFORM_NAMES = [...Object.keys(FIXED), 'prefixN', 'lastN'] as const;

function transformFor(name: string): Transform | undefined {
  const fixed = FIXED[name];
  if (fixed) return fixed;
  const prefix = /^prefix(\d{1,2})$/.exec(name);
  if (prefix) {
    const n = Number(prefix[1]);
    return (v) => letters(v).slice(0, n);
  }
  const last = /^last(\d{1,2})$/.exec(name);
  if (last) {
    const n = Number(last[1]);
    return (v) => {
      const digits = v.replace(/\D+/g, '');
      return digits.length >= n ? digits.slice(-n) : '';
    };
  }
  return undefined;
}

export interface BlockingKeyPart {
  /** The record key read: a field (`postcode`) or a normalizer's key (`email.key`). */
  readonly key: string;
  readonly transforms: readonly string[];
  readonly text: string;
  value(record: MatchRecord): string;
  /** The part's value of a record's raw value (trimmed and transformed); '' is no value. */
  transform(raw: string): string;
}

/** Parses `last_name.metaphone`: trailing segments that name a transform are transforms, the rest is the record key. */
export function parseKeyPart(text: string): BlockingKeyPart | { error: string } {
  const segments = text.split('.');
  const names: string[] = [];
  while (segments.length > 1 && transformFor(segments[segments.length - 1]!)) names.unshift(segments.pop()!);
  const key = segments.join('.');
  if (key === '' || segments.some((s) => s === '')) return { error: `"${text}" is not a field, a field.key or field.transform` };
  const fns = names.map((n) => transformFor(n)!);
  const transform = (input: string) => {
    let value = input.trim();
    for (const fn of fns) {
      if (value === '') return '';
      value = fn(value);
    }
    return value;
  };
  // Names, cities and postcodes repeat: each distinct value is transformed (metaphone, folding) once.
  const transformed = fns.length > 0 ? memo(transform) : (input: string) => input.trim();
  return {
    key,
    transforms: names,
    text,
    transform,
    value(record) {
      const value = record[key];
      return value === undefined ? '' : transformed(value);
    },
  };
}
