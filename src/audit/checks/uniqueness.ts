import { perFieldCheck, share, type CheckDefinition } from './check.js';

export const uniquenessCheck: CheckDefinition = {
  name: 'uniqueness',
  description: "Duplicate rate of a field: share of filled values that repeat an earlier record's value.",
  run(context) {
    return perFieldCheck(
      context,
      (spec) => spec.unique,
      (field, tally) => ({
        name: `${field} uniqueness`,
        metric: 'duplicate_rate',
        value: share(tally.duplicates, tally.filled, 0),
        samples: tally.duplicateSamples,
        what: `${tally.duplicates.toLocaleString('en-US')} of ${tally.filled.toLocaleString('en-US')} filled ${field} values repeat another record's`,
      }),
    );
  },
};
