import { masterRule } from './master.js';
import type { SurvivorshipRule } from './types.js';

/**
 * Every distinct value is kept: the survivor's (else the best-ranked record's) stays in the field, the others
 * go to the secondary fields (`into`) and then the list column. The plan builder does the spreading.
 */
export const unionRule: SurvivorshipRule = {
  name: 'union',
  description: "every distinct value kept: the survivor's in the field, the others in secondary fields and a list column",
  needsField: false,
  ranksRecords: false,
  compare: masterRule.compare,
};
