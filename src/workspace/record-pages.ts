import { sql } from 'kysely';
import type { Workspace } from './workspace.js';

/** A workspace record with what normalize wrote for it (null where normalize has not run). */
export interface NormalizedRecordRow {
  readonly id: number;
  readonly source_id: string;
  /** JSON: the imported canonical values. */
  readonly data: string;
  /** The record as read; '' unless asked for (it is the biggest column). */
  readonly raw: string;
  /** JSON: the values normalize changed or set. */
  readonly changed: string | null;
  /** JSON: normalizer keys (email.key). */
  readonly keys: string | null;
  /** JSON: [field, code, reason, normalizer] rows. */
  readonly flags: string | null;
}

/** The workspace's records in record order, page by page (each page after the last id of the one before). */
export async function* normalizedRecordPages(workspace: Workspace, pageSize = 5000, options: { readonly raw?: boolean } = {}): AsyncIterable<NormalizedRecordRow[]> {
  let after = 0;
  for (;;) {
    const page = await workspace.db
      .selectFrom('stw_records as r')
      .leftJoin('stw_normalized as n', 'n.id', 'r.id')
      .select(['r.id', 'r.source_id', 'r.data', 'n.changed', 'n.keys', 'n.flags'])
      .select(options.raw ? sql<string>`r.raw`.as('raw') : sql<string>`''`.as('raw'))
      .where('r.id', '>', after)
      .orderBy('r.id')
      .limit(pageSize)
      .execute();
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.id;
  }
}
