// One normalize stage over a workspace that already holds the imported file (the import is not timed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importJob, normalizeJob } from '../dist/index.js';

const file = path.resolve(process.argv[2]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-bench-'));
const rules = path.join(dir, 'bench.yaml');
writeFileSync(rules, `job: bench\nextends: contacts\nsource: { csv: ${JSON.stringify(file)} }\n`);
const workspace = path.join(dir, 'bench.db');
await importJob(rules, { workspace });
const before = process.resourceUsage().maxRSS;
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const summary = await normalizeJob(rules, { workspace });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const result = summary.normalize;
process.stdout.write(
  `${JSON.stringify({
    records: result.counts.records,
    changed: result.counts.changed,
    changes: result.counts.changes,
    flags: result.counts.flags,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    rssBeforeMB: before / 1024,
  })}\n`,
);
rmSync(dir, { recursive: true, force: true });
