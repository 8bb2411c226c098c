import type { Workspace } from '../../workspace/workspace.js';
import type { MatchRecord } from '../../matching/types.js';
import { InputError } from '../../errors.js';
import { normalizedRecordPages } from '../../workspace/record-pages.js';

export interface LoadedRecords {
  readonly ids: string[];
  readonly records: MatchRecord[];
}

const PAGE = 10000;

/**
 * The workspace's records as matching sees them: normalized values and normalizer keys, empty values left
 * out; with `keys`, only those (a million records hold much less than all their fields).
 */
export async function loadMatchRecords(workspace: Workspace, keys?: ReadonlySet<string>): Promise<LoadedRecords> {
  const source = await workspace.db.selectFrom('stw_sources').select('run_id').executeTakeFirst();
  if (!source) throw new InputError('NOTHING_IMPORTED', `the workspace ${workspace.file} holds no import yet; run steward import first (or give --input)`);
  const ids: string[] = [];
  const records: MatchRecord[] = [];
  for await (const page of normalizedRecordPages(workspace, PAGE)) {
    for (const row of page) {
      const values = JSON.parse(row.data) as Record<string, string>;
      if (row.changed) Object.assign(values, JSON.parse(row.changed) as Record<string, string>);
      if (row.keys) Object.assign(values, JSON.parse(row.keys) as Record<string, string>);
      const record: Record<string, string> = {};
      for (const key in values) {
        if (keys && !keys.has(key)) continue;
        const value = values[key];
        if (value !== undefined && value !== null && value.trim() !== '') record[key] = value;
      }
      ids.push(row.source_id);
      records.push(record);
    }
  }
  return { ids, records };
}
