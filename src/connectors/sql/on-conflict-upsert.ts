import { sql, type InsertQueryBuilder } from 'kysely';

/** `INSERT … ON CONFLICT (key) DO UPDATE SET col = excluded.col`: the form SQLite and PostgreSQL share. */
export function onConflictUpsert(insert: InsertQueryBuilder<any, any, any>, key: readonly string[], update: readonly string[]): InsertQueryBuilder<any, any, any> {
  return insert.onConflict((oc) =>
    update.length === 0
      ? oc.columns([...key]).doNothing()
      : // sql.id keeps a column name whole even when it holds a dot ("Fax-Nr.").
        oc.columns([...key]).doUpdateSet(Object.fromEntries(update.map((c) => [c, sql.id('excluded', c)]))),
  );
}
