import { z } from 'zod';
import type { NormalizerDefinition } from './types.js';

export const trimNormalizer: NormalizerDefinition<Record<string, never>> = {
  name: 'trim',
  description: 'Remove whitespace at both ends.',
  options: z.strictObject({}),
  create: () => (value) => ({ value: value.trim() }),
};
