import { share, verdict, type CheckDefinition } from './check.js';

export const validityCheck: CheckDefinition = {
  name: 'validity',
  description: "Share of filled values that are valid: not flagged by a normalizer, and passing the field's pattern, accepted_values, min, max and length.",
  run({ rules, figures }) {
    return Object.entries(rules.fields).flatMap(([field, spec]) => {
      if (spec.validity === undefined) return [];
      const tally = figures.fields[field];
      if (!tally) return [];
      return [
        verdict(spec.validity, spec.severity, {
          name: `${field} validity`,
          field,
          metric: 'validity',
          value: share(tally.valid, tally.filled, 1),
          share: true,
          samples: tally.invalidSamples,
          what: `${tally.valid.toLocaleString('en-US')} of ${tally.filled.toLocaleString('en-US')} filled ${field} values are valid`,
        }),
      ];
    });
  },
};
