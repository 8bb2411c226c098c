import { z } from 'zod';
import type { ComparatorDefinition, ComparisonLevel } from '../types.js';
import { jaccardSets, sameTokens, tokenSet } from '../similarity/jaccard.js';
import { atLeast, elseLevel, exactLevel, fieldComparison, memo, similarityThresholds, thresholdLevel } from './levels.js';

const options = z.strictObject({ thresholds: similarityThresholds([0.9, 0.6], 'Jaccard (shared words / all words)') });
export type JaccardOptions = z.infer<typeof options>;

const percent = (t: number) => `${Number((t * 100).toPrecision(12))}%`;

export const jaccardComparator: ComparatorDefinition<JaccardOptions> = {
  name: 'jaccard',
  description: 'Word overlap of multi-word values (company names, job titles, addresses): word order, case and punctuation ignored.',
  options,
  create({ thresholds }, field, name) {
    const levels: ComparisonLevel[] = [
      exactLevel,
      { label: 'same words', description: 'have the same words, in any order' },
      ...thresholds.map((t) => ({ label: `jaccard >= ${t}`, description: `share at least ${percent(t)} of their words (Jaccard)` })),
      elseLevel,
    ];
    const last = levels.length - 1;
    const tokens = memo(tokenSet);
    return fieldComparison({ name, method: 'jaccard', field, levels }, (va, vb) => {
      const ta = tokens(va);
      const tb = tokens(vb);
      if (ta.size === 0 || tb.size === 0) return last;
      if (sameTokens(ta, tb)) return 1;
      return thresholdLevel(jaccardSets(ta, tb), thresholds, atLeast, 2, last);
    });
  },
};
