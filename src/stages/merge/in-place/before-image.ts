import type { Encoded } from './row-codec.js';

/**
 * Everything the in-place merge of one cluster (or the clean in place of one row) changed, as it was before:
 * enough to put every table back exactly, row for row. Values are encoded (row-codec.ts).
 */
export interface BeforeImage {
  /**
   * The survivor's key (a cleaned row's) and the old values of the columns the run wrote. A clean also keeps
   * `after`, the values it wrote as the database then held them: undo checks they are still there, so it does
   * not overwrite an edit made since.
   */
  readonly survivor: { readonly key: Encoded; readonly before: Record<string, Encoded>; readonly after?: Record<string, Encoded> | undefined };
  /** Hard delete: the merged-away rows, whole. */
  readonly removed: readonly Record<string, Encoded>[];
  /** Soft delete: each merged-away row's key and the flag column's old value. */
  readonly flagged: readonly (readonly [Encoded, Encoded])[];
  /** Re-pointed related rows: per child table, each row's key and the old value of the column pointing at the record. */
  readonly children: readonly { readonly table: string; readonly column: string; readonly key: string; readonly rows: readonly (readonly [Encoded, Encoded])[] }[];
}
