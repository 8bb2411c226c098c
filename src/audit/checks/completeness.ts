import { count, withArticle } from '../../wording.js';
import { perFieldCheck, share, type CheckDefinition } from './check.js';

export const completenessCheck: CheckDefinition = {
  name: 'completeness',
  description: 'Share of records with a value; empty strings, whitespace and placeholders count as empty.',
  run(context) {
    const { figures } = context;
    return perFieldCheck(
      context,
      (spec) => spec.completeness,
      (field, tally) => ({
        name: `${field} completeness`,
        metric: 'completeness',
        value: share(tally.filled, figures.records, 0),
        samples: tally.emptySamples,
        what: `${tally.filled.toLocaleString('en-US')} of ${count(figures.records, 'record')} ${tally.filled === 1 ? 'has' : 'have'} ${withArticle(field)}`,
      }),
    );
  },
};
