import type { AuditRules } from './schema.js';
import type { TargetSpec } from '../connectors/types.js';

/** A rule file after parsing, extends, ${ENV}, defaults and cross-checks: what the stages read. */
export interface ResolvedField {
  readonly name: string;
  /** Source column spellings, in priority order (the field name itself is always last). */
  readonly from: readonly string[];
  readonly required: boolean;
  /** Mapped in the job's own rule file (not only inherited): its spellings claim columns first. */
  readonly explicit: boolean;
  /** Normalizers in order, options parsed with their defaults. */
  readonly normalize: readonly { readonly name: string; readonly options: unknown }[];
}

export type RejectLimit = { readonly count: number } | { readonly percent: number };

/** The source: a location (kind and where), or only options when --input will give the location. */
export interface ResolvedSource {
  readonly kind?: string | undefined;
  readonly location?: string | undefined;
  readonly table?: string | undefined;
  readonly encoding: string;
  readonly delimiter: string;
  /** Candidate id columns; `strict` when a single column was named and must exist. */
  readonly id?: { readonly columns: readonly string[]; readonly strict: boolean } | undefined;
  readonly maxRejects?: RejectLimit | undefined;
}

/** What a connector needs to write, plus how the export builds its columns. */
export interface ResolvedTarget extends TargetSpec {
  /** The mode the rule file gave (or the default), before a file target turned it into replace. */
  readonly declaredMode: TargetSpec['mode'];
  /** canonical field -> target column. */
  readonly columns: Readonly<Record<string, string>>;
  readonly unmapped: boolean;
  /** Export each record's dedupe cluster id (after source_id). */
  readonly clusterId: boolean;
  /** Whether the rule file named the key; else it is the id of what is exported (golden_id or source_id). */
  readonly keyDeclared: boolean;
  /** A multi-table target: its tables, parents before the tables that refer to them. */
  readonly tables?: readonly ResolvedTargetTable[] | undefined;
}

/** A column's value in a multi-table target (see columnValueSchema). */
export type ColumnValue =
  | { readonly kind: 'field'; readonly source: string; readonly default?: string | number | boolean | null | undefined; readonly case?: 'upper' | 'lower' | undefined }
  | { readonly kind: 'item'; readonly what: 'value' | 'key' | 'field' | 'index' | 'first'; readonly default?: string | number | boolean | null | undefined; readonly case?: 'upper' | 'lower' | undefined }
  | { readonly kind: 'value'; readonly value: string | number | boolean | null }
  | { readonly kind: 'ref'; readonly table: string }
  | { readonly kind: 'list'; readonly sources: readonly string[] }
  | { readonly kind: 'json'; readonly entries: readonly (readonly [string, ColumnValue])[] };

/** One table of a multi-table target. */
export interface ResolvedTargetTable {
  readonly name: string;
  /** One row per record, per distinct key of the sources among all records, or per record and distinct value. */
  readonly rows: { readonly mode: 'record' } | { readonly mode: 'distinct' | 'each'; readonly sources: readonly string[] };
  readonly id?: { readonly column: string; readonly generate: 'uuid' | 'database' } | undefined;
  /** Columns that identify a row (a unique index): the upsert key, and how database ids are read back. */
  readonly key: readonly string[];
  readonly columns: readonly { readonly name: string; readonly value: ColumnValue }[];
  readonly separator: string;
}

/** A survivorship rule as written, parsed: `most_recent(updated_at)`. */
export interface ResolvedRuleCall {
  readonly name: string;
  readonly argument?: string | undefined;
  readonly text: string;
}

export interface ResolvedFieldRule extends ResolvedRuleCall {
  /** union: secondary fields for the other values, then the list column and its separator. */
  readonly into: readonly string[];
  readonly list?: string | undefined;
  readonly separator: string;
}

/** The merge stage's rules. */
export interface ResolvedMerge {
  readonly survivor: ResolvedRuleCall;
  readonly tieBreakers: readonly ResolvedRuleCall[];
  readonly weights: Readonly<Record<string, number>>;
  readonly sourceField: string;
  readonly sourcePriority: readonly string[];
  readonly defaultRule: ResolvedFieldRule;
  /** Per-field rules; fields not named use defaultRule. */
  readonly fields: Readonly<Record<string, ResolvedFieldRule>>;
  readonly batchSize: number;
  readonly inPlace: {
    readonly table?: string | undefined;
    readonly key?: string | undefined;
    readonly children: readonly { readonly table: string; readonly column: string; readonly key?: string | undefined }[];
    readonly discoverChildren: boolean;
    readonly softDelete?: { readonly column: string; readonly value: string | number | boolean } | undefined;
  };
}

/** The dedupe stage's rules: blocking rules parsed, comparisons with their options parsed. */
export interface ResolvedDedupe {
  readonly blocking: readonly { readonly text: string; readonly parts: readonly string[] }[];
  readonly maxBlockSize: number;
  readonly compare: readonly { readonly name: string; readonly method: string; readonly field: string; readonly termFrequency: boolean | undefined; readonly options: unknown }[];
  readonly thresholds: { readonly match: number; readonly review: number; readonly split: number };
  readonly uSamplePairs: number;
  readonly em: { readonly maxIterations: number; readonly tolerance: number };
  readonly seed: number;
  readonly workers?: number | undefined;
}

export interface ResolvedRules {
  readonly job: string;
  /** Absolute path of the rule file, and every file of its extends chain (as displayed). */
  readonly file: string;
  readonly dir: string;
  readonly files: readonly string[];
  readonly workspace: string;
  readonly source?: ResolvedSource | undefined;
  readonly fields: readonly ResolvedField[];
  readonly target?: ResolvedTarget | undefined;
  readonly dedupe?: ResolvedDedupe | undefined;
  readonly merge?: ResolvedMerge | undefined;
  /** The audit's checks, as parsed (defaults filled in). */
  readonly audit?: AuditRules | undefined;
  /** Values that came from the environment: scrubbed from every message. */
  readonly secrets: readonly string[];
}
