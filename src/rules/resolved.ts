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
  /** Values that came from the environment: scrubbed from every message. */
  readonly secrets: readonly string[];
}
