// One steward import of the file into a fresh workspace, through the public API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importJob } from '../dist/index.js';

const file = path.resolve(process.argv[2]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-bench-'));
const rules = path.join(dir, 'bench.yaml');
writeFileSync(rules, `job: bench\nextends: contacts\nsource: { csv: ${JSON.stringify(file)} }\n`);
const started = process.hrtime.bigint();
const summary = await importJob(rules, { workspace: path.join(dir, 'bench.db') });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ rows: summary.counts.read, loaded: summary.counts.loaded, rejected: summary.counts.rejected, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
rmSync(dir, { recursive: true, force: true });
