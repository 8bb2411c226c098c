import type { RuleContext, SurvivorshipRule, MergeRecord } from './types.js';

function rank(record: MergeRecord, context: RuleContext): number {
  const system = record.values[context.sourceField]?.trim().toLowerCase();
  const at = system === undefined ? -1 : context.sourcePriority.findIndex((s) => s.toLowerCase() === system);
  return at === -1 ? context.sourcePriority.length : at;
}

/** The record from the most trusted system (merge.source_priority, read from merge.source_field). */
export const sourcePriorityRule: SurvivorshipRule = {
  name: 'source_priority',
  description: 'from the record of the most trusted source system',
  needsField: false,
  ranksRecords: true,
  compare: (a, b, context) => rank(a.record, context) - rank(b.record, context),
};
