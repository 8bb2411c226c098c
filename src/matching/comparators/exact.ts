import { z } from 'zod';
import { NULL_LEVEL, type ComparatorDefinition } from '../types.js';
import { elseLevel, exactLevel, present } from './levels.js';

export const exactComparator: ComparatorDefinition<Record<string, never>> = {
  name: 'exact',
  description: 'The values are equal, character for character (after normalize).',
  options: z.strictObject({}),
  create(_options, field, name) {
    return {
      name,
      method: 'exact',
      reads: [field],
      levels: [exactLevel, elseLevel],
      compare(a, b) {
        const va = a[field];
        const vb = b[field];
        if (!present(va) || !present(vb)) return NULL_LEVEL;
        return va === vb ? 0 : 1;
      },
      termValue: (record) => record[field] || undefined,
    };
  },
};
