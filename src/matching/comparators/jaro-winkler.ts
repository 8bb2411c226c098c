import { z } from 'zod';
import type { ComparatorDefinition, ComparisonLevel } from '../types.js';
import { jaroWinkler } from '../similarity/jaro-winkler.js';
import { atLeast, elseLevel, exactLevel, fieldComparison, jaroWinklerLevel, similarityThresholds, thresholdLevel } from './levels.js';

const options = z.strictObject({ thresholds: similarityThresholds([0.92, 0.8], 'Jaro-Winkler similarity') });
export type JaroWinklerOptions = z.infer<typeof options>;

export const jaroWinklerComparator: ComparatorDefinition<JaroWinklerOptions> = {
  name: 'jaro_winkler',
  description: 'Jaro-Winkler similarity (0 to 1): tolerant of typos, and weighs agreement at the start of the value more.',
  options,
  create({ thresholds }, field, name) {
    const levels: ComparisonLevel[] = [exactLevel, ...thresholds.map((t) => jaroWinklerLevel(t)), elseLevel];
    const last = levels.length - 1;
    return fieldComparison({ name, method: 'jaro_winkler', field, levels }, (va, vb) => thresholdLevel(jaroWinkler(va, vb), thresholds, atLeast, 1, last));
  },
};
