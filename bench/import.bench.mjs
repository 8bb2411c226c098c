// Import benchmark (issue 2): steward import vs a plain csv-parse pass over the same file.
// Usage: npm run build && node bench/import.bench.mjs [rows=1000000]
// Each side runs in its own process so peak memory (max RSS) is its own. Prints a table and JSON.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const rows = Number(process.argv[2] ?? 1_000_000);
const file = path.join('bench', 'data', `contacts-${rows}.csv`);
if (!existsSync(file)) execFileSync(process.execPath, ['bench/generate-contacts.mjs', String(rows), file], { stdio: 'inherit' });
const sizeMB = statSync(file).size / 1e6;
const run = (script) => JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop());

const baseline = run('bench/csv-parse-baseline.mjs');
const steward = run('bench/steward-import.mjs');
const fmt = (r) => `${r.seconds.toFixed(2)} s, ${Math.round(r.rows / r.seconds).toLocaleString('en-US')} rows/s, peak RSS ${Math.round(r.peakRssMB)} MB`;
process.stdout.write(`file: ${file} (${rows.toLocaleString('en-US')} rows, ${sizeMB.toFixed(1)} MB)\n`);
process.stdout.write(`csv-parse pass:  ${fmt(baseline)}\n`);
process.stdout.write(`steward import:  ${fmt(steward)} (loaded ${steward.loaded}, rejected ${steward.rejected})\n`);
process.stdout.write(`ratio: ${(steward.seconds / baseline.seconds).toFixed(2)}x the plain parse\n`);
process.stdout.write(`${JSON.stringify({ rows, sizeMB, baseline, steward, ratio: steward.seconds / baseline.seconds })}\n`);
