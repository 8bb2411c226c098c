import { createRawDecoder } from '../../connectors/raw-cells.js';
import type { RawFormat } from '../../connectors/types.js';
import { normalizedRecordPages } from '../../workspace/record-pages.js';
import { InputError } from '../../errors.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { MergeInput } from './merge-plan.js';
import type { MergeRecord } from './survivorship/types.js';

const PAGE = 10000;

/** The fields of the workspace's records, in output order (normalize may have added some, like salutation). */
export async function workspaceFields(workspace: Workspace): Promise<{ fields: string[]; mapping: Record<string, string[]>; columns: string[]; idColumn: string | null; rawFormat: RawFormat }> {
  const source = await workspace.db.selectFrom('stw_sources').selectAll().executeTakeFirst();
  if (!source) throw new InputError('NOTHING_IMPORTED', `the workspace ${workspace.file} holds no import yet; run steward import (or steward run) first`);
  const mapping = JSON.parse(source.mapping) as Record<string, string[]>;
  const fields = source.fields ? (JSON.parse(source.fields) as string[]) : Object.keys(mapping);
  return { fields, mapping, columns: JSON.parse(source.columns) as string[], idColumn: source.id_column, rawFormat: JSON.parse(source.raw_format) as RawFormat };
}

/** The run id of the dedupe whose clusters the workspace holds, or undefined when it holds none. */
export async function clustersRun(workspace: Workspace): Promise<number | undefined> {
  const row = await workspace.db.selectFrom('stw_clusters').select((eb) => eb.fn.max('run_id').as('run')).where('side', '=', 0).executeTakeFirst();
  return row?.run ?? undefined;
}

/**
 * The workspace's records as the merge sees them (normalized values, flagged fields) and their clusters.
 * `sourceColumns(fields)` names source columns no field maps that the merge reads too (a union's list column
 * holding what an earlier merge kept, a soft-delete flag): they are read from the raw records, under their names.
 */
export async function loadMergeInput(workspace: Workspace, sourceColumns: (fields: readonly string[]) => readonly string[] = () => []): Promise<MergeInput & { readonly clustersRun: number }> {
  const { fields, columns, rawFormat } = await workspaceFields(workspace);
  const extra = sourceColumns(fields)
    .filter((name) => !fields.includes(name))
    .map((name) => ({ name, at: columns.indexOf(name) }))
    .filter((c) => c.at >= 0);
  const decodeRaw = extra.length > 0 ? createRawDecoder(rawFormat, columns) : undefined;
  const run = await clustersRun(workspace);
  if (run === undefined) {
    const held = await workspace.db.selectFrom('stw_records').select('source_id').limit(1).executeTakeFirst();
    if (!held) throw new InputError('NO_RECORDS', `the workspace ${workspace.file} holds no records: the last import loaded none (a header only, or every row rejected); nothing to merge`);
    throw new InputError('NO_CLUSTERS', `the workspace ${workspace.file} holds no clusters yet; run steward dedupe (or steward run) first`);
  }
  const clusterOfId = new Map<string, string>();
  for (const row of await workspace.db.selectFrom('stw_clusters').select(['record_id', 'cluster_id']).where('side', '=', 0).execute()) clusterOfId.set(row.record_id, row.cluster_id);
  const records: MergeRecord[] = [];
  const clusterOf: string[] = [];
  for await (const page of normalizedRecordPages(workspace, PAGE, { raw: decodeRaw !== undefined })) {
    for (const row of page) {
      const values = JSON.parse(row.data) as Record<string, string>;
      if (row.changed) Object.assign(values, JSON.parse(row.changed) as Record<string, string>);
      if (decodeRaw) {
        const cells = decodeRaw(row.raw);
        for (const c of extra) if (cells[c.at] !== undefined && cells[c.at] !== '') values[c.name] = cells[c.at]!;
      }
      const flagged = new Set<string>(row.flags ? (JSON.parse(row.flags) as [string, ...unknown[]][]).map((f) => f[0]) : []);
      records.push({ id: row.source_id, index: records.length, values, flagged });
      clusterOf.push(clusterOfId.get(row.source_id) ?? row.source_id);
    }
  }
  return { fields, records, clusterOf, clustersRun: run };
}
