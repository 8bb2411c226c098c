import type { OutputValue } from '../types.js';
import type { SqlValue } from './sql-capabilities.js';
import type { TargetColumn } from './target-schema.js';

/** Why one value does not fit its column: the row carrying it is rejected with this. */
export interface ValueReject {
  readonly column: string;
  readonly code: string;
  /** What was wrong and what is allowed, for a person. */
  readonly reason: string;
  readonly value: string;
}

export type CoercedRow = { readonly values: SqlValue[]; readonly reject?: undefined } | { readonly values?: undefined; readonly reject: ValueReject };

export interface CoerceOptions {
  /** Cut text longer than its column to the column's length instead of rejecting the row (target.truncate). */
  readonly truncate: boolean;
}

interface Failure {
  readonly code: string;
  readonly allowed: string;
}
type Outcome = SqlValue | Failure;
const fail = (code: string, allowed: string): Failure => ({ code, allowed });
const isFailure = (outcome: Outcome): outcome is Failure => outcome !== null && typeof outcome === 'object';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^([+-]?\d+)(\.0*)?$/;
const UUID = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$/;
const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', 'off']);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isCalendarDay(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= MONTH_DAYS[mo - 1]! + (leap ? 1 : 0);
}

/** A date and time read from ISO-8601 text: checked against the calendar; the offset in minutes when one was given. */
function parseDateTime(text: string): { y: number; mo: number; d: number; h: number; mi: number; s: number; fraction: string; offset?: number } | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (!isCalendarDay(y!, mo!, d!) || h > 23 || mi > 59 || s > 59) return undefined;
  const zone = m[8];
  let offset: number | undefined;
  if (zone !== undefined) {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    offset = z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0)) : 0;
  }
  return { y: y!, mo: mo!, d: d!, h, mi, s, fraction: m[7] ?? '', ...(offset !== undefined ? { offset } : {}) };
}

/** The wall-clock time in UTC of a parsed moment (an offset moves it; none means it is UTC already). */
function toUtc(t: NonNullable<ReturnType<typeof parseDateTime>>): string {
  const at = new Date(Date.UTC(t.y, t.mo - 1, t.d, t.h, t.mi - (t.offset ?? 0), t.s));
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}${t.fraction}`;
}

const bounds = new Map<string, { min: bigint; max: bigint }>();
/** The whole numbers an integer column of `bits` holds (computed once per size). */
function integerBounds(bits: number, unsigned: boolean): { min: bigint; max: bigint } {
  const key = `${bits}${unsigned ? 'u' : ''}`;
  let range = bounds.get(key);
  if (!range) {
    range = unsigned ? { min: 0n, max: 2n ** BigInt(bits) - 1n } : { min: -(2n ** BigInt(bits - 1)), max: 2n ** BigInt(bits - 1) - 1n };
    bounds.set(key, range);
  }
  return range;
}

/** One value, coerced to its column's kind: the canonical text the database reads, 1/0 for booleans, or why it does not fit. */
function coerceValue(column: TargetColumn, text: string, options: CoerceOptions): Outcome {
  switch (column.kind) {
    case 'text': {
      const max = column.maxLength;
      // UTF-16 length is never less than the number of characters: most values need no counting.
      if (max === undefined || text.length <= max) return text;
      const chars = Array.from(text);
      if (chars.length <= max) return text;
      if (options.truncate) return chars.slice(0, max).join('');
      return fail('TOO_LONG', `at most ${max} characters (it has ${chars.length}; target.truncate: true cuts it)`);
    }
    case 'integer': {
      const m = INTEGER.exec(text.trim());
      if (!m) return fail('NOT_AN_INTEGER', 'a whole number');
      const value = BigInt(m[1]!);
      const range = integerBounds(column.bits ?? 64, column.unsigned ?? false);
      if (value < range.min || value > range.max) return fail('OUT_OF_RANGE', `a whole number from ${range.min} to ${range.max}`);
      return value.toString();
    }
    case 'decimal':
    case 'float': {
      const trimmed = text.trim();
      if (!NUMBER.test(trimmed) || !Number.isFinite(Number(trimmed))) return fail('NOT_A_NUMBER', 'a number like 12.50 (a point, no thousands separators)');
      if (column.precision !== undefined) {
        const whole = Math.abs(Math.trunc(Number(trimmed)));
        const digits = whole === 0 ? 0 : whole.toFixed(0).length;
        const allowed = column.precision - (column.scale ?? 0);
        if (digits > allowed) return fail('OUT_OF_RANGE', `at most ${allowed} digit${allowed === 1 ? '' : 's'} before the point`);
      }
      return trimmed;
    }
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (TRUE.has(lower)) return 1;
      if (FALSE.has(lower)) return 0;
      return fail('NOT_A_BOOLEAN', 'true/false, yes/no, y/n, t/f, on/off or 1/0');
    }
    case 'date': {
      // Most dates are already YYYY-MM-DD (the date normalizer writes them so): check the calendar, keep the text.
      if (text.length === 10 && PLAIN_DATE.test(text) && isCalendarDay(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)))) return text;
      const t = parseDateTime(text.trim());
      if (!t || t.h !== 0 || t.mi !== 0 || t.s !== 0 || /[1-9]/.test(t.fraction)) return fail('BAD_DATE', 'a date YYYY-MM-DD');
      return `${pad(t.y, 4)}-${pad(t.mo)}-${pad(t.d)}`;
    }
    case 'timestamp':
    case 'timestamptz': {
      const t = parseDateTime(text.trim());
      if (!t) return fail('BAD_TIMESTAMP', 'a date and time YYYY-MM-DD HH:MM[:SS[.ffffff]], optionally with Z or an offset (+02:00)');
      // A moment with an offset is written in UTC, and a time without one is taken as UTC: the server's time zone never moves it.
      return column.kind === 'timestamptz' ? `${toUtc(t)}+00:00` : t.offset === undefined ? toUtc({ ...t, offset: 0 }) : toUtc(t);
    }
    case 'time': {
      const m = TIME.exec(text.trim());
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return fail('BAD_TIME', 'a time HH:MM[:SS]');
      return text.trim();
    }
    case 'uuid': {
      const m = UUID.exec(text.trim());
      if (!m) return fail('BAD_UUID', 'a UUID like 123e4567-e89b-12d3-a456-426614174000');
      return m.slice(1, 6).join('-').toLowerCase();
    }
    case 'json': {
      try {
        JSON.parse(text);
        return text;
      } catch {
        return fail('BAD_JSON', 'JSON text');
      }
    }
    case 'enum': {
      const values = column.values ?? [];
      if (values.includes(text)) return text;
      const lower = text.trim().toLowerCase();
      const matches = values.filter((v) => v.toLowerCase() === lower);
      if (matches.length === 1) return matches[0]!;
      return fail('NOT_IN_ENUM', `one of ${values.join(', ')}`);
    }
    default:
      return text;
  }
}

/** A value in a message: quoted, and cut at 80 characters. */
export const showValue = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}…` : value);

/**
 * Makes the coercer for one export: each row's values turned into what its columns take, or the first value that
 * does not fit, with the reason. `columns[i]` undefined is a column the export adds itself (text, any value).
 */
export function createRowCoercer(names: readonly string[], columns: readonly (TargetColumn | undefined)[], options: CoerceOptions): (row: readonly OutputValue[]) => CoercedRow {
  // Each column's conversion chosen once: text without a length and columns the export adds take any value as it is,
  // and text short enough for its column (almost all of it) is kept without a call.
  const converters = columns.map((column): ((text: string) => Outcome) | undefined => {
    if (column === undefined || (column.kind === 'text' && column.maxLength === undefined)) return undefined;
    return (text) => coerceValue(column, text, options);
  });
  const maxLengths = columns.map((column) => (column?.kind === 'text' ? (column.maxLength ?? Infinity) : -1));
  return (row) => {
    const values: SqlValue[] = new Array<SqlValue>(names.length);
    for (let i = 0; i < names.length; i++) {
      const value = row[i] ?? null;
      if (value === null) {
        const column = columns[i];
        if (column && !column.nullable) {
          return { reject: { column: names[i]!, code: 'REQUIRED_EMPTY', reason: `column "${names[i]}" (${column.type}) is NOT NULL and the value is empty`, value: '' } };
        }
        values[i] = null;
        continue;
      }
      const convert = converters[i];
      // UTF-16 length is never less than the number of characters: a value this short fits.
      if (convert === undefined || value.length <= maxLengths[i]!) {
        values[i] = value;
        continue;
      }
      const outcome = convert(value);
      if (isFailure(outcome)) {
        return { reject: { column: names[i]!, code: outcome.code, reason: `column "${names[i]}" (${columns[i]!.type}) takes ${outcome.allowed}, got ${showValue(value)}`, value } };
      }
      values[i] = outcome;
    }
    return { values };
  };
}
