import { z } from 'zod';
import type { ComparatorDefinition, ComparisonLevel } from '../types.js';
import { levenshtein } from '../similarity/levenshtein.js';
import { atMost, distanceThresholds, elseLevel, exactLevel, fieldComparison, thresholdLevel } from './levels.js';

const options = z.strictObject({ thresholds: distanceThresholds([1, 2], 'Levenshtein') });
export type LevenshteinOptions = z.infer<typeof options>;

const plural = (n: number) => (n === 1 ? 'edit' : 'edits');

export const levenshteinComparator: ComparatorDefinition<LevenshteinOptions> = {
  name: 'levenshtein',
  description: 'Edit distance: how many characters must be inserted, deleted or replaced to turn one value into the other.',
  options,
  create({ thresholds }, field, name) {
    const levels: ComparisonLevel[] = [
      exactLevel,
      ...thresholds.map((t) => ({ label: `levenshtein <= ${t}`, description: `differ by at most ${t} ${plural(t)} (characters inserted, deleted or replaced)` })),
      elseLevel,
    ];
    const max = thresholds[thresholds.length - 1] ?? 0;
    const last = levels.length - 1;
    return fieldComparison({ name, method: 'levenshtein', field, levels }, (va, vb) => {
      // The length difference is a lower bound of the distance: skip the full computation when it is already too far.
      if (Math.abs(va.length - vb.length) > max) return last;
      return thresholdLevel(levenshtein(va, vb), thresholds, atMost, 1, last);
    });
  },
};
