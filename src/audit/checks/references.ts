import { share, verdict, type CheckDefinition } from './check.js';

export const referencesCheck: CheckDefinition = {
  name: 'references',
  description: 'Share of filled values found in another table or file (contacts.company_id -> companies.id).',
  run({ rules, figures }) {
    return Object.entries(rules.fields).flatMap(([field, spec]) => {
      if (spec.references === undefined) return [];
      const tally = figures.fields[field];
      if (!tally) return [];
      const where = spec.references.file ?? spec.references.table ?? '';
      return [
        verdict(spec.references.threshold, spec.severity, {
          name: `${field} references`,
          field,
          metric: 'reference_rate',
          value: share(tally.referenced, tally.filled, 1),
          share: true,
          samples: tally.unreferencedSamples,
          what: `${tally.referenced.toLocaleString('en-US')} of ${tally.filled.toLocaleString('en-US')} filled ${field} values are in ${where}.${spec.references.column}`,
        }),
      ];
    });
  },
};
