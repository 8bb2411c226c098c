// Where the normalize stage's time goes, per field, in memory (no SQLite): for the closing note and for tuning.
// Usage: npm run build && node bench/normalize-breakdown.mjs [rows=100000]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { importJob, loadRules, createFieldPipelines } from '../dist/index.js';

const rows = Number(process.argv[2] ?? 100_000);
const file = path.join('bench', 'data', `contacts-${rows}.csv`);
if (!existsSync(file)) execFileSync(process.execPath, ['bench/generate-contacts.mjs', String(rows), file], { stdio: 'inherit' });
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-bench-'));
const rulesFile = path.join(dir, 'bench.yaml');
writeFileSync(rulesFile, `job: bench\nextends: contacts\nsource: { csv: ${JSON.stringify(path.resolve(file))} }\n`);
const workspace = path.join(dir, 'bench.db');
await importJob(rulesFile, { workspace });
const db = new Database(workspace, { readonly: true });
const records = db.prepare('select data from stw_records order by id').all().map((r) => r.data);
db.close();
const pipelines = createFieldPipelines(loadRules(rulesFile).fields);
const perField = new Map();
let t = process.hrtime.bigint();
const parsed = records.map((r) => JSON.parse(r));
const parseNs = Number(process.hrtime.bigint() - t);
for (const values of parsed) {
  const context = { record: values };
  for (const pipeline of pipelines) {
    let value = values[pipeline.field];
    if (!value) continue;
    const start = process.hrtime.bigint();
    for (const step of pipeline.steps) value = step.fn(value, context).value;
    values[pipeline.field] = value;
    perField.set(pipeline.field, (perField.get(pipeline.field) ?? 0n) + (process.hrtime.bigint() - start));
  }
}
const total = [...perField.values()].reduce((a, b) => a + b, 0n);
process.stdout.write(`${records.length} records: JSON.parse ${(parseNs / records.length / 1000).toFixed(2)} µs/record; normalizers ${(Number(total) / records.length / 1000).toFixed(2)} µs/record\n`);
for (const [field, ns] of [...perField].sort((a, b) => Number(b[1] - a[1]))) {
  process.stdout.write(`  ${field.padEnd(12)} ${(Number(ns) / records.length / 1000).toFixed(2)} µs/record (${((Number(ns) / Number(total)) * 100).toFixed(0)}%)\n`);
}
rmSync(dir, { recursive: true, force: true });
