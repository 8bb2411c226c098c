import type { z } from 'zod';

/** Why a value is not valid; the value itself is kept as it was (nothing is blanked). */
export interface Flag {
  readonly code: string;
  readonly reason: string;
}

export interface NormalizeContext {
  /** The record's values, normalized so far (fields a normalizer reads are normalized before it runs). */
  readonly record: Readonly<Record<string, string>>;
}

export interface NormalizeOutput {
  /** The new value; the input unchanged when it could not be normalized. */
  readonly value: string;
  /** Problems found: the audit stage counts them. A flagged value keeps its original text, unless the flag only says how it was read (date_order_conflict). */
  readonly flags?: readonly Flag[];
  /** Values for other fields (name splits, salutations, extensions); applied only where that field is empty. */
  readonly set?: Readonly<Record<string, string>>;
  /** Match keys and facts for later stages, stored apart from the values as `<field>.<name>` (email.key, phone.type). */
  readonly keys?: Readonly<Record<string, string>>;
}

export type NormalizeFn = (value: string, context: NormalizeContext) => NormalizeOutput;

/**
 * A normalizer: one small pure module plus one registry line. `options` is a zod schema (strict, with
 * defaults) that the rule-file schema embeds, so bad options are reported with their path and line.
 */
export interface NormalizerDefinition<O = any> {
  readonly name: string;
  readonly description: string;
  readonly options: z.ZodType<O>;
  /** The keys it adds for later stages (`key` for email.key): dedupe and target.tables may read them; the rule check knows them by this list. */
  readonly keys?: readonly string[];
  /** Other fields this normalizer reads from the record; those are normalized first. */
  readonly reads?: (options: O) => readonly string[];
  /**
   * Checks that need the file system (a lookup file exists and reads), run when the rule file is loaded so
   * `steward check` reports them; paths are relative to the normalizer's options.
   */
  readonly check?: (options: O, context: { readonly dir: string }) => readonly { readonly path: readonly (string | number)[]; readonly message: string }[];
  /** Builds the function for one field. Called once per run, so it may precompute tables and caches. */
  create(options: O, field: string): NormalizeFn;
}
