// Profile benchmark (issue 9): `steward profile` of an N-row contacts CSV against a plain csv-parse pass over the
// same file. Every measurement is its own process: wall seconds from spawn to exit (Node's start-up included on both
// sides), peak memory as the child's max RSS (/usr/bin/time when present, else the child's resourceUsage).
// Usage: npm run build && node bench/profile.bench.mjs [rows=1000000]
// Aim: within 2x the csv-parse pass. Prints one line each, then JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMeasure } from './peak-rss.mjs';

const rows = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows must be a positive integer, got ${process.argv[2]}`);
const steward = path.resolve('bin', 'steward.js');
const file = path.resolve('bench', 'data', `contacts-${rows}.csv`);
mkdirSync(path.dirname(file), { recursive: true });
if (!existsSync(file)) run(process.execPath, ['bench/generate-contacts.mjs', String(rows), file], 'generating the CSV');
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-profile-bench-'));
const { measure: measureChild } = createMeasure(dir);

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.error?.message}): ${(r.stderr ?? '').trim().slice(-4000)}`);
  return r.stdout;
}

/** Runs cmd as a child process: wall seconds, peak RSS (MB), stdout; a failure stops the benchmark. */
function measure(what, cmd, args) {
  const r = measureChild(cmd, args);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${(r.stderr ?? '').trim().slice(-4000)}`);
  return r;
}

try {
  const baseline = measure('csv-parse', process.execPath, ['bench/csv-parse-baseline.mjs', file]);
  const profile = measure('steward profile', process.execPath, [steward, 'profile', file, '--format', 'json']);
  const report = JSON.parse(profile.stdout);
  if (report.rows !== rows) throw new Error(`steward profile counted ${report.rows} rows, expected ${rows}`);
  const result = {
    rows,
    fileMB: Math.round(statSync(file).size / 1e5) / 10,
    csvParse: { seconds: round(baseline.seconds), peakRssMB: Math.round(baseline.peakRssMB) },
    profile: { seconds: round(profile.seconds), peakRssMB: Math.round(profile.peakRssMB), profiled: report.profiled, sampled: report.sampled },
    ratio: round(profile.seconds / baseline.seconds),
    aim: 2,
  };
  process.stdout.write(`csv-parse pass     ${result.csvParse.seconds} s, peak RSS ${result.csvParse.peakRssMB} MB\n`);
  process.stdout.write(`steward profile    ${result.profile.seconds} s, peak RSS ${result.profile.peakRssMB} MB (${report.sampled ? `sampled ${report.profiled} rows` : 'every row'})\n`);
  process.stdout.write(`ratio              ${result.ratio}x (aim: within ${result.aim}x)\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function round(x) {
  return Math.round(x * 100) / 100;
}
