// Clean-in-place benchmark: N contacts in PostgreSQL, most of them dirty (names in the wrong case with stray
// spaces, emails in capitals, phones as people type them, countries spelled out), a few already clean, and columns
// no field maps (a note, a timestamp, a score). steward normalize --in-place cleans them, then steward undo puts
// them back; the table's checksum is compared before and after.
//   node bench/clean-in-place.bench.mjs 100000 [batch size]
// Uses STEWARD_BENCH_PG_URL or postgresql://postgres@127.0.0.1:5432/postgres; creates and drops its own database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDatabase } from './pg-bench-database.mjs';
import { cleanJob, undoJob } from '../dist/index.js';

const rows = Number(process.argv[2] ?? 100000);
const batchSize = process.argv[3] ? Number(process.argv[3]) : undefined;
if (!(rows > 0 && rows <= 10000000)) throw new Error('rows: 1 to 10000000');
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-clean-bench-'));
const database = await benchDatabase('steward_clean_bench');
const { url } = database;
try {
  // One row in ten is already clean.
  await database.run(
    `create table contacts (id bigint primary key, first_name text, last_name text, email text, phone text, city text, country text, note text, seen timestamptz, score numeric(6,2));
     insert into contacts select i,
       case when i % 10 = 0 then 'Anna' else '  anna ' end,
       case when i % 10 = 0 then 'Schmidt' || i else 'SCHMIDT' || i end,
       case when i % 10 = 0 then 'anna' || i || '@example.com' else 'Anna' || i || '@Example.COM' end,
       case when i % 10 = 0 then '+14152' || lpad((i % 1000000)::text, 6, '0') else '(415) 2' || lpad((i % 1000000)::text, 6, '0') end,
       case when i % 10 = 0 then 'Boston' else ' Boston ' end,
       case when i % 10 = 0 then 'US' when i % 2 = 0 then 'USA' else 'United States' end,
       'note ' || i, timestamptz '2020-01-01' + (i % 1000) * interval '1 day', (i % 10000) / 100.0
       from generate_series(1, ${rows}) i;
     analyze;`,
  );
  const rules = path.join(dir, 'bench.yaml');
  writeFileSync(rules, `job: cbench\nextends: contacts\nsource: { postgres: ${JSON.stringify(url)}, table: contacts }\n`);
  const workspace = path.join(dir, 'bench.db');
  const checksum = async () => (await database.run(`select md5(string_agg(t::text, ',' order by id)) as sum from contacts t`))[0].sum;
  const before = await checksum();

  let started = process.hrtime.bigint();
  const dry = await cleanJob(rules, { workspace, dryRun: true, batchSize });
  const drySeconds = Number(process.hrtime.bigint() - started) / 1e9;

  started = process.hrtime.bigint();
  const cleaned = await cleanJob(rules, { workspace, batchSize });
  const cleanSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  started = process.hrtime.bigint();
  const again = await cleanJob(rules, { workspace, batchSize });
  const againSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  started = process.hrtime.bigint();
  await undoJob(rules, { workspace, run: cleaned.runId });
  const undoSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const identical = (await checksum()) === before;

  const rate = (seconds) => Math.round(rows / seconds).toLocaleString('en-US');
  const round = (x) => Math.round(x * 100) / 100;
  process.stdout.write(
    `${JSON.stringify(
      {
        rows,
        batch_size: cleaned.clean.batchSize,
        cleaned: cleaned.counts,
        dry_run: { seconds: round(drySeconds), rows_per_second: rate(drySeconds), counts_match: JSON.stringify(dry.counts) === JSON.stringify(cleaned.counts) },
        clean: { seconds: round(cleanSeconds), rows_per_second: rate(cleanSeconds), cells_per_second: Math.round(cleaned.counts.cells_changed / cleanSeconds).toLocaleString('en-US') },
        clean_again: { seconds: round(againSeconds), rows_per_second: rate(againSeconds), cells_changed: again.counts.cells_changed },
        undo: { seconds: round(undoSeconds), rows_per_second: Math.round(cleaned.counts.rows_changed / undoSeconds).toLocaleString('en-US') },
        identical_after_undo: identical,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
