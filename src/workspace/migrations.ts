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
  '0002-normalize': {
    async up(db: Kysely<any>) {
      // The normalize stage's output, one row per record, beside the imported values (so it can be re-run
      // from them). Rows are inserted in record order, which is much cheaper than growing every record row.
      await db.schema
        .createTable('stw_normalized')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('changed', 'text', (c) => c.notNull())
        .addColumn('keys', 'text', (c) => c.notNull())
        .addColumn('changes', 'text')
        .addColumn('flags', 'text')
        .execute();
      await db.schema.alterTable('stw_sources').addColumn('fields', 'text').execute();
      // One row per changed value and per flag, for people and the audit stage to query.
      await sql`create view stw_changes as
        select r.id as record_id, r.source_id, c.value ->> 0 as field, c.value ->> 1 as before, c.value ->> 2 as after, c.value ->> 3 as normalizer
        from stw_normalized n join stw_records r on r.id = n.id, json_each(n.changes) c where n.changes is not null`.execute(db);
      await sql`create view stw_flags as
        select r.id as record_id, r.source_id, f.value ->> 0 as field, f.value ->> 1 as code, f.value ->> 2 as reason, f.value ->> 3 as normalizer
        from stw_normalized n join stw_records r on r.id = n.id, json_each(n.flags) f where n.flags is not null`.execute(db);
    },
  },
  '0003-dedupe': {
    async up(db: Kysely<any>) {
      // The trained models, newest last; a later run or `steward explain` reuses the newest.
      await db.schema
        .createTable('stw_models')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .execute();
      // Scored candidate pairs of the last dedupe (record ids in their source), with each comparison's level.
      await db.schema
        .createTable('stw_pairs')
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('id_a', 'text', (c) => c.notNull())
        .addColumn('id_b', 'text', (c) => c.notNull())
        .addColumn('weight', 'real', (c) => c.notNull())
        .addColumn('probability', 'real', (c) => c.notNull())
        .addColumn('levels', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('stw_clusters')
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('side', 'integer', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull())
        .execute();
      // Reviewers' decisions by source id: they outlive re-imports and bind every later clustering.
      await db.schema
        .createTable('stw_decisions')
        .addColumn('id_a', 'text', (c) => c.notNull())
        .addColumn('id_b', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('stw_decisions_pk', ['id_a', 'id_b'])
        .execute();
    },
  },
  '0004-merge': {
    async up(db: Kysely<any>) {
      // One row per merge: in the workspace only, or in place in a CRM database (with before-images to undo it).
      await db.schema
        .createTable('stw_merge_runs')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('clusters_run', 'integer', (c) => c.notNull())
        .addColumn('plan_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('counts', 'text')
        .addColumn('details', 'text')
        .execute();
      // The golden records of the last merge: values, and per field the record and rule that gave it (lineage).
      await db.schema
        .createTable('stw_golden')
        .addColumn('golden_id', 'text', (c) => c.primaryKey())
        .addColumn('merge_run', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull())
        .addColumn('record_ids', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('lineage', 'text', (c) => c.notNull())
        .addColumn('conflicts', 'text')
        .execute();
      await db.schema
        .createTable('stw_lineage')
        .addColumn('record_id', 'text', (c) => c.primaryKey())
        .addColumn('golden_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stw_lineage_golden').on('stw_lineage').column('golden_id').execute();
      await sql`create view stw_field_lineage as
        select g.golden_id, l.key as field, l.value ->> 0 as record_id, l.value ->> 1 as rule
        from stw_golden g, json_each(g.lineage) l`.execute(db);
      // In-place merges: batches (each one database transaction) and per cluster the before-images.
      await db.schema
        .createTable('stw_merge_batches')
        .addColumn('merge_run', 'integer', (c) => c.notNull())
        .addColumn('batch', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('clusters', 'integer', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('stw_merge_batches_pk', ['merge_run', 'batch'])
        .execute();
      await db.schema
        .createTable('stw_merge_log')
        .addColumn('merge_run', 'integer', (c) => c.notNull())
        .addColumn('batch', 'integer', (c) => c.notNull())
        .addColumn('golden_id', 'text', (c) => c.notNull())
        .addColumn('before', 'text', (c) => c.notNull())
        .addColumn('undone_at', 'text')
        .execute();
      await db.schema.createIndex('stw_merge_log_batch').on('stw_merge_log').columns(['merge_run', 'batch']).execute();
      await db.schema.createIndex('stw_merge_log_golden').on('stw_merge_log').column('golden_id').execute();
    },
  },
  '0005-audit': {
    async up(db: Kysely<any>): Promise<void> {
      // Every audit run's summary, for the trend reports show and --fail-on-regression.
      await db.schema
        .createTable('stw_audits')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('records', 'integer', (c) => c.notNull())
        .addColumn('completeness', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0006-export-rejects-checkpoints': {
    async up(db: Kysely<any>): Promise<void> {
      // Rows a database target refused (a value that does not fit its column), per export run.
      await db.schema
        .createTable('stw_export_rejects')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('row', 'integer', (c) => c.notNull())
        .addColumn('record_id', 'text')
        .addColumn('column', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stw_export_rejects_run').on('stw_export_rejects').columns(['run_id', 'row']).execute();
      // How far a resumable export got: the last committed rows per (job, target), removed when it finishes.
      await db.schema
        .createTable('stw_export_checkpoints')
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('written', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('stw_export_checkpoints_pk', ['job', 'target'])
        .execute();
    },
  },
  '0007-lock': {
    async up(db: Kysely<any>): Promise<void> {
      // One row while a steward process has the workspace open: a second process refuses (see workspace-lock.ts).
      await db.schema
        .createTable('stw_lock')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
