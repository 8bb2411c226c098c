import type { ResolvedFieldRule, ResolvedMerge, ResolvedRuleCall } from '../../rules/resolved.js';
import { getSurvivorshipRule } from './survivorship/registry.js';
import type { Candidate, MergeRecord, RuleContext } from './survivorship/types.js';

export interface MergeInput {
  /** The fields merged, in output order. */
  readonly fields: readonly string[];
  /** Every record, in input order (index = position). */
  readonly records: readonly MergeRecord[];
  /** Each record's cluster id (the dedupe stage's), same order. */
  readonly clusterOf: readonly string[];
}

/** Where a golden value came from: the record (or records, for a union list) and the rule. */
export interface LineageEntry {
  readonly record: string;
  readonly rule: string;
}

export interface Conflict {
  readonly field: string;
  readonly rule: string;
  readonly chosen: string;
  /** Every distinct valid value and the records holding it, in survivor order. */
  readonly values: readonly { readonly value: string; readonly records: readonly string[] }[];
}

export interface PlannedCluster {
  /** The survivor's source id: the golden record keeps the surviving row's id. */
  readonly goldenId: string;
  readonly clusterId: string;
  readonly survivor: string;
  /** Every record of the cluster, survivor first, then in survivor order. */
  readonly recordIds: readonly string[];
  readonly mergedAway: readonly string[];
  /** Golden values: fields and the union's extra columns; empty ones left out. */
  readonly values: Readonly<Record<string, string>>;
  readonly lineage: Readonly<Record<string, LineageEntry>>;
  readonly conflicts: readonly Conflict[];
  /** Input position of the cluster's first record: the golden records' order. */
  readonly first: number;
}

export interface MergePlan {
  readonly survivor: string;
  readonly tieBreakers: readonly string[];
  /** Output columns of a golden record after golden_id and record_ids: the fields, then the union's extra columns. */
  readonly columns: readonly string[];
  readonly rules: Readonly<Record<string, string>>;
  readonly clusters: readonly PlannedCluster[];
  readonly counts: { readonly records: number; readonly golden: number; readonly mergedAway: number; readonly multiRecordClusters: number; readonly conflicts: number };
}

interface Ranker {
  readonly compare: (a: Candidate, b: Candidate, context: RuleContext) => number;
  readonly context: RuleContext;
}

const ranker = (call: ResolvedRuleCall, base: RuleContext): Ranker => ({ compare: getSurvivorshipRule(call.name).compare, context: { ...base, argument: call.argument } });

/** The rule of each field: its own, else the default; fields a union spreads into are the union's. */
export function fieldRules(merge: ResolvedMerge, fields: readonly string[]): Map<string, ResolvedFieldRule> {
  const rules = new Map<string, ResolvedFieldRule>();
  const taken = new Set<string>();
  for (const rule of Object.values(merge.fields)) for (const field of rule.into) taken.add(field);
  for (const field of fields) {
    if (taken.has(field)) continue;
    const own = merge.fields[field];
    const rule = own ?? merge.defaultRule;
    rules.set(field, rule.name === 'union' && rule.list === undefined ? { ...rule, list: `${field}_others` } : rule);
  }
  return rules;
}

/** The output columns: the fields, then what the unions add (secondary fields and list columns not among them). */
export function planColumns(fields: readonly string[], rules: ReadonlyMap<string, ResolvedFieldRule>): string[] {
  const columns = [...fields];
  for (const rule of rules.values()) {
    if (rule.name !== 'union') continue;
    for (const extra of [...rule.into, ...(rule.list ? [rule.list] : [])]) if (!columns.includes(extra)) columns.push(extra);
  }
  return columns;
}

const isEmpty = (value: string | undefined): value is undefined => value === undefined || value.trim() === '';

/**
 * The merge plan, pure: per cluster, the survivor (survivor rule, tie-breakers, then input order), and for
 * every field the value, the record it came from and the rule, and the conflicts. Same input, same plan.
 */
export function buildMergePlan(input: MergeInput, merge: ResolvedMerge): MergePlan {
  const rules = fieldRules(merge, input.fields);
  const columns = planColumns(input.fields, rules);
  const base: RuleContext = { sourcePriority: merge.sourcePriority, sourceField: merge.sourceField, weights: merge.weights, fields: input.fields };
  const rankers = [merge.survivor, ...merge.tieBreakers].map((call) => ranker(call, base));
  const members = new Map<string, MergeRecord[]>();
  input.records.forEach((record, i) => {
    const cluster = input.clusterOf[i] ?? record.id;
    let list = members.get(cluster);
    if (!list) members.set(cluster, (list = []));
    list.push(record);
  });
  const clusters: PlannedCluster[] = [];
  let mergedAway = 0;
  let multi = 0;
  let conflicts = 0;
  for (const [clusterId, records] of members) {
    const planned = planCluster(clusterId, records, rules, rankers, base);
    clusters.push(planned);
    mergedAway += planned.mergedAway.length;
    if (records.length > 1) multi += 1;
    conflicts += planned.conflicts.length;
  }
  clusters.sort((a, b) => a.first - b.first);
  return {
    survivor: merge.survivor.text,
    tieBreakers: merge.tieBreakers.map((t) => t.text),
    columns,
    rules: Object.fromEntries([...rules].map(([field, rule]) => [field, rule.text])),
    clusters,
    counts: { records: input.records.length, golden: clusters.length, mergedAway, multiRecordClusters: multi, conflicts },
  };
}

function planCluster(clusterId: string, records: readonly MergeRecord[], rules: ReadonlyMap<string, ResolvedFieldRule>, rankers: readonly Ranker[], base: RuleContext): PlannedCluster {
  if (records.length === 1) return singleton(clusterId, records[0]!, rules);
  const ranked =
    records.length === 1
      ? records
      : records
          .map((record): Candidate => ({ record, value: '' }))
          .sort((ca, cb) => {
            for (const r of rankers) {
              const d = r.compare(ca, cb, r.context);
              if (d !== 0) return d;
            }
            return ca.record.index - cb.record.index;
          })
          .map((c) => c.record);
  const master = ranked[0]!;
  const position = new Map(ranked.map((r, i) => [r, i]));
  const values: Record<string, string> = {};
  const lineage: Record<string, LineageEntry> = {};
  const found: Conflict[] = [];
  for (const [field, rule] of rules) {
    if (rule.name === 'union') {
      spreadUnion(field, rule, ranked, master, values, lineage, found);
      continue;
    }
    const candidates: Candidate[] = [];
    for (const record of ranked) {
      const value = record.values[field];
      if (!isEmpty(value)) candidates.push({ record, value });
    }
    if (candidates.length === 0) continue;
    const valid = candidates.filter((c) => !c.record.flagged.has(field));
    const pool = valid.length > 0 ? valid : candidates;
    let best = pool[0]!;
    if (pool.length > 1) {
      const compare = getSurvivorshipRule(rule.name).compare;
      const context: RuleContext = { ...base, argument: rule.argument, master, frequency: rule.name === 'most_frequent' ? frequencies(pool) : undefined };
      for (const c of pool) {
        const d = compare(c, best, context);
        if (d < 0 || (d === 0 && position.get(c.record)! < position.get(best.record)!)) best = c;
      }
    }
    values[field] = best.value;
    lineage[field] = { record: best.record.id, rule: rule.text };
    const conflict = conflictOf(field, rule.text, best.value, valid);
    if (conflict) found.push(conflict);
  }
  const first = Math.min(...records.map((r) => r.index));
  return {
    goldenId: master.id,
    clusterId,
    survivor: master.id,
    recordIds: ranked.map((r) => r.id),
    mergedAway: ranked.slice(1).map((r) => r.id),
    values,
    lineage,
    conflicts: found,
    first,
  };
}

/** A cluster of one: its own values, each from itself (a union only keeps its secondary values where they are). */
function singleton(clusterId: string, record: MergeRecord, rules: ReadonlyMap<string, ResolvedFieldRule>): PlannedCluster {
  const values: Record<string, string> = {};
  const lineage: Record<string, LineageEntry> = {};
  const found: Conflict[] = [];
  for (const [field, rule] of rules) {
    if (rule.name === 'union') {
      spreadUnion(field, rule, [record], record, values, lineage, found);
      continue;
    }
    const value = record.values[field];
    if (isEmpty(value)) continue;
    values[field] = value;
    lineage[field] = { record: record.id, rule: rule.text };
  }
  return { goldenId: record.id, clusterId, survivor: record.id, recordIds: [record.id], mergedAway: [], values, lineage, conflicts: found, first: record.index };
}

function frequencies(pool: readonly Candidate[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of pool) counts.set(c.value, (counts.get(c.value) ?? 0) + 1);
  return counts;
}

/** Two or more different valid values: listed with the records holding each, in survivor order. */
function conflictOf(field: string, rule: string, chosen: string, valid: readonly Candidate[]): Conflict | undefined {
  const byValue = new Map<string, string[]>();
  for (const c of valid) {
    const list = byValue.get(c.value);
    if (list) list.push(c.record.id);
    else byValue.set(c.value, [c.record.id]);
  }
  if (byValue.size < 2) return undefined;
  return { field, rule, chosen, values: [...byValue].map(([value, records]) => ({ value, records })) };
}

/**
 * union: the values of the field, of its secondary fields and of its list column, from every record, each
 * distinct value once. The survivor's valid value stays in the field; the others fill the secondary fields in
 * survivor order (valid before invalid), and what is left goes to the list column. Nothing is dropped.
 */
function spreadUnion(
  field: string,
  rule: ResolvedFieldRule,
  ranked: readonly MergeRecord[],
  master: MergeRecord,
  values: Record<string, string>,
  lineage: Record<string, LineageEntry>,
  found: Conflict[],
): void {
  const seen = new Map<string, { value: string; records: string[]; valid: boolean; order: number }>();
  let order = 0;
  const offer = (record: MergeRecord, from: string, value: string | undefined) => {
    if (isEmpty(value)) return;
    const valid = !record.flagged.has(from);
    const entry = seen.get(value);
    if (entry) {
      if (!entry.records.includes(record.id)) entry.records.push(record.id);
      entry.valid ||= valid;
    } else seen.set(value, { value, records: [record.id], valid, order: order++ });
  };
  for (const record of ranked) {
    offer(record, field, record.values[field]);
    for (const into of rule.into) offer(record, into, record.values[into]);
    if (rule.list) for (const item of (record.values[rule.list] ?? '').split(rule.separator)) offer(record, rule.list, item.trim());
  }
  if (seen.size === 0) return;
  // Valid before invalid; the survivor's own field value (when valid) first of all.
  const all = [...seen.values()].sort((a, b) => Number(b.valid) - Number(a.valid) || a.order - b.order);
  const own = master.values[field];
  const primary = !isEmpty(own) && !master.flagged.has(field) ? all.find((e) => e.value === own)! : all[0]!;
  const rest = all.filter((e) => e !== primary);
  values[field] = primary.value;
  lineage[field] = { record: primary.records[0]!, rule: rule.text };
  rule.into.forEach((into, i) => {
    const entry = rest[i];
    if (!entry) return;
    values[into] = entry.value;
    lineage[into] = { record: entry.records[0]!, rule: rule.text };
  });
  const left = rest.slice(rule.into.length);
  if (rule.list && left.length > 0) {
    values[rule.list] = left.map((e) => e.value).join(rule.separator);
    lineage[rule.list] = { record: [...new Set(left.map((e) => e.records[0]!))].join(';'), rule: rule.text };
  }
  const valid = all.filter((e) => e.valid);
  if (valid.length > 1) found.push({ field, rule: rule.text, chosen: primary.value, values: valid.map((e) => ({ value: e.value, records: e.records })) });
}
