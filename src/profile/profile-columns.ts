import { isInvalidFlag } from '../audit/verdicts.js';
import { lookupCountry } from '../normalizers/country.js';
import { getNormalizer } from '../normalizers/registry.js';
import type { NormalizeFn } from '../normalizers/types.js';
import { FIELD_KINDS, guessFields, headerFields, RECORD_ID } from './field-guess.js';
import { dateOrderOf, emptyKindTally, inferKind, tallyValue, type ColumnKind, type DateOrder, type KindTally, type KindVerdict } from './kinds.js';
import type { ColumnProfile, Counted } from './types.js';
import { valueShape } from './value-shape.js';

const TOP = 5;
/** Countries tried as the default of phone numbers written without a country code, when no column says. */
const PHONE_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'CH', 'AT', 'BE', 'CA', 'AU', 'CN', 'JP', 'IN', 'BR', 'MX'];
/** Values tried per candidate country. */
const COUNTRY_TRIAL = 300;

/** Counts a column's figures may be replaced with (a database counts them exactly in SQL). */
export interface ExactCounts {
  readonly rows: number;
  readonly filled: readonly number[];
  readonly placeholders: readonly number[];
  readonly distinct: readonly number[];
  readonly top: readonly (readonly Counted[])[];
}

function topOf(counts: Map<string, number>, n: number): Counted[] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n).map(([value, count]) => ({ value, count }));
}

interface ColumnScan {
  readonly values: Map<string, number>;
  filled: number;
  placeholders: number;
  tally: KindTally;
}

/** The validity of a column's filled values by its kind's normalizer; `country` gives each row's country (ISO code) for phones and postcodes. */
function validityOf(kind: ColumnKind, scan: ColumnScan, index: number, rows: readonly (readonly (string | null)[])[], isEmpty: (v: string | null | undefined) => boolean, dateOrder: DateOrder | undefined, country: (row: readonly (string | null)[]) => string | undefined, defaultCountry: string | undefined, distinct: number): number | undefined {
  if (scan.filled === 0) return undefined;
  if (kind === 'number' || kind === 'boolean') return scan.tally.kinds[kind] / scan.filled;
  if (kind === 'id') return distinct / scan.filled;
  let fn: NormalizeFn;
  const options = (name: string, given: object) => getNormalizer(name).options.parse(given);
  switch (kind) {
    case 'email':
      fn = getNormalizer('email').create(options('email', {}), 'email');
      break;
    case 'phone':
      fn = getNormalizer('phone').create(options('phone', defaultCountry ? { default_country: defaultCountry } : {}), 'phone');
      break;
    case 'postcode':
      if (defaultCountry === undefined) return undefined;
      fn = getNormalizer('postcode').create(options('postcode', { default_country: defaultCountry }), 'postcode');
      break;
    case 'date':
      fn = getNormalizer('date').create(options('date', { order: dateOrder?.order ?? 'MDY' }), 'date');
      break;
    case 'country':
      fn = getNormalizer('country').create(options('country', {}), 'country');
      break;
    case 'person_name':
      fn = getNormalizer('name').create(options('name', {}), 'first_name');
      break;
    default:
      return undefined;
  }
  let valid = 0;
  for (const row of rows) {
    const value = row[index];
    if (value === null || value === undefined || isEmpty(value)) continue;
    const rowCountry = country(row);
    const out = fn(value, { record: rowCountry ? { country: rowCountry } : {} });
    if (!out.flags?.some((f) => isInvalidFlag(f.code))) valid++;
  }
  return valid / scan.filled;
}

/** The country most phone numbers of a column read as valid in, when written without a country code. */
function bestPhoneCountry(values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  const trial = values.slice(0, COUNTRY_TRIAL);
  let best: { country: string; valid: number } | undefined;
  for (const country of PHONE_COUNTRIES) {
    const fn = getNormalizer('phone').create(getNormalizer('phone').options.parse({ default_country: country }), 'phone');
    const valid = trial.filter((v) => !fn(v, { record: {} }).flags?.some((f) => isInvalidFlag(f.code))).length;
    if (!best || valid > best.valid) best = { country, valid };
  }
  return best && best.valid > 0 ? best.country : undefined;
}

/**
 * Profiles every column from the rows read (all of them, or a sample): fill with placeholders counted as empty,
 * distinct and top values, shapes, the kind, its validity by the normalizers, and the field it most likely maps to.
 * `exact` replaces the counts with a database's own (counted over every row in SQL).
 */
export function profileColumns(columns: readonly string[], rows: readonly (readonly (string | null)[])[], isEmpty: (v: string | null | undefined) => boolean, exact?: ExactCounts): { columns: ColumnProfile[]; notes: string[] } {
  const notes: string[] = [];
  const scans: ColumnScan[] = columns.map(() => ({ values: new Map(), filled: 0, placeholders: 0, tally: emptyKindTally() }));
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const raw = row[i];
      if (raw === null || raw === undefined) continue;
      const scan = scans[i]!;
      if (isEmpty(raw)) {
        if (raw.trim() !== '') scan.placeholders++;
        continue;
      }
      scan.filled++;
      const value = raw.trim();
      scan.values.set(value, (scan.values.get(value) ?? 0) + 1);
    }
  }
  const byHeader = headerFields(columns);
  // Kinds are tallied once per distinct value, weighted by how often it occurs.
  const verdicts: KindVerdict[] = scans.map((scan, i) => {
    for (const [value, count] of scan.values) tallyValue(scan.tally, value, count);
    const header = byHeader[i];
    const expected = header === undefined ? undefined : header === RECORD_ID ? 'id' : FIELD_KINDS[header] ?? 'text';
    return inferKind(scan.tally, scan.values.size, expected);
  });
  const guesses = guessFields(columns, verdicts.map((v, i) => ({ ...v, filled: scans[i]!.filled })));

  // The row's country, from the column mapped to country (else one whose values are countries).
  let countryColumn = guesses.findIndex((g) => g?.field === 'country');
  if (countryColumn === -1) countryColumn = verdicts.findIndex((v) => v.kind === 'country');
  const countryOf = (row: readonly (string | null)[]) => {
    if (countryColumn === -1) return undefined;
    const value = row[countryColumn];
    return value ? lookupCountry(value) : undefined;
  };
  let fileCountry: string | undefined;
  if (countryColumn !== -1) {
    const counts = new Map<string, number>();
    for (const [value, count] of scans[countryColumn]!.values) {
      const code = lookupCountry(value);
      if (code) counts.set(code, (counts.get(code) ?? 0) + count);
    }
    fileCountry = topOf(counts, 1)[0]?.value;
  }
  if (fileCountry === undefined) {
    const phones = verdicts.flatMap((v, i) => (v.kind === 'phone' ? [...scans[i]!.values.keys()] : []));
    fileCountry = bestPhoneCountry(phones);
    if (fileCountry !== undefined) notes.push(`no country column: phone numbers without a country code read best as ${fileCountry}`);
  }

  const profiles = columns.map((name, i): ColumnProfile => {
    const scan = scans[i]!;
    const verdict = verdicts[i]!;
    const dateOrder = verdict.kind === 'date' ? dateOrderOf(scan.tally) : undefined;
    const shapes = new Map<string, number>();
    for (const [value, count] of scan.values) {
      const shape = valueShape(value);
      shapes.set(shape, (shapes.get(shape) ?? 0) + count);
    }
    const defaultCountry = verdict.kind === 'phone' || verdict.kind === 'postcode' ? fileCountry : undefined;
    const total = exact?.rows ?? rows.length;
    const filled = exact?.filled[i] ?? scan.filled;
    const distinct = exact?.distinct[i] ?? scan.values.size;
    const validity = validityOf(verdict.kind, scan, i, rows, isEmpty, dateOrder, countryOf, defaultCountry, scan.values.size);
    return {
      name,
      kind: verdict.kind,
      kindShare: verdict.share,
      dateOrder,
      filled,
      placeholders: exact?.placeholders[i] ?? scan.placeholders,
      fill: total === 0 ? 0 : filled / total,
      distinct,
      top: exact?.top[i] ?? topOf(scan.values, TOP),
      shapes: topOf(shapes, TOP),
      validity,
      defaultCountry,
      field: guesses[i],
    };
  });
  return { columns: profiles, notes };
}
