import type { MergeRecord, RuleContext, SurvivorshipRule } from './types.js';

const scores = new WeakMap<MergeRecord, WeakMap<RuleContext['weights'], number>>();

/** A record's weighted share of filled fields (worked out once per record and weights). */
export function completeness(record: MergeRecord, context: RuleContext): number {
  let byWeights = scores.get(record);
  const known = byWeights?.get(context.weights);
  if (known !== undefined) return known;
  const score = fillShare(record, context);
  if (!byWeights) scores.set(record, (byWeights = new WeakMap()));
  byWeights.set(context.weights, score);
  return score;
}

function fillShare(record: MergeRecord, context: RuleContext): number {
  let filled = 0;
  let total = 0;
  for (const field of context.fields) {
    const weight = context.weights[field] ?? 1;
    total += weight;
    const value = record.values[field];
    if (value !== undefined && value !== '') filled += weight;
  }
  return total === 0 ? 0 : filled / total;
}

/** As a survivor rule: the record with the most (weighted) fields filled. As a field rule: the first non-empty value, from the best-ranked record. */
export const mostCompleteRule: SurvivorshipRule = {
  name: 'most_complete',
  description: 'the record with the largest weighted share of fields filled',
  needsField: false,
  ranksRecords: true,
  compare: (a, b, context) => (a.record === b.record ? 0 : completeness(b.record, context) - completeness(a.record, context)),
};

export const firstNonEmptyRule: SurvivorshipRule = {
  name: 'first_non_empty',
  description: 'the first non-empty value, records taken in survivor order',
  needsField: false,
  ranksRecords: false,
  compare: () => 0,
};
