import { compareValues, compareValuesDescending } from './order.js';
import type { MergeRecord, SurvivorshipRule } from './types.js';

/** The date a record is ranked by: a value normalize could not read as a date (flagged) counts as none, it does not sort as text. */
const dateOf = (record: MergeRecord, field: string | undefined): string | undefined => (field === undefined || record.flagged.has(field) ? undefined : record.values[field]);

/** The record whose date field (ISO 8601 after normalize) is the latest; records without one last. */
export const mostRecentRule: SurvivorshipRule = {
  name: 'most_recent',
  description: 'from the record with the latest value of a date field',
  needsField: true,
  ranksRecords: true,
  compare: (a, b, context) => compareValuesDescending(dateOf(a.record, context.argument), dateOf(b.record, context.argument)),
};

/** The record whose date field is the earliest; records without one last. */
export const oldestRule: SurvivorshipRule = {
  name: 'oldest',
  description: 'from the record with the earliest value of a date field',
  needsField: true,
  ranksRecords: true,
  compare: (a, b, context) => compareValues(dateOf(a.record, context.argument), dateOf(b.record, context.argument)),
};
