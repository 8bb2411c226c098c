import type { Encoded } from './row-codec.js';

/**
 * Everything the in-place merge of one cluster changed, as it was before: enough to put every table back
 * exactly, row for row. Values are encoded (row-codec.ts).
 */
export interface BeforeImage {
  /** The survivor's key and the old values of the columns the merge wrote. */
  readonly survivor: { readonly key: Encoded; readonly before: Record<string, Encoded> };
  /** Hard delete: the merged-away rows, whole. */
  readonly removed: readonly Record<string, Encoded>[];
  /** Soft delete: each merged-away row's key and the flag column's old value. */
  readonly flagged: readonly (readonly [Encoded, Encoded])[];
  /** Re-pointed related rows: per child table, each row's key and the old value of the column pointing at the record. */
  readonly children: readonly { readonly table: string; readonly column: string; readonly key: string; readonly rows: readonly (readonly [Encoded, Encoded])[] }[];
}
