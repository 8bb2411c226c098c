import { z } from 'zod';
import type { ComparatorDefinition } from '../types.js';
import { elseLevel, exactLevel, fieldComparison } from './levels.js';

export const exactComparator: ComparatorDefinition<Record<string, never>> = {
  name: 'exact',
  description: 'The values are equal, character for character (after normalize).',
  options: z.strictObject({}),
  create(_options, field, name) {
    return fieldComparison({ name, method: 'exact', field, levels: [exactLevel, elseLevel] }, () => 1);
  },
};
