// One dedupe over a workspace that already holds the imported, normalized file (import and normalize are
// not timed). Prints one JSON line: seconds per phase, pairs, peak memory, and accuracy against the truth.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterIds, dedupeInMemory, evaluateClusters, importJob, loadDedupeInput, loadRules, matchKeys, normalizeJob, openWorkspace } from '../dist/index.js';

const [file, truthFile, rulesArg = 'contacts'] = process.argv.slice(2).map((a, i) => (i < 2 ? path.resolve(a) : a));
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-dedupe-bench-'));
const rules = path.join(dir, 'bench.yaml');
writeFileSync(rules, `job: bench\nextends: ${rulesArg}\nsource: { csv: ${JSON.stringify(file)} }\n`);
const workspace = path.join(dir, 'bench.db');
await importJob(rules, { workspace });
await normalizeJob(rules, { workspace });
const resolved = loadRules(rules);
const ws = await openWorkspace(workspace);
const rssBefore = process.resourceUsage().maxRSS / 1024;
let started = process.hrtime.bigint();
const input = await loadDedupeInput(ws, undefined, matchKeys(resolved.dedupe));
const loadSeconds = Number(process.hrtime.bigint() - started) / 1e9;
await ws.close();
const cpuBefore = process.cpuUsage();
started = process.hrtime.bigint();
const result = await dedupeInMemory(resolved.dedupe, input);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const peakRssMB = process.resourceUsage().maxRSS / 1024;
let accuracy = null;
if (truthFile) {
  const entityOf = new Map(readFileSync(truthFile, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')));
  const ids = clusterIds(result);
  const clusterOf = new Map(input.ids.map((id, i) => [id, ids[i]]));
  const e = evaluateClusters(clusterOf, { kind: 'entities', entityOf });
  accuracy = { precision: e.precision, recall: e.recall, f1: e.f1, predictedClusters: e.predictedClusters, trueClusters: e.trueClusters };
}
process.stdout.write(
  `${JSON.stringify({
    records: result.counts.records,
    candidatePairs: result.counts.candidatePairs,
    clusters: result.counts.clusters,
    duplicates: result.counts.duplicates,
    loadSeconds,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    phases: result.seconds,
    emIterations: result.model.training.iterations,
    oversizedBlocks: result.blocking.oversized.length,
    peakRssMB,
    rssBeforeMB: rssBefore,
    accuracy,
  })}\n`,
);
rmSync(dir, { recursive: true, force: true });
