import { z } from 'zod';
import type { ComparatorDefinition, ComparisonLevel } from '../types.js';
import { elseLevel, fieldComparison, memo, thresholdLevel } from './levels.js';

const options = z.strictObject({
  tolerances: z
    .array(z.number().positive())
    .refine((list) => list.every((t, i) => i === 0 || t > list[i - 1]!), { message: 'tolerances must increase, strongest first, e.g. [0.01, 0.05]' })
    .default([0.01])
    .describe('Largest differences, strongest first; each is one comparison level.'),
  relative: z.boolean().default(true).describe('true: tolerances are fractions of the larger value (0.01 = 1%). false: absolute differences.'),
});
export type NumberOptions = z.infer<typeof options>;

const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** Parses 1234.5, 1,234.5, 1234,5 and " 1 234 "; NaN when the text is not a number. */
export function parseNumber(value: string): number {
  let text = value.trim().replace(/[\s_']/g, '');
  if (THOUSANDS.test(text)) text = text.replaceAll(',', '');
  else if (DECIMAL_COMMA.test(text)) text = text.replace(',', '.');
  return text === '' ? Number.NaN : Number(text);
}

const show = (n: number) => String(Number(n.toPrecision(12)));

export const numberComparator: ComparatorDefinition<NumberOptions> = {
  name: 'number',
  description: 'Numbers (amounts, employee counts, revenue): equal, or within a relative or absolute tolerance.',
  options,
  create({ tolerances, relative }, field, name) {
    const levels: ComparisonLevel[] = [
      { label: 'exact', description: 'are the same number' },
      ...tolerances.map((t) =>
        relative
          ? { label: `within ${show(t * 100)}%`, description: `differ by at most ${show(t * 100)}% of the larger value` }
          : { label: `within ${show(t)}`, description: `differ by at most ${show(t)}` },
      ),
      elseLevel,
    ];
    const last = levels.length - 1;
    const parse = memo(parseNumber);
    return fieldComparison({ name, method: 'number', field, levels }, (va, vb) => {
      const na = parse(va);
      const nb = parse(vb);
      // Values that are not numbers can only agree as text.
      if (!Number.isFinite(na) || !Number.isFinite(nb)) return last;
      if (na === nb) return 0;
      const difference = Math.abs(na - nb);
      const scale = relative ? Math.max(Math.abs(na), Math.abs(nb)) : 1;
      return thresholdLevel(difference, tolerances, (d, t) => d <= t * scale, 1, last);
    });
  },
};
