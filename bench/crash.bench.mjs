// Crash safety under kill -9: each workload (test/crash/workloads.mjs) is run uninterrupted once, then KILLS times
// killed with SIGKILL after a random delay within that run's duration, run again with the same command, and its
// final state compared with the uninterrupted one, row for row, no duplicate keys.
//   node bench/crash.bench.mjs [KILLS=20] [ROWS=4000] [ONLY]   (npm run build first; PostgreSQL: STEWARD_BENCH_PG_URL or local)
// ONLY: run the workloads whose name contains it (e.g. insert, merge).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDatabase } from './pg-bench-database.mjs';
import { crashWorkloads, killPoint, uninterrupted } from '../test/crash/workloads.mjs';

const kills = Number(process.argv[2] ?? 20);
const rows = Number(process.argv[3] ?? 4000);
const only = process.argv[4] ?? '';
const database = await benchDatabase('steward_crash');
const root = mkdtempSync(path.join(os.tmpdir(), 'steward-crash-'));
let failures = 0;
try {
  for (const [w, workload] of crashWorkloads({ pgUrl: database.url, rows }).filter((x) => x.name.includes(only)).entries()) {
    const reference = await uninterrupted(workload, path.join(root, `w${w}-ref`));
    const outcome = { killed: 0, afterCommit: 0, finishedFirst: 0, failed: 0 };
    for (let k = 0; k < kills; k++) {
      // Within the uninterrupted run's time, less a margin: most kill points land mid-run.
      const delay = Math.round(Math.random() * reference.ms * 0.9);
      const point = await killPoint(workload, path.join(root, `w${w}-k${k}`), delay, reference);
      if (!point.killed) outcome.finishedFirst += 1;
      else outcome.killed += 1;
      if (point.killed && point.committedBefore) outcome.afterCommit += 1;
      if (point.problem) {
        outcome.failed += 1;
        console.log(`  FAIL at ${delay} ms: ${point.problem}`);
      }
    }
    failures += outcome.failed;
    console.log(
      `${workload.name}: ${rows} rows, uninterrupted ${reference.ms} ms; ${kills} kill points: ${outcome.killed} killed mid-run ` +
        `(${outcome.afterCommit} with the target complete), ${outcome.finishedFirst} finished before the kill; ${outcome.failed} failed`,
    );
  }
} finally {
  await database.drop();
  rmSync(root, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
