import { share, verdict, type CheckDefinition } from './check.js';

export const uniquenessCheck: CheckDefinition = {
  name: 'uniqueness',
  description: "Duplicate rate of a field: share of filled values that repeat an earlier record's value.",
  run({ rules, figures }) {
    return Object.entries(rules.fields).flatMap(([field, spec]) => {
      if (spec.unique === undefined) return [];
      const tally = figures.fields[field];
      if (!tally) return [];
      return [
        verdict(spec.unique, spec.severity, {
          name: `${field} uniqueness`,
          field,
          metric: 'duplicate_rate',
          value: share(tally.duplicates, tally.filled, 0),
          share: true,
          samples: tally.duplicateSamples,
          what: `${tally.duplicates.toLocaleString('en-US')} of ${tally.filled.toLocaleString('en-US')} filled ${field} values repeat another record's`,
        }),
      ];
    });
  },
};
