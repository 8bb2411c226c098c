import { z } from 'zod';
import type { NormalizerDefinition } from './types.js';

export interface RegexOptions {
  readonly pattern: string;
  readonly replace: string;
  readonly flags: string;
}

/** `{ regex: { pattern: "^Acct-", replace: "" } }`: a JavaScript regular expression replace, for what nothing else covers. */
export const regexNormalizer: NormalizerDefinition<RegexOptions> = {
  name: 'regex',
  description: 'Replace with a regular expression (JavaScript syntax; $1 for groups).',
  options: z.strictObject({
    pattern: z
      .string()
      .min(1)
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid JavaScript regular expression')
      .describe('The pattern to find.'),
    replace: z.string().default('').describe('What to put instead; $1, $2 for groups.'),
    flags: z.string().regex(/^[gimsuy]*$/, 'must be made of g, i, m, s, u, y').default('g').describe('Regular-expression flags.'),
  }),
  create(options) {
    const pattern = new RegExp(options.pattern, options.flags);
    return (input) => ({ value: input.replace(pattern, options.replace) });
  },
};
