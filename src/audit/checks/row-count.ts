import { verdict, type CheckDefinition } from './check.js';

export const rowCountCheck: CheckDefinition = {
  name: 'row count',
  description: 'Bounds on the number of records.',
  run({ rules, figures }) {
    if (rules.rows === undefined) return [];
    return [verdict(rules.rows, 'fail', { name: 'row count', field: null, metric: 'row_count', value: figures.records, share: false, samples: [], what: 'records' })];
  },
};
