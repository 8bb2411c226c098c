import { z } from 'zod';
import type { ComparatorDefinition } from '../types.js';
import { doubleMetaphone, metaphonesAgree } from '../similarity/double-metaphone.js';
import { soundex } from '../similarity/soundex.js';
import { foldName } from '../names/fold-name.js';
import { elseLevel, exactLevel, fieldComparison, memo } from './levels.js';

const options = z.strictObject({
  algorithm: z
    .enum(['double_metaphone', 'soundex'])
    .default('double_metaphone')
    .describe('double_metaphone: primary and alternate codes, good across European spellings (Smith, Schmidt). soundex: the classic American code (Robert, Rupert).'),
});
export type PhoneticOptions = z.infer<typeof options>;

export const phoneticComparator: ComparatorDefinition<PhoneticOptions> = {
  name: 'phonetic',
  description: 'The values sound alike when spoken (Double Metaphone or Soundex), whatever their spelling.',
  options,
  create({ algorithm }, field, name) {
    const soundexCode = memo((value) => soundex(foldName(value)));
    const metaphone = memo((value) => doubleMetaphone(foldName(value)));
    const soundsAlike =
      algorithm === 'soundex'
        ? (a: string, b: string) => {
            const ca = soundexCode(a);
            return ca !== '' && ca === soundexCode(b);
          }
        : (a: string, b: string) => metaphonesAgree(metaphone(a), metaphone(b));
    const label = algorithm === 'soundex' ? 'Soundex' : 'Double Metaphone';
    const levels = [exactLevel, { label: 'sounds alike', description: `sound alike (${label})` }, elseLevel];
    return fieldComparison({ name, method: 'phonetic', field, levels }, (va, vb) => (soundsAlike(va, vb) ? 1 : 2));
  },
};
