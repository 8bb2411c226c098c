import Database from 'better-sqlite3';
import { companyKey } from '../../src/normalizers/company.js';
import { uuidV5 } from '../../src/stages/export/multi-table/uuid-v5.js';

/** A golden record as the workspace keeps it: what one row of a migrated contact table must hold. */
export interface GoldenRecord {
  readonly goldenId: string;
  readonly recordIds: readonly string[];
  readonly values: Readonly<Record<string, string>>;
}

/** The golden records of a run's workspace, in their order, and which golden record each source row went into. */
export function readGolden(workspace: string): { records: GoldenRecord[]; goldenOf: Map<string, string> } {
  const db = new Database(workspace, { readonly: true });
  try {
    const rows = db.prepare('select golden_id, record_ids, data from stw_golden order by seq').all() as { golden_id: string; record_ids: string; data: string }[];
    const lineage = db.prepare('select record_id, golden_id from stw_lineage').all() as { record_id: string; golden_id: string }[];
    return {
      records: rows.map((r) => ({ goldenId: r.golden_id, recordIds: r.record_ids.split(';'), values: JSON.parse(r.data) as Record<string, string> })),
      goldenOf: new Map(lineage.map((l) => [l.record_id, l.golden_id])),
    };
  } finally {
    db.close();
  }
}

/** The id a multi-table job derives for a row: UUID v5 of job, table and natural key. */
export const rowId = (job: string, table: string, natural: string): string => uuidV5(`${job}\u0000${table}\u0000${natural}`);

/** The company match key of a record, or undefined when it has no company. */
export const companyKeyOf = (record: GoldenRecord): string | undefined => (record.values['company'] ? companyKey(record.values['company']) : undefined);

/** A record's email addresses: its own first, then its merged duplicates', case folded, each once. */
export function emailsOf(record: GoldenRecord): string[] {
  const all = [record.values['email'], ...(record.values['other_emails'] ?? '').split(';')].map((e) => e?.trim().toLowerCase()).filter((e): e is string => Boolean(e));
  return [...new Set(all)];
}
