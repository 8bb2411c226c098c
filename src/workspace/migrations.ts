import { sql, type Kysely, type Migration } from 'kysely';

/** Workspace migrations, applied in name order; never edit one that has shipped, add the next. */
export const workspaceMigrations: Record<string, Migration> = {
  '0001-runs-records-rejects': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('stw_runs')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('command', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('counts', 'text')
        .addColumn('details', 'text')
        .execute();
      await db.schema
        .createTable('stw_sources')
        .addColumn('run_id', 'integer', (c) => c.notNull().references('stw_runs.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('columns', 'text', (c) => c.notNull())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('id_column', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('raw_format', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('stw_records')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('stw_rejects')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('source_id', 'text')
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .execute();
      await sql`create index stw_rejects_line on stw_rejects (line)`.execute(db);
      // One record per source id: the import relies on it to reject duplicate ids.
      await db.schema.createIndex('stw_records_source_id').unique().on('stw_records').column('source_id').execute();
    },
  },
};
