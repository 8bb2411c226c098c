import { share, verdict, type CheckDefinition } from './check.js';

export const dedupeDuplicatesCheck: CheckDefinition = {
  name: 'duplicates',
  description: 'Duplicate rate the dedupe stage found (records merged away / records), when it ran.',
  run({ rules, figures }) {
    if (rules.duplicates === undefined) return [];
    if (!figures.dedupe) {
      figures.notes.push('the duplicates check was not run: dedupe has not run on this workspace (steward dedupe)');
      return [];
    }
    return [
      verdict(rules.duplicates, 'fail', {
        name: 'duplicate records',
        field: null,
        metric: 'dedupe_duplicate_rate',
        value: share(figures.dedupe.duplicates, figures.records, 0),
        share: true,
        samples: [],
        what: `${figures.dedupe.duplicates.toLocaleString('en-US')} of ${figures.records.toLocaleString('en-US')} records are duplicates of another`,
      }),
    ];
  },
};
