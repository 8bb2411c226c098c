import type { InsertQueryBuilder } from 'kysely';

/** `INSERT … ON CONFLICT (key) DO UPDATE SET col = excluded.col`: the form SQLite and PostgreSQL share. */
export function onConflictUpsert(insert: InsertQueryBuilder<any, any, any>, key: readonly string[], update: readonly string[]): InsertQueryBuilder<any, any, any> {
  return insert.onConflict((oc) =>
    update.length === 0
      ? oc.columns([...key]).doNothing()
      : oc.columns([...key]).doUpdateSet(Object.fromEntries(update.map((c) => [c, (eb: any) => eb.ref(`excluded.${c}`)]))),
  );
}
