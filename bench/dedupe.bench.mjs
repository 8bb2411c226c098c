// Dedupe benchmark (issue 4): blocking, comparison, EM and clustering over N generated contacts with ~30%
// duplicates (bench/generate-crm-duplicates.mjs), through the shipped rules/contacts.yaml.
// Usage: npm run build && node bench/dedupe.bench.mjs [rows=100000] [rows2 ...]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const sizes = process.argv.slice(2).map(Number);
for (const rows of sizes.length > 0 ? sizes : [100_000]) {
  const file = path.join('bench', 'data', `crm-duplicates-${rows}.csv`);
  const truth = file.replace(/\.csv$/, '.truth.csv');
  if (!existsSync(file)) execFileSync(process.execPath, ['bench/generate-crm-duplicates.mjs', String(rows), file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', 'bench/steward-dedupe.mjs', file, truth], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop());
  const per = (n) => Math.round(n / r.seconds).toLocaleString('en-US');
  process.stdout.write(`${rows.toLocaleString('en-US')} records: ${r.seconds.toFixed(2)} s (load from workspace ${r.loadSeconds.toFixed(2)} s not included), ${per(r.records)} records/s, ${r.candidatePairs.toLocaleString('en-US')} candidate pairs, ${per(r.candidatePairs)} pairs/s, peak RSS ${Math.round(r.peakRssMB)} MB\n`);
  process.stdout.write(`  phases: ${Object.entries(r.phases).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ')}; EM iterations ${r.emIterations}; oversized blocks ${r.oversizedBlocks}\n`);
  if (r.accuracy) process.stdout.write(`  accuracy: precision ${r.accuracy.precision.toFixed(4)}, recall ${r.accuracy.recall.toFixed(4)}, F1 ${r.accuracy.f1.toFixed(4)} (${r.accuracy.predictedClusters} clusters, ${r.accuracy.trueClusters} true entities)\n`);
  process.stdout.write(`${JSON.stringify({ rows, ...r })}\n`);
}
