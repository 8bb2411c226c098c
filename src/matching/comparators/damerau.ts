import { z } from 'zod';
import { NULL_LEVEL, type ComparatorDefinition, type ComparisonLevel } from '../types.js';
import { damerau } from '../similarity/damerau.js';
import { distanceThresholds, elseLevel, exactLevel, present } from './levels.js';

const options = z.strictObject({ thresholds: distanceThresholds([1, 2], 'Damerau-Levenshtein') });
export type DamerauOptions = z.infer<typeof options>;

const plural = (n: number) => (n === 1 ? 'edit' : 'edits');

export const damerauComparator: ComparatorDefinition<DamerauOptions> = {
  name: 'damerau',
  description: 'Edit distance where swapping two neighbouring characters (Jonh, John) counts as one edit, like a typo.',
  options,
  create({ thresholds }, field, name) {
    const levels: ComparisonLevel[] = [
      exactLevel,
      ...thresholds.map((t) => ({ label: `damerau <= ${t}`, description: `differ by at most ${t} ${plural(t)}, a swap of two neighbouring characters counting as one` })),
      elseLevel,
    ];
    const max = thresholds[thresholds.length - 1] ?? 0;
    const last = levels.length - 1;
    return {
      name,
      method: 'damerau',
      reads: [field],
      levels,
      compare(a, b) {
        const va = a[field];
        const vb = b[field];
        if (!present(va) || !present(vb)) return NULL_LEVEL;
        if (va === vb) return 0;
        const d = damerau(va, vb, max);
        for (let i = 0; i < thresholds.length; i++) if (d <= thresholds[i]!) return i + 1;
        return last;
      },
      termValue: (record) => record[field] || undefined,
    };
  },
};
