import { createRowCoercer, showValue, type ValueReject } from '../../../connectors/sql/coerce-row.js';
import type { TableShape, TargetColumn } from '../../../connectors/sql/target-schema.js';
import type { ResolvedTargetTable } from '../../../rules/resolved.js';
import type { PlannedRow, SeenKeys, TableRecord, TableRows } from './table-rows.js';

/** Why a record is not written: the value that does not fit (in which table), and the reason for a person. */
export interface RecordMisfit {
  readonly table: string;
  readonly misfit: ValueReject;
  readonly reason: string;
}

/** A row's values coerced to its table's columns: the values the database takes, or the first that does not fit. */
export type RowCoercion = (row: PlannedRow) => { readonly values: PlannedRow['values']; readonly misfit?: undefined } | { readonly values?: undefined; readonly misfit: ValueReject };

/**
 * The shared coercion (coerce-row.ts) over a planned row. With `refsAsText`, a reference column is only checked for
 * NOT NULL: before the parents are written their ids are stand-ins, and an id the database gave always fits.
 */
export function createRowCoercion(table: ResolvedTargetTable, shape: TableShape, truncate: boolean, refsAsText = false): RowCoercion {
  const names = table.columns.map((c) => c.name);
  const byName = new Map(shape.columns.map((c) => [c.name, c]));
  const columns = table.columns.map((c): TargetColumn | undefined => {
    const column = byName.get(c.name);
    return column && refsAsText && c.value.kind === 'ref' ? { ...column, kind: 'other' } : column;
  });
  const coerce = createRowCoercer(names, columns, { truncate });
  return (row) => {
    // Planned values are text: this is where they become numbers.
    const result = coerce(names.map((name) => (row.values[name] ?? null) as string | null));
    if (result.reject) return { misfit: result.reject };
    return { values: Object.fromEntries(names.map((name, i) => [name, result.values[i]!])) };
  };
}

const STAND_IN = 'id';

/**
 * Finds, before anything of a page is written, the records that cannot be written whole: a value of one of their
 * rows (their own, their child rows) does not fit its column, or a shared row they have (a { distinct } parent) does
 * not. Each such record is rejected with all its rows, so no child is left without its parent; the others are
 * written. A shared row is checked with the values of the first record written with it: when that record is
 * rejected for a reason of its own, the next one's values are checked. A shared row that does not fit stays
 * rejected for the rest of the run, so every record with its key is rejected, on any page.
 */
export function createMisfitFinder(
  tables: readonly ResolvedTargetTable[],
  planners: readonly TableRows[],
  coercions: readonly RowCoercion[],
  seen: ReadonlyMap<string, ReadonlySet<string>>,
  distinctIds: ReadonlyMap<string, ReadonlyMap<string, string>>,
): (records: readonly TableRecord[]) => Map<string, RecordMisfit> {
  // Shared rows that do not fit, for the whole run: table -> key -> why.
  const refused = new Map(tables.filter((t) => t.rows.mode === 'distinct').map((t) => [t.name, new Map<string, ValueReject>()]));

  /** One look at the records still in: the records it rejects, and the shared rows that do not fit (with the record they were made from). */
  const pass = (records: readonly TableRecord[]) => {
    const rejected = new Map<string, RecordMisfit>();
    const shared: { table: string; key: string; misfit: ValueReject; from: string }[] = [];
    const reject = (record: string, found: RecordMisfit) => {
      if (!rejected.has(record)) rejected.set(record, found);
    };
    const ids = new Map<string, { get(natural: string): string | undefined }>();
    for (const [i, table] of tables.entries()) {
      const refusedKeys = refused.get(table.name);
      // Rows of this page are not written yet: a stand-in id says the parent row is there.
      const placed = new Set<string>();
      const earlier = distinctIds.get(table.name);
      ids.set(table.name, { get: (natural) => (placed.has(natural) ? STAND_IN : earlier?.get(natural)) });
      const runSeen = seen.get(table.name);
      const added = new Set<string>();
      const pageSeen: SeenKeys = { has: (key) => runSeen?.has(key) === true || added.has(key), add: (key) => added.add(key) };
      for (const row of planners[i]!.plan(records, ids, pageSeen)) {
        if (refusedKeys?.has(row.natural)) continue;
        placed.add(row.natural);
        const { misfit } = coercions[i]!(row);
        if (!misfit) continue;
        if (refusedKeys) shared.push({ table: table.name, key: row.natural, misfit, from: row.record });
        else reject(row.record, { table: table.name, misfit, reason: `its row of table "${table.name}"${table.rows.mode === 'each' ? ` (${showValue(row.natural.slice(row.natural.indexOf('\u0000') + 1))})` : ''} does not fit: ${misfit.reason}` });
      }
      if (refusedKeys && refusedKeys.size > 0) {
        for (const record of records) {
          const key = planners[i]!.keys(record).find((k) => refusedKeys.has(k));
          if (key !== undefined) reject(record.id, sharedMisfit(table.name, key, refusedKeys.get(key)!));
        }
      }
    }
    return { rejected, shared };
  };

  return (records) => {
    const rejected = new Map<string, RecordMisfit>();
    for (;;) {
      const found = pass(records.filter((r) => !rejected.has(r.id)));
      for (const [id, why] of found.rejected) rejected.set(id, why);
      // A shared row made from a record rejected now is made again from the next record with its key.
      const refusedNow = found.shared.filter((s) => !rejected.has(s.from));
      for (const s of refusedNow) refused.get(s.table)!.set(s.key, s.misfit);
      if (found.rejected.size === 0 && refusedNow.length === 0) return rejected;
    }
  };
}

function sharedMisfit(table: string, key: string, misfit: ValueReject): RecordMisfit {
  return { table, misfit, reason: `the row of table "${table}" it points at (${showValue(key)}) does not fit: ${misfit.reason}` };
}
