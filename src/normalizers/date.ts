import { z } from 'zod';
import type { Flag, NormalizeOutput, NormalizerDefinition } from './types.js';
import { nfkc } from './text.js';

export interface DateOptions {
  readonly order: 'MDY' | 'DMY' | 'YMD';
  readonly excel_serial: boolean;
  readonly excel_serial_min: number;
  readonly two_digit_year_pivot: number;
  readonly time: 'keep' | 'drop';
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian), independent of
// the machine's time zone and of Date's two-digit-year quirks (H. Hinnant's civil-date algorithms).

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  if (month === 2) return day <= ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28);
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${PAD2[month]}-${PAD2[day]}`;
}

// ---------------------------------------------------------------------------------------------
// Month names (English, German, French, Spanish, Italian, Portuguese, Dutch), full and abbreviated.

const MONTH_NAMES: readonly string[] = [
  'january jan januar jänner jän janvier janv enero ene gennaio gen janeiro januari',
  'february feb februar feber février févr fév febrero febbraio fevereiro fev februari',
  'march mar märz mär mrz maerz mars marzo março maart mrt',
  'april apr avril avr abril abr aprile',
  'may mai mayo maggio mag maio mei',
  'june jun juni juin junio giugno giu junho',
  'july jul juli juillet juil julio luglio lug julho',
  'august aug août aout agosto ago augustus',
  'september sep sept septembre septiembre setiembre set settembre setembro',
  'october oct oktober okt octobre octubre ottobre ott outubro out',
  'november nov novembre noviembre novembro',
  'december dec dezember dez décembre déc diciembre dic dicembre dezembro',
];

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const stripMarks = (word: string): string => word.normalize('NFD').replace(COMBINING_MARKS, '');

const MONTHS = new Map<string, number>();
MONTH_NAMES.forEach((names, index) => {
  for (const name of names.split(' ')) {
    MONTHS.set(name, index + 1);
    MONTHS.set(stripMarks(name), index + 1);
  }
});

/** Words that may come before a date and say nothing about it: weekdays and articles ("Thu,", "jeudi", "den", "le"). */
const PREFIX_WORDS = new Set<string>();
for (const word of (
  'monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat sunday sun ' +
  'montag mo dienstag di mittwoch mi donnerstag do freitag fr samstag sa sonnabend sonntag so den am ' +
  'lundi lun mardi mercredi mer jeudi jeu vendredi ven samedi sam dimanche dim le ' +
  'lunes martes miércoles mié jueves jue viernes vie sábado sáb domingo dom el ' +
  'lunedì martedì mercoledì giovedì venerdì sabato il ' +
  'segunda terça quarta quinta sexta ' +
  'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag'
).split(' ')) {
  // A word that is also a month ("mar": March, mardi, martes) is read as the month.
  if (!MONTHS.has(word)) PREFIX_WORDS.add(word);
  if (!MONTHS.has(stripMarks(word))) PREFIX_WORDS.add(stripMarks(word));
}

function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  return MONTHS.get(lower) ?? MONTHS.get(stripMarks(lower));
}

// ---------------------------------------------------------------------------------------------
// Zones: numeric offsets, and the fixed names RFC 2822 defines (plus CET/CEST, common in exports).

const ZONE_NAMES: Readonly<Record<string, number>> = {
  z: 0, ut: 0, utc: 0, gmt: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420, cet: 60, cest: 120,
};

// ---------------------------------------------------------------------------------------------
// Patterns, compiled once. Each date pattern leaves the rest of the text for TIME.

/** 2021-03-04, 2021/3/4, 2021.03.04 (year first: always year-month-day). */
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)(.*)$/s;
/** 20210304, 20190304T102200Z. */
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d{1,9})?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** 03/04/2021, 3/4/21, 04.03.2021, 03-04-2021 (the order decides, dots mean day first). */
const NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{1,2})(?!\d)(.*)$/s;
/** 44259, 44259.5 (Excel serial dates) and other bare numbers. */
const BARE_NUMBER = /^(\d+)(?:\.(\d+))?$/;
/** 2021年3月4日, 2021년 3월 4일, optionally followed by a weekday in brackets. */
const CJK = /^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?(?:\s*\([^)]*\))?\s*(.*)$/su;
/** 4 Mar 2021, 4 March 2021, 04-Mar-2021, 4. März 2021, 4 de marzo de 2021, 1er mars 2021, 4th March 21. */
const DAY_MONTH_YEAR =
  /^(\d{1,2})(?:st|nd|rd|th|er|\.)?[\s\-/.]*(?:de\s+)?(\p{L}+)\.?(?:\s+de\s+|\s*,\s*|[\s\-/.]*)(\d{4}|\d{2})(?!\d)(.*)$/su;
/** March 4, 2021, Mar 4 2021, Mar. 4th, 2021, Mar-04-2021. */
const MONTH_DAY_YEAR = /^(\p{L}+)\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?(?:\s*,\s*|[\s\-/.]+)(\d{4}|\d{2})(?!\d)(.*)$/su;
/** 2021-Mar-04, 2021 March 4. */
const YEAR_MONTH_DAY = /^(\d{4})[\s\-/.]+(\p{L}+)\.?[\s\-/.]+(\d{1,2})(?!\d)(?:st|nd|rd|th)?(.*)$/su;
/** A leading weekday or article: "Thu, ", "Donnerstag, den ". */
const PREFIX = /^(\p{L}+)\.?,?\s+/u;
/**
 * What may follow a date: a time (10:22, 10:22:00.123, 10:22 PM, 10h22, 14:05 Uhr), then a zone
 * (Z, +02:00, +0100, GMT+0100, UTC, EST) and a bracketed comment ("(Central European Standard Time)").
 */
const TIME =
  /^(?:\s*T\s*|\s*,\s*|\s+)(?:(?:at|um|à|a las|om)\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:\s*([ap])\.?\s?m\.?)?(?:\s*uhr)?(?:\s*(z|utc|gmt|ut|[ecmp][sd]t|cest|cet)(?![a-z]))?(?:\s*([+-])(\d{1,2})(?::?(\d{2}))?)?\s*(?:\([^)]*\))?\s*$/i;

// ---------------------------------------------------------------------------------------------

interface Parts {
  year: number;
  month: number;
  day: number;
  /** Seconds since midnight, when the text has a time. */
  seconds?: number;
  /** Minutes east of UTC, when the text names a zone. */
  offset?: number;
  /** Set when a numeric date could only be read in the other day/month order than the preferred one. */
  readAs?: NumericOrder;
}

type NumericOrder = 'MDY' | 'DMY';

type Result = Parts | 'invalid' | 'unparseable';

interface Reader {
  readonly options: DateOptions;
  readonly monthFirst: boolean;
}

function expandYear(text: string, pivot: number): number {
  const year = Number(text);
  if (text.length !== 2) return year;
  return year < pivot ? 2000 + year : 1900 + year;
}

/** Adds the time found in `rest` (or nothing, when rest is empty) to a date; checks both. */
function withTime(year: number, month: number, day: number, rest: string): Result {
  if (!isValidDate(year, month, day)) return rest === '' || TIME.test(rest) ? 'invalid' : 'unparseable';
  if (rest === '' || rest.trim() === '') return { year, month, day };
  const time = TIME.exec(rest);
  if (!time) return 'unparseable';
  let hour = Number(time[1]);
  const minute = Number(time[2]);
  const second = time[3] === undefined ? 0 : Number(time[3]);
  const meridiem = time[4]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return 'invalid';
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return 'invalid';
  const parts: Parts = { year, month, day, seconds: hour * 3600 + minute * 60 + second };
  const zoneName = time[5]?.toLowerCase();
  if (zoneName !== undefined || time[6] !== undefined) {
    let offset = zoneName === undefined ? 0 : ZONE_NAMES[zoneName]!;
    if (time[6] !== undefined) {
      const hours = Number(time[7]);
      const minutes = time[8] === undefined ? 0 : Number(time[8]);
      if (hours > 14 || minutes > 59) return 'invalid';
      offset += (time[6] === '-' ? -1 : 1) * (hours * 60 + minutes);
    }
    parts.offset = offset;
  }
  return parts;
}

/**
 * Day and month of a numeric date: the preferred reading, else the other one when only that is valid. With
 * `labels` (the preferred order's name, then the other's), a date read the other way says which order it had.
 */
function numericDate(year: number, first: number, second: number, monthFirst: boolean, rest: string, labels?: readonly [NumericOrder, NumericOrder]): Result {
  const [month, day] = monthFirst ? [first, second] : [second, first];
  if (isValidDate(year, month, day) || !isValidDate(year, day, month)) return withTime(year, month, day, rest);
  const result = withTime(year, day, month, rest);
  if (labels && typeof result === 'object') result.readAs = labels[1];
  return result;
}

function excelSerial(whole: string, fraction: string | undefined, reader: Reader): Result {
  const serial = Number(whole);
  if (whole.length > 7 || serial < reader.options.excel_serial_min || serial > 2958465 || !reader.options.excel_serial) return 'unparseable';
  // Excel's 1900 system counts 1900-02-29, which never was: serial 60 is that day, later serials are one too high.
  if (serial === 60) return 'invalid';
  let days = daysFromCivil(1899, 12, serial < 60 ? 31 : 30) + serial;
  let seconds = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 86400);
  if (seconds >= 86400) {
    days += 1;
    seconds = 0;
  }
  const [year, month, day] = civilFromDays(days);
  return seconds > 0 ? { year, month, day, seconds } : { year, month, day };
}

function parse(input: string, reader: Reader): Result {
  const { options } = reader;
  let text = nfkc(input).trim();
  const pivot = options.two_digit_year_pivot;
  let match: RegExpExecArray | null;

  if ((match = YEAR_FIRST.exec(text))) {
    return withTime(Number(match[1]), Number(match[3]), Number(match[4]), match[5]!);
  }
  if ((match = NUMERIC.exec(text))) {
    const a = Number(match[1]);
    const b = Number(match[3]);
    const last = match[4]!;
    const dots = match[2] === '.';
    // Year first only for all-two-digit dates read YMD (21/03/04) or whose first part cannot be a day.
    if (last.length <= 2 && !dots && (options.order === 'YMD' ? Number(last) <= 31 : a > 31)) {
      return numericDate(expandYear(match[1]!.padStart(2, '0'), pivot), b, Number(last), true, match[5]!);
    }
    if (last.length === 1) return 'unparseable';
    const monthFirst = !dots && reader.monthFirst;
    return numericDate(expandYear(last, pivot), a, b, monthFirst, match[5]!, monthFirst ? ['MDY', 'DMY'] : ['DMY', 'MDY']);
  }
  if ((match = BARE_NUMBER.exec(text))) {
    if (match[1]!.length === 8 && match[2] === undefined) {
      return withTime(Number(match[1]!.slice(0, 4)), Number(match[1]!.slice(4, 6)), Number(match[1]!.slice(6)), '');
    }
    return excelSerial(match[1]!, match[2], reader);
  }
  if ((match = COMPACT.exec(text))) {
    const rest = match[4] === undefined ? '' : `T${match[4]}:${match[5]}:${match[6] ?? '00'}${match[7] ?? ''}`;
    return withTime(Number(match[1]), Number(match[2]), Number(match[3]), rest);
  }
  if ((match = CJK.exec(text))) {
    return withTime(Number(match[1]), Number(match[2]), Number(match[3]), match[4] ? ` ${match[4]}` : '');
  }
  // Text dates: drop a leading weekday or article, then day-month-year, month-day-year or year-month-day.
  for (let i = 0; i < 2 && (match = PREFIX.exec(text)); i++) {
    const word = match[1]!.toLowerCase();
    if (!PREFIX_WORDS.has(word)) break;
    text = text.slice(match[0].length);
  }
  if ((match = DAY_MONTH_YEAR.exec(text))) {
    const month = monthNumber(match[2]!);
    if (month === undefined) return 'unparseable';
    return withTime(expandYear(match[3]!, pivot), month, Number(match[1]), match[4]!);
  }
  if ((match = MONTH_DAY_YEAR.exec(text))) {
    const month = monthNumber(match[1]!);
    if (month === undefined) return 'unparseable';
    return withTime(expandYear(match[3]!, pivot), month, Number(match[2]), match[4]!);
  }
  if ((match = YEAR_MONTH_DAY.exec(text))) {
    const month = monthNumber(match[2]!);
    if (month === undefined) return 'unparseable';
    return withTime(Number(match[1]), month, Number(match[3]), match[4]!);
  }
  return 'unparseable';
}

function format(parts: Parts, options: DateOptions): string | undefined {
  let { year, month, day } = parts;
  let seconds = parts.seconds;
  if (seconds !== undefined && parts.offset !== undefined) {
    // To UTC: whole minutes, so day numbers and seconds are enough.
    const total = daysFromCivil(year, month, day) * 86400 + seconds - parts.offset * 60;
    const days = Math.floor(total / 86400);
    seconds = total - days * 86400;
    [year, month, day] = civilFromDays(days);
    if (year < 1 || year > 9999) return undefined;
  }
  const date = formatDate(year, month, day);
  if (seconds === undefined || options.time === 'drop') return date;
  const hh = PAD2[Math.floor(seconds / 3600)];
  const mm = PAD2[Math.floor(seconds / 60) % 60];
  const ss = PAD2[seconds % 60];
  return `${date}T${hh}:${mm}:${ss}${parts.offset !== undefined ? 'Z' : ''}`;
}

const CACHE_LIMIT = 100_000;

export const dateNormalizer: NormalizerDefinition<DateOptions> = {
  name: 'date',
  description:
    'Legacy dates (03/04/2021, 4.3.2021, 4 Mar 2021, März/mars/marzo, 2021年3月4日, RFC 2822, Excel serials) to ISO 8601: YYYY-MM-DD, with a time YYYY-MM-DDTHH:MM:SS, converted to UTC (…Z) when a zone is given; impossible or unreadable dates are flagged and kept.',
  options: z.strictObject({
    order: z
      .enum(['MDY', 'DMY', 'YMD'])
      .default('MDY')
      .describe(
        'How to read an ambiguous numeric date such as 03/04/2021 (MDY: March 4; DMY: 3 April). A date only the other order can read (13/04/2021 with MDY) is read that way and flagged date_order_conflict, so the audit can count it. Dotted dates (04.03.2021) are always day first.',
      ),
    excel_serial: z
      .boolean()
      .default(true)
      .describe('Read a bare number from excel_serial_min to 2958465 (optionally with a fraction for the time) as an Excel serial date, 1900 system: 44259 is 2021-03-04.'),
    excel_serial_min: z
      .number()
      .int()
      .min(1)
      .default(10000)
      .describe('Smallest number read as an Excel serial date. The default, 10000 (1927-05-18), keeps a bare year such as 1985 from becoming a date in 1905; set 1 for the whole 1900 system.'),
    two_digit_year_pivot: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(50)
      .describe('Two-digit years below this are 20xx, the others 19xx: with 50, 49 is 2049 and 50 is 1950.'),
    time: z
      .enum(['keep', 'drop'])
      .default('keep')
      .describe('keep: write the time too (YYYY-MM-DDTHH:MM:SS, in UTC with a Z when the value names a zone); drop: write only the date (after conversion to UTC).'),
  }),
  create(options) {
    const reader: Reader = { options, monthFirst: options.order !== 'DMY' };
    // Date columns repeat values (import days, placeholder dates): parse each text once.
    const cache = new Map<string, NormalizeOutput>();
    return (input) => {
      const cached = cache.get(input);
      if (cached) return cached;
      const parsed = parse(input, reader);
      const value = typeof parsed === 'object' ? format(parsed, options) : undefined;
      let result: NormalizeOutput;
      if (value !== undefined) result = typeof parsed === 'object' && parsed.readAs !== undefined && parsed.readAs !== options.order && options.order !== 'YMD' ? { value, flags: [orderConflict(input, parsed.readAs, options.order)] } : { value };
      else if (parsed === 'unparseable') result = { value: input, flags: [{ code: 'unparseable_date', reason: unparseableReason(input, options) }] };
      else result = { value: input, flags: [{ code: 'invalid_date', reason: `not a valid date: ${JSON.stringify(input)}` }] };
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(input, result);
      return result;
    };
  },
};

/** Converted, but counted: the rule file's order could not read this date, so the file may hold both orders. */
function orderConflict(input: string, readAs: NumericOrder, order: string): Flag {
  const ways: Record<NumericOrder, string> = { MDY: 'month first (MDY)', DMY: 'day first (DMY)' };
  return { code: 'date_order_conflict', reason: `${JSON.stringify(input)} only reads ${ways[readAs]} although the rule file says order: ${order}; it was read as ${readAs}` };
}

const DIGITS = /^\s*\d+(?:\.\d+)?\s*$/;

function unparseableReason(input: string, options: DateOptions): string {
  if (DIGITS.test(input)) {
    const why = options.excel_serial ? `outside the Excel serial date range ${options.excel_serial_min}-2958465` : 'excel_serial is off';
    return `not a date: ${JSON.stringify(input)} is a bare number (${why})`;
  }
  return `not a date: ${JSON.stringify(input)}`;
}
