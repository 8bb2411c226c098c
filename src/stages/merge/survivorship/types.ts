/** A record of a cluster, as survivorship sees it: normalized values, the fields normalize flagged, its place in the input. */
export interface MergeRecord {
  readonly id: string;
  /** Position in the input (record order): the last tie-breaker. */
  readonly index: number;
  readonly values: Readonly<Record<string, string>>;
  /** Fields whose value normalize flagged as invalid. */
  readonly flagged: ReadonlySet<string>;
}

/** A value offered for a field by one record. */
export interface Candidate {
  readonly record: MergeRecord;
  readonly value: string;
}

export interface RuleContext {
  /** The field the rule reads, for rules written with one (`most_recent(updated_at)`). */
  readonly argument?: string | undefined;
  /** The cluster's survivor (master), once chosen. */
  readonly master?: MergeRecord | undefined;
  /** For field rules: how many records hold each value. */
  readonly frequency?: ReadonlyMap<string, number> | undefined;
  /** Systems in order of trust, and the field naming a record's system (source_priority). */
  readonly sourcePriority: readonly string[];
  readonly sourceField: string;
  /** most_complete: weight of each field (default 1). */
  readonly weights: Readonly<Record<string, number>>;
  /** The fields merged: what most_complete counts. */
  readonly fields: readonly string[];
}

/**
 * One survivorship rule: it orders candidates best first. Ties (0) are settled by the next rule (tie-breakers)
 * and in the end by the cluster's ranking, so every choice is deterministic.
 */
export interface SurvivorshipRule {
  readonly name: string;
  readonly description: string;
  /** Whether the rule is written with a field: `most_recent(updated_at)`. */
  readonly needsField: boolean;
  /** Whether it can choose the surviving record (merge.survivor, tie_breakers), not only a field's value. */
  readonly ranksRecords: boolean;
  compare(a: Candidate, b: Candidate, context: RuleContext): number;
}

/** A rule as written, parsed: `most_recent(updated_at)` -> { name: most_recent, argument: updated_at }. */
export interface RuleCall {
  readonly name: string;
  readonly argument?: string | undefined;
  readonly text: string;
}
