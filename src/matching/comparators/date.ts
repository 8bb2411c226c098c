import { z } from 'zod';
import type { ComparatorDefinition } from '../types.js';
import { elseLevel, fieldComparison, memo, present } from './levels.js';

const options = z.strictObject({
  within_days: z.number().int().min(1).default(30).describe('Dates at most this many days apart form the "within N days" level.'),
});
export type DateOptions = z.infer<typeof options>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
const DAY_MS = 86_400_000;

interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Days since 1970-01-01. */
  readonly days: number;
}

/** The date part of an ISO 8601 value (2024-03-05, 2024-03-05T10:00:00Z); undefined when it is not a real date. */
export function isoDateParts(value: string): DateParts | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day, days: Math.round(time / DAY_MS) };
}

export const dateComparator: ComparatorDefinition<DateOptions> = {
  name: 'date',
  description: 'ISO 8601 dates (after the date normalizer): the same day, day and month swapped (03/04 vs 04/03), close together, or the same year.',
  options,
  create({ within_days }, field, name) {
    const parse = memo(isoDateParts);
    const levels = [
      { label: 'exact', description: 'are the same day' },
      { label: 'day and month swapped', description: 'are the same date with day and month swapped (a US and a European spelling)' },
      { label: `within ${within_days} days`, description: `are at most ${within_days} days apart` },
      { label: 'same year', description: 'are in the same year' },
      elseLevel,
    ];
    return fieldComparison(
      { name, method: 'date', field, levels },
      (va, vb) => {
        const da = parse(va);
        const db = parse(vb);
        // Values that are not dates can only agree as text.
        if (da === undefined || db === undefined) return 4;
        if (da.days === db.days) return 0;
        if (da.year === db.year && da.month === db.day && da.day === db.month) return 1;
        if (Math.abs(da.days - db.days) <= within_days) return 2;
        return da.year === db.year ? 3 : 4;
      },
      (record) => {
        const value = record[field];
        return present(value) ? value.slice(0, 10) : undefined;
      },
    );
  },
};
