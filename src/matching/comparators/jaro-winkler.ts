import { z } from 'zod';
import { NULL_LEVEL, type ComparatorDefinition, type ComparisonLevel } from '../types.js';
import { jaroWinkler } from '../similarity/jaro-winkler.js';
import { elseLevel, exactLevel, jaroWinklerLevel, present, similarityThresholds } from './levels.js';

const options = z.strictObject({ thresholds: similarityThresholds([0.92, 0.8], 'Jaro-Winkler similarity') });
export type JaroWinklerOptions = z.infer<typeof options>;

export const jaroWinklerComparator: ComparatorDefinition<JaroWinklerOptions> = {
  name: 'jaro_winkler',
  description: 'Jaro-Winkler similarity (0 to 1): tolerant of typos, and weighs agreement at the start of the value more.',
  options,
  create({ thresholds }, field, name) {
    const levels: ComparisonLevel[] = [exactLevel, ...thresholds.map((t) => jaroWinklerLevel(t)), elseLevel];
    const last = levels.length - 1;
    return {
      name,
      method: 'jaro_winkler',
      reads: [field],
      levels,
      compare(a, b) {
        const va = a[field];
        const vb = b[field];
        if (!present(va) || !present(vb)) return NULL_LEVEL;
        if (va === vb) return 0;
        const similarity = jaroWinkler(va, vb);
        for (let i = 0; i < thresholds.length; i++) if (similarity >= thresholds[i]!) return i + 1;
        return last;
      },
      termValue: (record) => record[field] || undefined,
    };
  },
};
