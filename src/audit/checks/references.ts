import { perFieldCheck, share, type CheckDefinition } from './check.js';

export const referencesCheck: CheckDefinition = {
  name: 'references',
  description: 'Share of filled values found in another table or file (contacts.company_id -> companies.id).',
  run(context) {
    return perFieldCheck(
      context,
      (spec) => spec.references?.threshold,
      (field, tally, spec) => ({
        name: `${field} references`,
        metric: 'reference_rate',
        value: share(tally.referenced, tally.filled, 1),
        samples: tally.unreferencedSamples,
        what: `${tally.referenced.toLocaleString('en-US')} of ${tally.filled.toLocaleString('en-US')} filled ${field} values are in ${spec.references!.file ?? spec.references!.table ?? ''}.${spec.references!.column}`,
      }),
    );
  },
};
