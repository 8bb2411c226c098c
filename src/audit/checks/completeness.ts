import { share, verdict, type CheckDefinition } from './check.js';

export const completenessCheck: CheckDefinition = {
  name: 'completeness',
  description: 'Share of records with a value; empty strings, whitespace and placeholders count as empty.',
  run({ rules, figures }) {
    return Object.entries(rules.fields).flatMap(([field, spec]) => {
      if (spec.completeness === undefined) return [];
      const tally = figures.fields[field];
      if (!tally) return [];
      return [
        verdict(spec.completeness, spec.severity, {
          name: `${field} completeness`,
          field,
          metric: 'completeness',
          value: share(tally.filled, figures.records, 0),
          share: true,
          samples: tally.emptySamples,
          what: `${tally.filled.toLocaleString('en-US')} of ${figures.records.toLocaleString('en-US')} records have a ${field}`,
        }),
      ];
    });
  },
};
