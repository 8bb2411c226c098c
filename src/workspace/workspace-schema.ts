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
  stw_merge_runs: MergeRunsTable;
  stw_golden: GoldenTable;
  stw_lineage: LineageTable;
  stw_merge_batches: MergeBatchesTable;
  stw_merge_log: MergeLogTable;
  stw_audits: AuditsTable;
  stw_export_rejects: ExportRejectsTable;
  stw_export_checkpoints: ExportCheckpointsTable;
  stw_lock: LockTable;
}

/** A row a database target refused: its position in the export, its record id, the column and why. */
export interface ExportRejectsTable {
  id: Generated<number>;
  run_id: number;
  /** kind, location (password removed) and table. */
  target: string;
  row: number;
  record_id: string | null;
  column: string;
  code: string;
  reason: string;
  value: string;
}

/** A resumable export's progress: rows handled (written + rejected) up to the last commit, and their hash. */
export interface ExportCheckpointsTable {
  job: string;
  target: string;
  run_id: number;
  rows: number;
  written: number;
  rejected: number;
  hash: string;
  updated_at: string;
}

/** At most one row (id 1): the process that has the workspace open. */
export interface LockTable {
  id: number;
  pid: number;
  host: string;
  /** ISO time the holder opened the workspace. */
  since: string;
}

export interface AuditsTable {
  id: Generated<number>;
  run_id: number;
  at: string;
  /** What was audited: a workspace, a file or a database table (password removed). */
  target: string;
  /** pass | warn | fail */
  status: string;
  records: number;
  /** JSON object: field -> completeness (0..1). */
  completeness: string;
}

export interface MergeRunsTable {
  /** The stw_runs id of the run that merged. */
  id: number;
  /** workspace | in_place */
  mode: string;
  /** In place: the database and table, password removed. */
  target: string | null;
  /** The dedupe run whose clusters were merged: golden records of older clusters are stale. */
  clusters_run: number;
  /** Hash of the plan: a resumed in-place merge must apply the same one. */
  plan_hash: string;
  /** running | complete | failed | undone */
  status: string;
  counts: string | null;
  /** JSON: table, key, children, delete mode of an in-place merge. */
  details: string | null;
}

export interface GoldenTable {
  /** The survivor's source id. */
  golden_id: string;
  merge_run: number;
  /** Order of the golden records: input position of the cluster's first record. */
  seq: number;
  cluster_id: string;
  /** Source ids merged into it, survivor first, joined with ;. */
  record_ids: string;
  /** JSON object: column -> value. */
  data: string;
  /** JSON object: column -> [record id, rule]. */
  lineage: string;
  /** JSON array of conflicts, or null. */
  conflicts: string | null;
}

export interface LineageTable {
  record_id: string;
  golden_id: string;
  /** survivor | merged */
  role: string;
}

export interface MergeBatchesTable {
  merge_run: number;
  batch: number;
  /** pending (before-images logged, database not yet known to have committed) | committed | undone */
  status: string;
  clusters: number;
  changed_at: string;
}

export interface MergeLogTable {
  merge_run: number;
  batch: number;
  golden_id: string;
  /** JSON before-image of everything the merge of this cluster changed (see in-place/before-image.ts). */
  before: string;
  /** When steward unmerge restored it; null while merged. */
  undone_at: string | null;
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
