import { sql } from 'kysely';
import { cellText, columnsOf, filledCondition, openDatabase, trimmedText } from '../audit/sql-figures.js';
import { InputError, RuntimeFailure } from '../errors.js';
import { profileColumns, type ExactCounts } from './profile-columns.js';
import type { Counted, Profile } from './types.js';

export interface TableProfileOptions {
  /** Rows read (in key order) for kinds, shapes and validity; the counts are exact whatever it is. */
  readonly sample: number;
  readonly placeholders: readonly string[];
  readonly isEmpty: (v: string | null | undefined) => boolean;
}

/**
 * Profiles a table where it is: rows, filled and placeholder values, distinct and top values counted exactly in SQL
 * (through Kysely, on any SQL connector); kinds, shapes and validity from the first `sample` rows in key order.
 */
export async function profileTable(location: string, table: string, options: TableProfileOptions): Promise<Profile> {
  const { caps, handle } = await openDatabase(location);
  try {
    const db = handle.db;
    const columns = await columnsOf(db, table, handle.display);
    const key = (await caps.primaryKey(db, table))[0] ?? columns[0]!;
    const filled = (column: string) => filledCondition(caps, column, options.placeholders);
    const text = (column: string) => trimmedText(caps, column);
    const counts = (await db
      .selectFrom(table)
      .select((eb) => [
        eb.fn.countAll<number>().as('rows'),
        ...columns.flatMap((c, i) => [
          sql<number>`sum(case when ${filled(c)} then 1 else 0 end)`.as(`f${i}`),
          sql<number>`sum(case when coalesce(${text(c)}, '') <> '' and not (${filled(c)}) then 1 else 0 end)`.as(`p${i}`),
        ]),
      ])
      .executeTakeFirstOrThrow()) as Record<string, number | string | null>;
    // Distinct and top values in queries of their own, one column at a time (they run on the handle's pool).
    const distinct = await Promise.all(columns.map((c) => db.selectFrom(table).select(sql<number>`count(distinct ${text(c)})`.as('n')).where(filled(c)).executeTakeFirstOrThrow().then((r) => Number(r.n))));
    const top = await Promise.all(
      columns.map((c) =>
        db
          .selectFrom(table)
          .select([text(c).as('v'), sql<number>`count(*)`.as('n')])
          .where(filled(c))
          .groupBy(text(c))
          .orderBy(sql`count(*)`, 'desc')
          .orderBy(text(c))
          .limit(5)
          .execute()
          .then((rows): Counted[] => rows.map((r) => ({ value: String(r.v), count: Number(r.n) }))),
      ),
    );
    const rows = Number(counts['rows']);
    const exact: ExactCounts = {
      rows,
      filled: columns.map((_, i) => Number(counts[`f${i}`] ?? 0)),
      placeholders: columns.map((_, i) => Number(counts[`p${i}`] ?? 0)),
      distinct,
      top,
    };
    const read = (await db.selectFrom(table).select(columns.map((c) => sql.ref(c).as(c))).orderBy(sql.ref(key)).limit(options.sample).execute()) as Record<string, unknown>[];
    const sample = read.map((row) => columns.map((c) => cellText(row[c])));
    const { columns: profiles, notes } = profileColumns(columns, sample, options.isEmpty, exact);
    const sampled = rows > sample.length;
    return {
      source: `${handle.display}#${table}`,
      kind: 'table',
      rows,
      unreadable: 0,
      profiled: sample.length,
      sampled,
      method: sampled
        ? `counts exact (SQL over all ${rows.toLocaleString('en-US')} rows); kinds, shapes and validity from the first ${sample.length.toLocaleString('en-US')} rows by ${key}`
        : 'every row; counts in SQL',
      columns: profiles,
      notes,
    };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new RuntimeFailure('DB_FAILED', `profiling ${table} in ${handle.display} failed: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}
