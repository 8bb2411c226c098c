import { z } from 'zod';
import { NULL_LEVEL, type ComparatorDefinition, type ComparisonLevel } from '../types.js';
import { jaccardSets, sameTokens, tokenSet } from '../similarity/jaccard.js';
import { elseLevel, exactLevel, memo, present, similarityThresholds } from './levels.js';

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
    return {
      name,
      method: 'jaccard',
      reads: [field],
      levels,
      compare(a, b) {
        const va = a[field];
        const vb = b[field];
        if (!present(va) || !present(vb)) return NULL_LEVEL;
        if (va === vb) return 0;
        const ta = tokens(va);
        const tb = tokens(vb);
        if (ta.size === 0 || tb.size === 0) return last;
        if (sameTokens(ta, tb)) return 1;
        const similarity = jaccardSets(ta, tb);
        for (let i = 0; i < thresholds.length; i++) if (similarity >= thresholds[i]!) return i + 2;
        return last;
      },
      termValue: (record) => record[field] || undefined,
    };
  },
};
