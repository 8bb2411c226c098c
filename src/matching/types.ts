import type { z } from 'zod';

/**
 * A record as matching sees it: canonical field values after normalize, plus the normalizers' keys
 * under `<field>.<key>` (`email.key`, `company.key`, `street.number`). A missing or empty value is absent.
 */
export type MatchRecord = Readonly<Record<string, string | undefined>>;

/** The level a comparison returns when either side has no value: it carries no evidence either way. */
export const NULL_LEVEL = -1;

export interface ComparisonLevel {
  /** Short and stable, for files and tables: `exact`, `nickname`, `jaro_winkler >= 0.92`, `else`. */
  readonly label: string;
  /** For a data steward, completing "the two records' <field>...": `are the same`, `are nicknames of one name`. */
  readonly description: string;
}

/** A comparison over prepared records, by record index. */
export type PreparedComparison = (i: number, j: number) => number;

/** One comparison of a pair of records, built from a comparator and its options for one field. */
export interface Comparison {
  /** The name in the rule file (dedupe.compare.<name>); usually the field. */
  readonly name: string;
  /** The comparator's name (`jaro_winkler`, `email`, ...). */
  readonly method: string;
  /** Record keys it reads (`first_name`, `last_name`, `email.key`). */
  readonly reads: readonly string[];
  /**
   * Ordered from the strongest agreement to the weakest; the last is always the catch-all disagreement
   * (`else`). A missing value is not a level: compare returns NULL_LEVEL.
   */
  readonly levels: readonly ComparisonLevel[];
  /** The index of the first level the pair satisfies, or NULL_LEVEL when either value is missing. Pure and fast. */
  compare(a: MatchRecord, b: MatchRecord): number;
  /**
   * Optional, for millions of pairs: derives what the comparison needs from each record once (folded values,
   * distinct-value numbers) and returns `compare` over record indexes, with the same level for every pair.
   */
  readonly prepare?: (records: readonly MatchRecord[]) => PreparedComparison;
  /**
   * For term-frequency adjustment: the value of a record whose frequency weighs an agreement at level 0
   * (a match on a rare surname counts more than on "Smith"). Absent when the comparison has no such notion.
   */
  readonly termValue?: (record: MatchRecord) => string | undefined;
}

/**
 * A comparator: one small pure module plus one registry line. `options` is a strict zod schema with
 * defaults (every key optional) that the rule-file schema embeds beside `method` and `field`.
 */
export interface ComparatorDefinition<O = any> {
  readonly name: string;
  readonly description: string;
  readonly options: z.ZodType<O>;
  /** Builds the comparison of `field` (the record key it mainly reads), named `name` in the rule file. */
  create(options: O, field: string, name: string): Comparison;
}
