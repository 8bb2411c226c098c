import type { Workspace } from '../workspace/workspace.js';
import type { AuditRecord } from './collect-records.js';
import { normalizedRecordPages } from '../workspace/record-pages.js';
import { invalidFields } from './verdicts.js';

const PAGE = 5000;

/** The workspace's records page by page: normalized values (where normalize ran) and the fields flagged invalid. */
export async function* workspaceRecords(workspace: Workspace): AsyncIterable<AuditRecord[]> {
  for await (const page of normalizedRecordPages(workspace, PAGE)) {
    yield page.map((row) => {
      const values = JSON.parse(row.data) as Record<string, string>;
      if (row.changed) Object.assign(values, JSON.parse(row.changed) as Record<string, string>);
      return { id: row.source_id, values, invalid: row.flags ? invalidFields(JSON.parse(row.flags) as [string, string][]) : new Set<string>() };
    });
  }
}

/** Records the dedupe stage folded into another (not the first of their cluster), when it ran. */
export async function dedupeDuplicates(workspace: Workspace): Promise<number | undefined> {
  const row = await workspace.db
    .selectFrom('stw_clusters')
    .select((eb) => [eb.fn.countAll<number>().as('records'), eb.fn.count<number>('cluster_id').distinct().as('clusters')])
    .where('side', '=', 0)
    .executeTakeFirst();
  if (!row || Number(row.records) === 0) return undefined;
  return Number(row.records) - Number(row.clusters);
}
