import { z } from 'zod';
import type { ComparatorDefinition, ComparisonLevel } from '../types.js';
import { damerau } from '../similarity/damerau.js';
import { atMost, distanceThresholds, elseLevel, exactLevel, fieldComparison, thresholdLevel } from './levels.js';

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
    return fieldComparison({ name, method: 'damerau', field, levels }, (va, vb) => thresholdLevel(damerau(va, vb, max), thresholds, atMost, 1, last));
  },
};
