import type { SurvivorshipRule } from './types.js';

/** The surviving record's value; another record's only when the survivor has none (or only an invalid one). */
export const masterRule: SurvivorshipRule = {
  name: 'master',
  description: "the surviving record's value",
  needsField: false,
  ranksRecords: false,
  compare: (a, b, context) => (a.record === context.master ? -1 : 0) - (b.record === context.master ? -1 : 0),
};
