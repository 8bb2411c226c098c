import { z } from 'zod';
import type { ComparatorDefinition, ComparisonLevel, MatchRecord } from '../types.js';
import { doubleMetaphone, metaphonesAgree } from '../similarity/double-metaphone.js';
import { jaroWinkler } from '../similarity/jaro-winkler.js';
import { foldName } from '../names/fold-name.js';
import { areNicknames } from '../names/nicknames.js';
import { hasHan, toPinyin } from '../names/pinyin.js';
import { elseLevel, foldedFieldComparison, jaroWinklerLevel, memo, present, similarityThresholds } from './levels.js';

const options = z.strictObject({
  nicknames: z.boolean().default(true).describe('Given names that are forms of one name agree: Bob ~ Robert, Hannes ~ Johannes, Paco ~ Francisco.'),
  initials: z.boolean().default(true).describe('An initial agrees with a name starting with it: "J." ~ John.'),
  pinyin: z.boolean().default(true).describe('Chinese characters agree with their pinyin romanization: 王伟 ~ "Wang Wei".'),
  swap_with: z
    .string()
    .min(1)
    .optional()
    .describe('Another name field (e.g. last_name): this field agreeing with the other record\'s swap_with field counts, for first and last names entered the wrong way round.'),
  thresholds: similarityThresholds([0.92, 0.8], 'Jaro-Winkler similarity'),
});
export type NameOptions = z.infer<typeof options>;

type Check = (fa: string, fb: string, a: MatchRecord, b: MatchRecord) => boolean;

// Romanizations of ü: Lü, Lyu and Lv all mean 吕.
const U_UMLAUT = /(^| )([ln])(?:yu|v)/g;

export const nameComparator: ComparatorDefinition<NameOptions> = {
  name: 'name',
  description:
    'Person first or last names: case, accents and punctuation ignored; nicknames, initials, pinyin, swapped first/last names, typos (Jaro-Winkler) and names that sound alike (Double Metaphone).',
  options,
  create(opts, field, name) {
    const fold = memo(foldName);
    const pinyinOf = memo((folded) => toPinyin(folded)?.replace(/ü/g, 'u'));
    const han = memo(hasHan);
    const metaphone = memo(doubleMetaphone);
    const latinPinyin = memo((folded) => folded.replace(U_UMLAUT, '$1$2u'));

    const levels: ComparisonLevel[] = [{ label: 'exact', description: 'are the same, ignoring case, accents and punctuation' }];
    const checks: Check[] = [];
    const add = (level: ComparisonLevel, check: Check) => {
      levels.push(level);
      checks.push(check);
    };

    if (opts.pinyin) {
      add({ label: 'pinyin', description: 'are Chinese characters and their pinyin romanization (王伟, Wang Wei)' }, (fa, fb) => {
        const hanA = han(fa);
        if (hanA === han(fb)) return false;
        const syllables = pinyinOf(hanA ? fa : fb);
        if (syllables === undefined) return false;
        const latin = latinPinyin(hanA ? fb : fa);
        if (syllables === latin) return true;
        const joined = syllables.replaceAll(' ', '');
        // Written without spaces (Wang Xiaoming) or given name first (Wei Wang).
        return joined === latin.replaceAll(' ', '') || joined === latin.split(' ').reverse().join('');
      });
    }
    if (opts.nicknames) {
      add({ label: 'nickname', description: 'are nicknames or forms of one name (Bob, Robert)' }, (fa, fb) => areNicknames(fa, fb));
    }
    if (opts.initials) {
      add(
        { label: 'initial', description: 'are an initial and a name starting with it (J., John)' },
        (fa, fb) => (fa.length === 1 && fb.length > 1 && fb[0] === fa) || (fb.length === 1 && fa.length > 1 && fa[0] === fb),
      );
    }
    const swap = opts.swap_with;
    if (swap !== undefined) {
      add({ label: 'swapped', description: `agree with the other record's ${swap} (the two fields entered the wrong way round)` }, (fa, fb, a, b) => {
        const sb = b[swap];
        if (present(sb) && fold(sb) === fa) return true;
        const sa = a[swap];
        return present(sa) && fold(sa) === fb;
      });
    }
    for (const t of opts.thresholds) add(jaroWinklerLevel(t), (fa, fb) => jaroWinkler(fa, fb) >= t);
    add({ label: 'sounds alike', description: 'sound alike (Double Metaphone codes, or the same pinyin for Chinese characters)' }, (fa, fb) => {
      const hanA = han(fa);
      if (hanA || han(fb)) {
        // Simplified and traditional forms (陈, 陳) and homophones read alike.
        if (!hanA || !han(fb)) return false;
        const pa = pinyinOf(fa);
        return pa !== undefined && pa === pinyinOf(fb);
      }
      return metaphonesAgree(metaphone(fa), metaphone(fb));
    });
    levels.push(elseLevel);
    const last = levels.length - 1;

    // A value of punctuation only ("-", "?") folds to nothing: as good as missing.
    return foldedFieldComparison({ name, method: 'name', field, levels, reads: swap === undefined ? [field] : [field, swap] }, fold, (fa, fb, a, b) => {
      for (let i = 0; i < checks.length; i++) if (checks[i]!(fa, fb, a, b)) return i + 1;
      return last;
    });
  },
};
