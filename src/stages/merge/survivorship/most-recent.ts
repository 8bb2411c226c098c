import { compareValues, compareValuesDescending } from './order.js';
import type { SurvivorshipRule } from './types.js';

/** The record whose date field (ISO 8601 after normalize) is the latest; records without one last. */
export const mostRecentRule: SurvivorshipRule = {
  name: 'most_recent',
  description: 'from the record with the latest value of a date field',
  needsField: true,
  ranksRecords: true,
  compare: (a, b, context) => compareValuesDescending(a.record.values[context.argument!], b.record.values[context.argument!]),
};

/** The record whose date field is the earliest; records without one last. */
export const oldestRule: SurvivorshipRule = {
  name: 'oldest',
  description: 'from the record with the earliest value of a date field',
  needsField: true,
  ranksRecords: true,
  compare: (a, b, context) => compareValues(a.record.values[context.argument!], b.record.values[context.argument!]),
};
