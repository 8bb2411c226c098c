import type { InputError } from '../errors.js';
import type { SqlCapabilities } from './sql/sql-capabilities.js';

/** One source row: its cells, or why it could not be read. `line` is where the record starts (1-based). */
export type SourceRow =
  | { readonly line: number; readonly cells: readonly string[]; readonly raw?: string }
  | { readonly line: number; readonly error: { readonly code: string; readonly message: string }; readonly raw: string };

export interface SourceSpec {
  readonly kind: string;
  /** File path or connection string, as resolved from the rule file or --input. */
  readonly location: string;
  readonly table?: string | undefined;
  readonly encoding: string;
  readonly delimiter: string;
  /** Columns that may identify a row, best first: a table source reads in the order of the first it has. */
  readonly orderBy?: readonly string[];
}

export interface SourceReader {
  /** Column names; may grow while reading (JSONL objects with new keys). */
  readonly columns: string[];
  /** What was detected or declared, for the summary and the workspace. */
  readonly details: Readonly<Record<string, string>>;
  /** How a row's `raw` text is written, so its cells can be read back (see raw-cells.ts). */
  readonly rawFormat: RawFormat;
  batches(): AsyncIterable<readonly SourceRow[]>;
  close(): Promise<void>;
}

/** A record's raw text: the CSV record as it was in the file, the JSONL line, or a JSON array of cells. */
export type RawFormat = { readonly kind: 'csv'; readonly delimiter: string } | { readonly kind: 'json-object' } | { readonly kind: 'json-array' };

export type WriteMode = 'insert' | 'upsert' | 'replace';

export interface TargetSpec {
  readonly kind: string;
  readonly location: string;
  readonly table: string;
  readonly mode: WriteMode;
  readonly key: readonly string[];
  readonly create: boolean;
  readonly formulaGuard: boolean;
  readonly batchSize: number;
  /** SQL: cut text longer than its column instead of rejecting the row. */
  readonly truncate?: boolean | undefined;
  /** SQL upsert: commit every `checkpointRows` rows and record a checkpoint, so a killed run can be resumed. */
  readonly resumable?: boolean | undefined;
  readonly checkpointRows?: number | undefined;
}

export type OutputValue = string | null;
export type OutputBatches = AsyncIterable<readonly (readonly OutputValue[])[]>;

/** A row the target refused: its position in the export (1-based), its record id (the first column), and why. */
export interface TargetReject {
  readonly row: number;
  readonly recordId: string | null;
  readonly column: string;
  readonly code: string;
  readonly reason: string;
  readonly value: string;
}

/** How far an interrupted resumable export got: rows handled (written + rejected), and a hash of those rows. */
export interface Checkpoint {
  readonly rows: number;
  readonly written: number;
  readonly rejected: number;
  readonly hash: string;
}

/** Where a resumable write keeps its checkpoint (the workspace), and how to read the export again from its start. */
export interface ResumeContext {
  load(): Promise<Checkpoint | undefined>;
  save(checkpoint: Checkpoint): Promise<void>;
  clear(): Promise<void>;
  /** The same rows again from the first, for when the checkpoint does not match what is exported now. */
  rewind(): OutputBatches;
}

export interface WriteContext {
  /** Called for every row whose value does not fit its column; the row is not written. */
  readonly onReject?: ((reject: TargetReject) => void) | undefined;
  readonly resume?: ResumeContext | undefined;
  /** Columns whose values the caller knows to be unique (the workspace's record ids): an upsert keyed by one needs no duplicate check. */
  readonly uniqueColumns?: readonly string[] | undefined;
}

export interface WriteResult {
  /** Rows in the target from this export (with a resumed run's: also those the interrupted run committed). */
  readonly written: number;
  readonly rejected?: number;
  /** Resumed: the rows the interrupted run had handled, skipped now. */
  readonly resumedAt?: number | undefined;
  /** Resumed from a checkpoint that no longer matched the export: written from the start instead. */
  readonly restarted?: boolean | undefined;
}

export interface TargetWriter {
  /** Writes every batch (all or nothing, unless resumable) and returns the rows written and rejected. */
  write(columns: readonly string[], batches: OutputBatches, context?: WriteContext): Promise<WriteResult>;
}

export interface ConnectorDefinition {
  /** The key that names this connector in a rule file's source or target (`csv: file.csv`). */
  readonly kind: string;
  readonly description: string;
  /** File name endings that select this connector for --input/--output. */
  readonly extensions?: readonly string[];
  /** URL schemes that select this connector (`postgres://`). */
  readonly schemes?: readonly string[];
  /** Whether the location is a file path (resolved relative to the rule file). */
  readonly isFile: boolean;
  /** Whether a table name is needed to read or write. */
  readonly needsTable: boolean;
  /** Whether the target can update rows by key (mode upsert). */
  readonly supportsUpsert: boolean;
  openReader(spec: SourceSpec): Promise<SourceReader>;
  openWriter(spec: TargetSpec): Promise<TargetWriter>;
  /** SQL databases: what the shared table code (and the in-place merge) needs to know about this one. */
  sql?(): Promise<SqlCapabilities>;
}

export type ConnectorInputError = InputError;
