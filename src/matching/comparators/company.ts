import { z } from 'zod';
import { NULL_LEVEL, type ComparatorDefinition, type ComparisonLevel, type MatchRecord } from '../types.js';
import { companyKey } from '../../normalizers/company.js';
import { jaroWinkler, jaroWinklerBound } from '../similarity/jaro-winkler.js';
import { jaccardSets, sameTokens, tokenSet } from '../similarity/jaccard.js';
import { elseLevel, jaroWinklerLevel, memo, present, similarityThresholds } from './levels.js';

const options = z.strictObject({
  thresholds: similarityThresholds([0.92], 'Jaro-Winkler similarity of the company keys'),
  jaccard: z.number().min(0).max(1).default(0.6).describe('Smallest share of words the two names must have in common (Jaccard) for the word-overlap level.'),
});
export type CompanyOptions = z.infer<typeof options>;

const percent = (t: number) => `${Number((t * 100).toPrecision(12))}%`;

export const companyComparator: ComparatorDefinition<CompanyOptions> = {
  name: 'company',
  description:
    'Company names: the same match key from the company normalizer (<field>.key: case, punctuation, & / and, legal forms ignored), a typo apart, or the same words.',
  options,
  create({ thresholds, jaccard }, field, name) {
    const keyField = `${field}.key`;
    const fallbackKey = memo(companyKey);
    const tokens = memo(tokenSet);
    const keyOf = (record: MatchRecord): string | undefined => {
      const key = record[keyField];
      if (present(key)) return key;
      const value = record[field];
      return present(value) ? fallbackKey(value) || undefined : undefined;
    };
    const levels: ComparisonLevel[] = [
      { label: 'same company key', description: 'are the same company, ignoring case, punctuation and legal form (Acme Inc., ACME)' },
      ...thresholds.map((t) => jaroWinklerLevel(t, ' on the company key')),
      { label: 'same words', description: 'have the same words, in any order' },
      { label: `jaccard >= ${jaccard}`, description: `share at least ${percent(jaccard)} of their words (Jaccard)` },
      elseLevel,
    ];
    const sameWords = thresholds.length + 1;
    const last = levels.length - 1;
    const lowest = thresholds.length > 0 ? thresholds[thresholds.length - 1]! : Infinity;
    /** Two different company keys: a typo apart, the same words, or enough shared words. */
    const differ = (ka: string, kb: string, wordsA: () => ReadonlySet<string>, wordsB: () => ReadonlySet<string>): number => {
      if (jaroWinklerBound(ka.length, kb.length) >= lowest) {
        const similarity = jaroWinkler(ka, kb);
        for (let i = 0; i < thresholds.length; i++) if (similarity >= thresholds[i]!) return i + 1;
      }
      const ta = wordsA();
      const tb = wordsB();
      if (ta.size === 0 || tb.size === 0) return last;
      if (sameTokens(ta, tb)) return sameWords;
      return jaccardSets(ta, tb) >= jaccard ? sameWords + 1 : last;
    };
    return {
      name,
      method: 'company',
      reads: [field, keyField],
      levels,
      compare(a, b) {
        const ka = keyOf(a);
        const kb = keyOf(b);
        if (ka === undefined || kb === undefined) return NULL_LEVEL;
        if (ka === kb) return 0;
        return differ(ka, kb, () => tokens(a[field] || ka), () => tokens(b[field] || kb));
      },
      prepare(records) {
        // Employers repeat across contacts: keys and word sets are worked out once per distinct name.
        const keyIds = new Int32Array(records.length);
        const wordIds = new Int32Array(records.length);
        const keyNumbers = new Map<string, number>();
        const keys: string[] = [];
        const wordNumbers = new Map<string, number>();
        const texts: string[] = [];
        const words: (Set<string> | undefined)[] = [];
        for (let i = 0; i < records.length; i++) {
          const key = keyOf(records[i]!);
          if (key === undefined) {
            keyIds[i] = wordIds[i] = -1;
            continue;
          }
          let id = keyNumbers.get(key);
          if (id === undefined) keyNumbers.set(key, (id = keys.push(key) - 1));
          keyIds[i] = id;
          const text = records[i]![field] || key;
          let w = wordNumbers.get(text);
          if (w === undefined) {
            wordNumbers.set(text, (w = texts.push(text) - 1));
            words.push(undefined);
          }
          wordIds[i] = w;
        }
        const wordsOf = (w: number) => words[w] ?? (words[w] = tokenSet(texts[w]!));
        return (i, j) => {
          const ia = keyIds[i]!;
          const ib = keyIds[j]!;
          if (ia < 0 || ib < 0) return NULL_LEVEL;
          if (ia === ib) return 0;
          return differ(keys[ia]!, keys[ib]!, () => wordsOf(wordIds[i]!), () => wordsOf(wordIds[j]!));
        };
      },
      termValue: keyOf,
    };
  },
};
