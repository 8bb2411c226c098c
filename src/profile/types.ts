import type { ColumnKind, DateOrder } from './kinds.js';
import type { FieldGuess } from './field-guess.js';

export interface Counted {
  readonly value: string;
  readonly count: number;
}

/** One column of a profile. Shares are of the rows profiled (`rows` of the sample, or the table's rows). */
export interface ColumnProfile {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Share of the filled values that look like the kind. */
  readonly kindShare: number;
  /** Date columns: the day/month order and the values that show it. */
  readonly dateOrder?: DateOrder | undefined;
  /** Values present and not a placeholder; `placeholders` were present but count as empty (N/A, unknown, -). */
  readonly filled: number;
  readonly placeholders: number;
  readonly fill: number;
  readonly distinct: number;
  readonly top: readonly Counted[];
  readonly shapes: readonly Counted[];
  /** Share of the filled values valid for the kind, judged by its normalizer; undefined for kinds nothing judges (text, company). */
  readonly validity?: number | undefined;
  /** Phones and postcodes: the country assumed for values without one (the file's commonest country, else the best reading). */
  readonly defaultCountry?: string | undefined;
  readonly field?: FieldGuess | undefined;
}

export interface SourceDetail {
  readonly value: string;
  readonly confidence: 'certain' | 'high' | 'medium' | 'low';
  readonly reason: string;
}

export interface Profile {
  /** The file, or the database (password removed) and table. */
  readonly source: string;
  readonly kind: 'file' | 'table';
  readonly encoding?: SourceDetail | undefined;
  readonly delimiter?: SourceDetail | undefined;
  /** Every row of the file (or table); `unreadable` of them could not be read (wrong cell count, bad bytes). */
  readonly rows: number;
  readonly unreadable: number;
  /** The rows the per-column figures come from, and whether that is a sample of `rows`. */
  readonly profiled: number;
  readonly sampled: boolean;
  /** How the sample was drawn, or that the counts are exact (a database). */
  readonly method: string;
  readonly columns: readonly ColumnProfile[];
  readonly notes: readonly string[];
}
