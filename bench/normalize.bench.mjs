// Normalize benchmark (issue 3): the normalize stage over N contact records with every default normalizer
// of rules/contacts.yaml on. Usage: npm run build && node bench/normalize.bench.mjs [rows=1000000]
// The file is the import benchmark's generated contacts; the import itself is not timed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const rows = Number(process.argv[2] ?? 1_000_000);
const file = path.join('bench', 'data', `contacts-${rows}.csv`);
if (!existsSync(file)) execFileSync(process.execPath, ['bench/generate-contacts.mjs', String(rows), file], { stdio: 'inherit' });
const out = execFileSync(process.execPath, ['bench/steward-normalize.mjs', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
const result = JSON.parse(out.trim().split('\n').pop());
process.stdout.write(`file: ${file} (${rows.toLocaleString('en-US')} records)\n`);
process.stdout.write(
  `normalize: ${result.seconds.toFixed(2)} s wall, ${result.cpuSeconds.toFixed(2)} s CPU, ${Math.round(result.records / result.seconds).toLocaleString('en-US')} records/s, peak RSS ${Math.round(result.peakRssMB)} MB\n`,
);
process.stdout.write(`values changed: ${result.changes.toLocaleString('en-US')} in ${result.changed.toLocaleString('en-US')} records; flagged: ${result.flags.toLocaleString('en-US')}\n`);
process.stdout.write(`${JSON.stringify({ rows, ...result })}\n`);
