import { companyKey } from '../normalizers/company.js';
import { lookupCountry } from '../normalizers/country.js';

/** What a column holds, as `steward profile` names it. */
export const COLUMN_KINDS = ['email', 'phone', 'date', 'postcode', 'country', 'person_name', 'company', 'number', 'boolean', 'id', 'text'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/** The kinds a single value can look like (id and text are decided per column). */
export type ValueKind = Exclude<ColumnKind, 'id' | 'text'>;

const EMAIL = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()".]{2,}$/;
const BOOLEAN = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 't', 'f', '0', '1', 'ja', 'nein', 'si', 'sí', 'oui', 'non', 'wahr', 'falsch', 'verdadero', 'falso', 'vrai', 'faux', 'x', '是', '否']);
const NUMBER = /^[-+]?(?:\d+|\d{1,3}(?:[,.' ]\d{3})+)(?:[.,]\d+)?$/;
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD_SLASH = /^\d{4}[/.]\d{1,2}[/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const NUMERIC_DATE = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const CJK_DATE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
/** 4 Mar 2021, 4. März 2021, March 4, 2021, Mar-04-2021: a word and a four-digit year. */
const WORD_DATE = /^(?:\d{1,2}\.?\s*[\p{L}]{3,}\.?,?\s*\d{4}|[\p{L}]{3,}\.?\s*\d{1,2},?\s*\d{4}|\d{1,2}-[\p{L}]{3}-\d{2,4})$/u;
const MONTH_WORD = /^(jan|feb|m[aä]r|apr|ma[iyg]|jun|jul|aug|sep|o[ck]t|nov|d[eé][cz]|janv|f[eé]v|avr|juin|juil|ao[uû]|ene|abr|ago|dic|gen|giu|lug|set|ott|mrt|mei)/i;
const PHONE_CHARS = /^\+?[\d\s().\-/]+$/;
const PERSON = /^[\p{Lu}\p{Lt}][\p{L}\p{M}'’.\-]*(?:,?\s+[\p{L}\p{M}'’.\-]+){0,3}$/u;
const PERSON_LOWER = /^[\p{L}\p{M}'’.\-]+(?:,?\s+[\p{L}\p{M}'’.\-]+){0,3}$/u;
/** 王伟, 山田　太郎, 伊藤 さくら: two to four Han or Hangul, or a family and a given name with a space between (kana in the given name). */
const CJK_NAME = /^(?:[\p{Script=Han}\p{Script=Hangul}]{2,4}|[\p{Script=Han}\p{Script=Hangul}]{1,3}[ \u3000][\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]{1,4})$/u;
/** 2 to 7 letters and digits with a digit, then maybe a second part: 10115, SW1A 1AA, 1016 BR, 100022 (CN, IN, RU), 1000001 (JP). */
const POSTCODE = /^(?=.*\d)[A-Z0-9]{2,7}(?:[ -][A-Z0-9]{2,4})?$/i;
/** An IP address (73.15.201.44): digits and dots like a phone written with dots, but four groups of at most three. */
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** A street, not a person: a street word first (Via Roma, Rue de Rivoli) or last (Market Street, Park Ave), or a compound (Hauptstraße, Keizersgracht). */
const STREET_WORD = /^(?:via|viale|corso|piazza|piazzale|vicolo|strada|largo|contrada|lungolago|lungomare|rue|chemin|impasse|avenue|boulevard|avenida|calle|plaza|paseo|rua|travessa)(?:\s|$)|\s(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|terrace|way)\.?(?:\s+[nsew]{1,2})?$|\p{L}(?:stra(?:ß|ss)e|str\.|weg|straat|laan|gracht|plein|gasse|platz)$/iu;
/** One to three capitals: a code (IL, ON, NSW, USA), not a name. */
const CAPITALS_CODE = /^\p{Lu}{1,3}$/u;

/** How a numeric date orders day and month, when its numbers say so: 13/04/2021 is day first. */
export type DateEvidence = 'day_first' | 'month_first' | 'year_first' | 'dotted' | 'ambiguous' | 'words';

/** The order a numeric date shows, or undefined for a value that is not one. */
export function dateEvidence(value: string): DateEvidence | undefined {
  const v = value.trim();
  if (ISO_DATE.test(v) || YMD_SLASH.test(v) || CJK_DATE.test(v)) return 'year_first';
  const m = NUMERIC_DATE.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a === 0 || b === 0 || (a > 12 && b > 12) || a > 31 || b > 31) return undefined;
    if (a > 12) return 'day_first';
    if (b > 12) return 'month_first';
    return m[2] === '.' ? 'dotted' : 'ambiguous';
  }
  if (WORD_DATE.test(v) && MONTH_WORD.test(v.replace(/^[\d.\s]+/, ''))) return 'words';
  return undefined;
}

function digitCount(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** A phone number written as one: 7 to 15 digits with a +, a leading 0, brackets or separators (not a date). */
export function looksLikePhone(value: string): boolean {
  const v = value.trim();
  if (!PHONE_CHARS.test(v)) return false;
  const digits = digitCount(v);
  if (digits < 7 || digits > 15) return false;
  if (NUMERIC_DATE.test(v) || ISO_DATE.test(v) || YMD_SLASH.test(v) || IPV4.test(v)) return false;
  if (/^\d+$/.test(v)) return digits >= 10 || v.startsWith('0');
  return true;
}

/** Whether a name carries a legal form or "&" (Acme Inc., Müller GmbH, Smith & Sons, 华为技术有限公司). */
export function looksLikeCompany(value: string): boolean {
  const v = value.trim();
  if (/&|\+/.test(v) || /有限公司|股份|集团|集團|株式会社|公司$/.test(v)) return true;
  const plain = v.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return plain.length > 0 && companyKey(v) !== plain && /\s|\./.test(v);
}

/** Every kind one value could be; a column's kind is decided from the shares of its values (see inferKind). */
export function valueKinds(value: string): ValueKind[] {
  const v = value.trim();
  const kinds: ValueKind[] = [];
  if (EMAIL.test(v)) return ['email'];
  const lower = v.toLowerCase();
  if (BOOLEAN.has(lower)) kinds.push('boolean');
  if (NUMBER.test(v)) kinds.push('number');
  if (dateEvidence(v) !== undefined) kinds.push('date');
  if (looksLikePhone(v)) kinds.push('phone');
  if (v.length <= 11 && POSTCODE.test(v)) kinds.push('postcode');
  if (v.length >= 2 && v.length <= 60 && lookupCountry(v) !== undefined) kinds.push('country');
  if (!/\d/.test(v)) {
    if (looksLikeCompany(v)) kinds.push('company');
    else if (!CAPITALS_CODE.test(v) && !STREET_WORD.test(v) && (PERSON.test(v) || CJK_NAME.test(v) || (PERSON_LOWER.test(v) && v === v.toUpperCase() && v !== v.toLowerCase()))) kinds.push('person_name');
  } else if (looksLikeCompany(v)) kinds.push('company');
  return kinds;
}

/** What the values of a column looked like: how many filled values could be each kind, and how often each date order showed. */
export interface KindTally {
  filled: number;
  readonly kinds: Record<ValueKind, number>;
  readonly dates: Record<DateEvidence, number>;
  /** Values without spaces, with a digit, at most 40 characters: codes and numbers an id is made of. */
  codeLike: number;
  /** Values of more than 5 words or 60 characters. */
  prose: number;
}

export function emptyKindTally(): KindTally {
  return {
    filled: 0,
    kinds: { email: 0, phone: 0, date: 0, postcode: 0, country: 0, person_name: 0, company: 0, number: 0, boolean: 0 },
    dates: { day_first: 0, month_first: 0, year_first: 0, dotted: 0, ambiguous: 0, words: 0 },
    codeLike: 0,
    prose: 0,
  };
}

/** Counts one value, `weight` times (a distinct value and how often it occurs). */
export function tallyValue(tally: KindTally, value: string, weight = 1): void {
  tally.filled += weight;
  for (const kind of valueKinds(value)) tally.kinds[kind] += weight;
  const evidence = dateEvidence(value);
  if (evidence !== undefined) tally.dates[evidence] += weight;
  const v = value.trim();
  if (v.length <= 40 && !/\s/.test(v) && /\d/.test(v)) tally.codeLike += weight;
  if (v.length > 60 || v.split(/\s+/).length > 5) tally.prose += weight;
}

export interface KindVerdict {
  readonly kind: ColumnKind;
  /** Share of the filled values that look like the kind (for id: unique and code-like). */
  readonly share: number;
}

/**
 * A column's kind from its values' shares, most specific first; `expected` is the kind its header suggests (a
 * header named like a postcode column tips a column of five-digit numbers to postcode). `distinct` is the number
 * of distinct filled values, for booleans (a few values) and ids (all different).
 */
export function inferKind(tally: KindTally, distinct: number, expected?: ColumnKind): KindVerdict {
  const n = tally.filled;
  if (n === 0) return { kind: expected ?? 'text', share: 0 };
  const share = (kind: ValueKind) => tally.kinds[kind] / n;
  if (expected && expected !== 'text' && expected !== 'id' && share(expected) >= 0.5) return { kind: expected, share: share(expected) };
  const verdict = inferFromValues(tally, distinct, expected);
  // A header naming a text field (city, title, source) makes name-like words text: "London" reads like "Smith".
  if (expected === 'text' && (verdict.kind === 'person_name' || verdict.kind === 'company')) return { kind: 'text', share: 1 };
  return verdict;
}

function inferFromValues(tally: KindTally, distinct: number, expected: ColumnKind | undefined): KindVerdict {
  const n = tally.filled;
  const share = (kind: ValueKind) => tally.kinds[kind] / n;
  const unique = distinct >= n * 0.98 && n >= 2;
  if (expected === 'id' && (unique || tally.codeLike / n >= 0.9)) return { kind: 'id', share: tally.codeLike / n };
  if (share('boolean') >= 0.95 && distinct <= 3) return { kind: 'boolean', share: share('boolean') };
  if (share('email') >= 0.5) return { kind: 'email', share: share('email') };
  const datesPlain = tally.kinds.date - tally.dates.year_first;
  if (share('date') >= 0.6 && !(share('number') > 0.5 && datesPlain === 0 && tally.dates.year_first === 0)) return { kind: 'date', share: share('date') };
  if (share('country') >= 0.8 && distinct <= 300) return { kind: 'country', share: share('country') };
  // Unique plain numbers (points, amounts) are numbers unless the header says id; codes with letters or dashes are ids.
  if (unique && tally.codeLike / n >= 0.9 && share('phone') < 0.5 && share('number') < 0.9) return { kind: 'id', share: tally.codeLike / n };
  if (share('phone') >= 0.6) return { kind: 'phone', share: share('phone') };
  if (share('number') >= 0.9) return { kind: 'number', share: share('number') };
  if (share('postcode') >= 0.8 && tally.codeLike / n >= 0.5) return { kind: 'postcode', share: share('postcode') };
  const named = share('person_name') + share('company');
  if (share('company') >= 0.2 && named >= 0.6 && tally.prose / n < 0.2) return { kind: 'company', share: named };
  // Names hardly repeat; a few words over and over (Web, Cold Call, Trade Show) are categories.
  const varied = n < 10 || distinct >= n * 0.5;
  if (share('person_name') >= 0.7 && tally.prose / n < 0.1 && varied) return { kind: 'person_name', share: share('person_name') };
  return { kind: 'text', share: 1 };
}

/** The day/month order a date column shows, and the counts that say so. */
export interface DateOrder {
  readonly order: 'DMY' | 'MDY' | 'YMD';
  /** Values only the day-first reading can read (13/04/2021), and only month-first (04/13/2021). */
  readonly dayFirst: number;
  readonly monthFirst: number;
  /** certain: only one order was seen; assumed: no value could tell; mixed: both were seen. */
  readonly basis: 'certain' | 'assumed' | 'mixed';
}

export function dateOrderOf(tally: KindTally): DateOrder {
  const d = tally.dates;
  const dayFirst = d.day_first;
  const monthFirst = d.month_first;
  if (dayFirst > 0 && monthFirst > 0) return { order: dayFirst >= monthFirst ? 'DMY' : 'MDY', dayFirst, monthFirst, basis: 'mixed' };
  if (dayFirst > 0) return { order: 'DMY', dayFirst, monthFirst, basis: 'certain' };
  if (monthFirst > 0) return { order: 'MDY', dayFirst, monthFirst, basis: 'certain' };
  // Dotted dates are day first wherever they are written; only year-first dates: YMD; else the US reading.
  if (d.dotted > 0) return { order: 'DMY', dayFirst, monthFirst, basis: d.ambiguous > 0 ? 'assumed' : 'certain' };
  if (d.ambiguous === 0 && d.year_first > 0) return { order: 'YMD', dayFirst, monthFirst, basis: 'certain' };
  return { order: 'MDY', dayFirst, monthFirst, basis: 'assumed' };
}
