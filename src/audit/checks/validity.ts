import { perFieldCheck, share, type CheckDefinition } from './check.js';

export const validityCheck: CheckDefinition = {
  name: 'validity',
  description: "Share of filled values that are valid: not flagged by a normalizer, and passing the field's pattern, accepted_values, min, max and length.",
  run(context) {
    return perFieldCheck(
      context,
      (spec) => spec.validity,
      (field, tally) => ({
        name: `${field} validity`,
        metric: 'validity',
        value: share(tally.valid, tally.filled, 1),
        samples: tally.invalidSamples,
        what: `${tally.valid.toLocaleString('en-US')} of ${tally.filled.toLocaleString('en-US')} filled ${field} values are valid`,
      }),
    );
  },
};
