/** What an audit finds: the figures per field, every check with its verdict, the trend against the last run. */

export type Severity = 'warn' | 'fail';
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** A parsed threshold: `">= 95%"` is { op: '>=', value: 0.95, percent: true }; `"<= 10"` a count. */
export interface Threshold {
  readonly op: '>=' | '>' | '<=' | '<' | '==';
  readonly value: number;
  readonly percent: boolean;
  /** As written in the rule file. */
  readonly text: string;
}

export interface FieldFigures {
  /** Records whose value is not empty, whitespace or a placeholder. */
  readonly filled: number;
  /** filled / records (0 when there are no records). */
  readonly completeness: number;
  /** Filled values that are valid: no normalizer flagged them invalid, and the field's declared rules pass. */
  readonly valid: number;
  /** valid / filled (1 when nothing is filled). */
  readonly validity: number;
  /** Filled values that repeat an earlier record's value. */
  readonly duplicates?: number | undefined;
}

export interface CheckResult {
  /** Stable and readable: `email completeness`, `row count`, `record completeness`. */
  readonly name: string;
  /** The field checked, or null for checks of whole records or the table. */
  readonly field: string | null;
  /** completeness | validity | duplicate_rate | reference_rate | stale_rate | newest_age_days | record_score | below_floor_rate | row_count | dedupe_duplicate_rate | completeness_drop */
  readonly metric: string;
  /** Shares are 0..1; counts and days are numbers. */
  readonly value: number;
  /** As written (">= 95%"). */
  readonly threshold: string;
  readonly severity: Severity;
  readonly status: CheckStatus;
  /** Up to `audit.samples` record ids that make the check fail (empty for a passing check). */
  readonly samples: readonly string[];
  /** One line for a person: "953 of 1,000 records have an email (95.3%), needs >= 95%". */
  readonly message: string;
}

export interface HistogramBin {
  /** Lower bound of the bin, 0..1 (bins are 10% wide; the last holds 100%). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

export interface TrendEntry {
  readonly at: string;
  readonly status: CheckStatus;
  readonly records: number;
  readonly completeness: Readonly<Record<string, number>>;
}

export interface AuditReport {
  readonly status: CheckStatus;
  readonly records: number;
  readonly fields: Readonly<Record<string, FieldFigures>>;
  readonly checks: readonly CheckResult[];
  /** Where the audit ran: a file, a workspace, or a database table (password removed). */
  readonly target: string;
  readonly at: string;
  readonly job: string;
  /** Weighted record completeness: mean score and a histogram of records by score. */
  readonly recordCompleteness?: { readonly mean: number; readonly histogram: readonly HistogramBin[] } | undefined;
  /** Earlier runs, oldest first (not this one), and each field's completeness change since the last. */
  readonly history: readonly TrendEntry[];
  readonly changes: Readonly<Record<string, number>>;
  /** What the audit could not do, for a person (checks skipped and why). */
  readonly notes?: readonly string[] | undefined;
}
