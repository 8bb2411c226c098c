// In-place merge benchmark: N clusters of two contacts each in PostgreSQL, with two child tables (deals and
// activities, one row per contact, foreign keys read from the catalog and indexed as a CRM has them: without
// an index PostgreSQL scans a child table for every deleted row), merged in place, then unmerged.
// The import is not timed, and the clusters are written into the workspace as dedupe would leave them (the
// pairs are known), so only merge and unmerge are measured. Each merge includes the plan (200k records read
// from the workspace), golden records and lineage, and the database batches with their before-images.
//   node bench/merge.bench.mjs 100000 [batch size]
// Uses STEWARD_BENCH_PG_URL or postgresql://postgres@127.0.0.1:5432/postgres; creates and drops its own database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchDatabase } from './pg-bench-database.mjs';
import { importJob, mergeJob, unmergeJob } from '../dist/index.js';

const clusters = Number(process.argv[2] ?? 100000);
const batchSize = process.argv[3] ? Number(process.argv[3]) : undefined;
if (!(clusters > 0 && clusters <= 100000)) throw new Error('clusters: 1 to 100000');
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-merge-bench-'));
const database = await benchDatabase('steward_merge_bench');
const { url } = database;
try {
  await database.run(
    `create table contacts (id bigint primary key, first_name text, last_name text, email text, phone text, city text, updated_at timestamptz, other_emails text, other_phones text);
     create table deals (id bigint primary key, contact_id bigint not null references contacts(id), amount numeric(12,2));
     create table activities (id bigint primary key, contact_id bigint not null references contacts(id), kind text, at timestamptz);
     insert into contacts select c * 2 + k + 1, 'First' || c, 'Last' || c, 'p' || c || case when k = 0 then '@example.com' else '@other.example' end,
       case when k = 0 then '+1415' || lpad(c::text, 7, '0') end, 'City' || (c % 500), timestamptz '2020-01-01' + (c % 1000) * interval '1 day'
       from generate_series(0, ${clusters - 1}) c, generate_series(0, 1) k;
     insert into deals select id, id, id * 1.5 from contacts;
     insert into activities select id, id, 'call', timestamptz '2021-01-01' + (id % 100) * interval '1 hour' from contacts;
     create index deals_contact_id on deals (contact_id);
     create index activities_contact_id on activities (contact_id);
     analyze;`,
  );
  const rules = path.join(dir, 'bench.yaml');
  writeFileSync(rules, `job: mbench\nextends: contacts\nsource: { postgres: ${JSON.stringify(url)}, table: contacts, id: id }\n`);
  const workspace = path.join(dir, 'bench.db');
  await importJob(rules, { workspace });
  // The clusters dedupe would find: each pair of contacts.
  const ws = new Database(workspace);
  const runId = Number(ws.prepare("insert into stw_runs (job, command, started_at, status) values ('mbench', 'dedupe (bench)', datetime(), 'ok')").run().lastInsertRowid);
  const insert = ws.prepare('insert into stw_clusters (run_id, side, record_id, cluster_id) values (?, 0, ?, ?)');
  ws.transaction(() => {
    for (let c = 0; c < clusters; c++) for (let k = 0; k < 2; k++) insert.run(runId, String(c * 2 + k + 1), String(c * 2 + 1));
  })();
  ws.close();
  const checksum = async () =>
    (await database.run(`select (select md5(string_agg(t::text, ',' order by id)) from contacts t) || (select md5(string_agg(t::text, ',' order by id)) from deals t) || (select md5(string_agg(t::text, ',' order by id)) from activities t) as sum`))[0].sum;
  const before = await checksum();

  let started = process.hrtime.bigint();
  const merged = await mergeJob(rules, { inPlace: true, workspace, batchSize });
  const mergeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const left = Number((await database.run('select count(*) as n from contacts'))[0].n);
  const inPlace = merged.merge.inPlace.counts;

  started = process.hrtime.bigint();
  const undone = await unmergeJob(rules, { run: merged.merge.mergeRun, workspace });
  const unmergeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const identical = (await checksum()) === before;

  const round = (x) => Math.round(x * 100) / 100;
  process.stdout.write(
    `${JSON.stringify({
      clusters,
      records: clusters * 2,
      childRows: clusters * 4,
      batchSize: merged.merge.inPlace.batchSize,
      merge: { seconds: round(mergeSeconds), clustersPerSecond: Math.round(clusters / mergeSeconds), survivorsUpdated: inPlace.survivorsUpdated, rowsRemoved: inPlace.rowsRemoved, childRowsRepointed: inPlace.childRowsRepointed, contactsLeft: left },
      unmerge: { seconds: round(unmergeSeconds), clustersPerSecond: Math.round(clusters / unmergeSeconds), rowsRestored: undone.unmerge.counts.rowsRestored },
      identicalAfterUnmerge: identical,
    })}\n`,
  );
} finally {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
