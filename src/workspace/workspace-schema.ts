import type { Generated } from 'kysely';

/** The workspace tables (all prefixed stw_), as Kysely types. JSON columns hold text. */
export interface WorkspaceDatabase {
  stw_runs: RunsTable;
  stw_sources: SourcesTable;
  stw_records: RecordsTable;
  stw_rejects: RejectsTable;
  stw_normalized: NormalizedTable;
  stw_models: ModelsTable;
  stw_pairs: PairsTable;
  stw_clusters: ClustersTable;
  stw_decisions: DecisionsTable;
}

export interface ModelsTable {
  id: Generated<number>;
  run_id: number;
  /** JSON MatchModel. */
  model: string;
}

export interface PairsTable {
  run_id: number;
  id_a: string;
  id_b: string;
  weight: number;
  probability: number;
  /** Comma-separated level index per comparison, -1 where a value was missing. */
  levels: string;
}

export interface ClustersTable {
  run_id: number;
  /** 0: the records (the input); 1: the --link file's records. */
  side: number;
  record_id: string;
  cluster_id: string;
}

export interface DecisionsTable {
  id_a: string;
  id_b: string;
  /** match | distinct */
  decision: string;
  decided_at: string;
}

export interface RunsTable {
  id: Generated<number>;
  job: string;
  command: string;
  started_at: string;
  finished_at: string | null;
  /** running | ok | failed | thresholds */
  status: string;
  /** JSON: the run's counters. */
  counts: string | null;
  /** JSON: rule files, source and target as shown to people (passwords removed). */
  details: string | null;
}

/** The source of the records now in the workspace: its columns and how they map to fields. */
export interface SourcesTable {
  run_id: number;
  kind: string;
  location: string;
  /** JSON array of every source column, in order. */
  columns: string;
  /** JSON object: field -> source columns it was mapped from. */
  mapping: string;
  id_column: string | null;
  /** JSON: encoding, delimiter and what else the reader detected. */
  details: string;
  /** JSON RawFormat: how stw_records.raw is written (CSV text, JSON object, JSON array). */
  raw_format: string;
  /** JSON array: the record fields in output order once normalize has added some (salutation, phone_ext); else null. */
  fields: string | null;
}

export interface RecordsTable {
  /** 1..n in source order: deterministic across runs. */
  id: number;
  run_id: number;
  source_id: string;
  /** Line (or row number) where the record starts in its source. */
  line: number;
  /** JSON object: canonical field -> value. */
  data: string;
  /** The record exactly as read: CSV record text, JSONL line or JSON array (see stw_sources.raw_format). */
  raw: string;
}

/** The normalize stage's output for one record (same id); `stw_records.data` keeps the imported values. */
export interface NormalizedTable {
  id: number;
  run_id: number;
  /** JSON object: the fields whose value the stage changed or set, with their final value. */
  changed: string;
  /** JSON object: match keys and facts from normalizers, as `<field>.<name>` (email.key, phone.type). */
  keys: string;
  /** JSON array of [field, before, after, normalizer], or null: every value the stage changed. */
  changes: string | null;
  /** JSON array of [field, code, reason, normalizer], or null: values a normalizer could not make valid (kept as they were). */
  flags: string | null;
}

export interface RejectsTable {
  id: Generated<number>;
  run_id: number;
  line: number;
  source_id: string | null;
  code: string;
  reason: string;
  raw: string;
}
