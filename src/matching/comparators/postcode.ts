import { z } from 'zod';
import type { ComparatorDefinition } from '../types.js';
import { elseLevel, foldedFieldComparison, memo } from './levels.js';

const options = z.strictObject({
  prefix: z.number().int().min(1).default(3).describe('Length of the leading part (the district or sector) that forms the "same first N characters" level.'),
});
export type PostcodeOptions = z.infer<typeof options>;

/** Upper case without spaces or dashes: "sw1a 1aa" and "SW1A1AA" agree. */
const foldPostcode = (value: string) => value.toUpperCase().replace(/[\s-]+/g, '');

export const postcodeComparator: ComparatorDefinition<PostcodeOptions> = {
  name: 'postcode',
  description: 'Postcodes: the same code (spaces, dashes and case ignored), or the same leading district.',
  options,
  create({ prefix }, field, name) {
    const fold = memo(foldPostcode);
    const levels = [
      { label: 'exact', description: 'are the same postcode' },
      { label: `same first ${prefix} characters`, description: `start with the same ${prefix} characters (the same district)` },
      elseLevel,
    ];
    return foldedFieldComparison({ name, method: 'postcode', field, levels }, fold, (fa, fb) =>
      fa.length >= prefix && fb.length >= prefix && fa.startsWith(fb.slice(0, prefix)) ? 1 : 2,
    );
  },
};
