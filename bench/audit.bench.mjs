// Audit benchmark (issue 6): `steward audit` of an N-row contacts CSV, against a plain csv-parse pass over the
// same file, and of the same rows as an N-row PostgreSQL table (counts in SQL; and value verdicts page by page).
// Usage: npm run build && node bench/audit.bench.mjs [rows=1000000]
//   STEWARD_BENCH_PG_URL  PostgreSQL server to load the table into (default postgresql://postgres@127.0.0.1:5432/postgres);
//                         a database steward_bench_audit_<random> is created there and dropped at the end.
// Every measurement is its own process: wall seconds from spawn to exit (Node's start-up included, on both
// sides), peak memory as the child's max RSS (/usr/bin/time when present, else the child's resourceUsage).
// Aims: CSV audit within 1.5x the csv-parse pass; database audit under 5 s. Prints one line each and JSON.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMeasure } from './peak-rss.mjs';
import { foldHeader, loadRules } from '../dist/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows must be a positive integer, got ${process.argv[2]}`);
const serverUrl = process.env.STEWARD_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const contactsRules = path.resolve('rules', 'contacts.yaml');
const steward = path.resolve('bin', 'steward.js');
const file = path.resolve('bench', 'data', `contacts-${rows}.csv`);
mkdirSync(path.dirname(file), { recursive: true });
if (!existsSync(file)) execOrDie(process.execPath, ['bench/generate-contacts.mjs', String(rows), file], 'generating the CSV');
const sizeMB = statSync(file).size / 1e6;
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-audit-bench-'));
const { measure, by: rssBy } = createMeasure(dir);

function execOrDie(cmd, args, what, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (r.error || r.status !== 0) {
    throw new Error(`${what} failed (exit ${r.status ?? r.error?.message}): ${(r.stderr ?? '').trim().slice(-4000)}`);
  }
  return r.stdout;
}

/** One `steward audit`: exit 0 (passed) and 1 (a fail check broke) are completed runs; 2/3 are errors. */
function audit(what, args) {
  const r = measure(process.execPath, [steward, 'audit', ...args, '--format', 'json']);
  if (r.code !== 0 && r.code !== 1) {
    process.stderr.write(r.stderr);
    throw new Error(`${what}: steward audit exited ${r.code}`);
  }
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  const checks = report?.checks ?? [];
  return {
    rows: report?.records ?? null,
    seconds: r.seconds,
    peakRssMB: r.peakRssMB,
    exitCode: r.code,
    status: report?.status ?? null,
    checks: checks.length,
    failed: checks.filter((c) => c.status === 'fail').map((c) => c.name),
  };
}

const results = {};
const line = (what, r, extra = '') =>
  process.stdout.write(`${what.padEnd(30)} ${String(r.rows).padStart(9)} rows  ${r.seconds.toFixed(2).padStart(7)} s  peak RSS ${String(Math.round(r.peakRssMB)).padStart(5)} MB${extra}\n`);
process.stdout.write(`file: ${path.relative(process.cwd(), file)} (${rows.toLocaleString('en-US')} rows, ${sizeMB.toFixed(1)} MB); peak RSS by ${rssBy}\n`);

// 1. The baseline: a plain csv-parse pass (bench/csv-parse-baseline.mjs), timed from outside like the audits.
{
  const r = measure(process.execPath, [path.resolve('bench', 'csv-parse-baseline.mjs'), file]);
  if (r.code !== 0) throw new Error(`csv-parse baseline exited ${r.code}: ${r.stderr}`);
  const inside = JSON.parse(r.stdout.trim().split('\n').pop());
  results.csvParse = { rows: inside.rows, seconds: r.seconds, peakRssMB: r.peakRssMB, parseSeconds: inside.seconds };
  line('csv-parse pass', results.csvParse, `  (parse alone ${inside.seconds.toFixed(2)} s)`);
}

// 2. The CSV audit: import and normalize into a fresh workspace, then the shipped contacts audit.
{
  const r = audit('CSV audit', ['--rules', contactsRules, '--input', file, '--workspace', path.join(dir, 'a.db'), '--now', '2026-12-01']);
  r.ratio = r.seconds / results.csvParse.seconds;
  results.csvAudit = r;
  line('audit CSV (contacts.yaml)', r, `  ${r.ratio.toFixed(2)}x csv-parse (aim <= 1.5x); exit ${r.exitCode}${r.failed.length ? `, failed: ${r.failed.join(', ')}` : ''}`);
}

// 3. The same rows as a PostgreSQL table: columns named as steward maps the headers (the id column is the key).
const dbName = `steward_bench_audit_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const psql = (url, args, what) => execOrDie('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', ...args], what);
let created = false;
const dropDatabase = () => {
  if (!created) return;
  created = false;
  const r = spawnSync('psql', [serverUrl, '-qAt', '-c', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`], { encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`could not drop database ${dbName}: ${r.stderr}\n`);
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    dropDatabase();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}

try {
  const rules = loadRules(contactsRules);
  const header = (await import('csv-parse/sync')).parse(readFileSync(file, 'utf8').slice(0, 64 * 1024).split('\n')[0], { bom: true })[0];
  const idCandidates = (rules.source?.id?.columns ?? []).map(foldHeader);
  const spellings = new Map();
  for (const field of rules.fields) for (const s of field.from) if (!spellings.has(foldHeader(s))) spellings.set(foldHeader(s), field.name);
  const taken = new Set();
  let idColumn;
  const columns = header.map((h) => {
    const folded = foldHeader(h);
    let name;
    if (idColumn === undefined && idCandidates.includes(folded)) name = idColumn = 'id';
    else name = spellings.get(folded) ?? (h.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'column');
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    return name;
  });
  const ddl = `CREATE TABLE contacts (${columns.map((c) => `"${c}" text${c === idColumn ? ' PRIMARY KEY' : ''}`).join(', ')})`;
  psql(serverUrl, ['-c', `CREATE DATABASE ${dbName}`], 'creating the database');
  created = true;
  psql(dbUrl, ['-c', ddl], 'creating the table');
  const loadStarted = process.hrtime.bigint();
  psql(dbUrl, ['-c', `\\copy contacts from '${file.replace(/'/g, "''")}' with (format csv, header true)`], 'loading the table');
  psql(dbUrl, ['-c', 'VACUUM ANALYZE contacts'], 'analyzing the table');
  const loadSeconds = Number(process.hrtime.bigint() - loadStarted) / 1e9;
  const loaded = Number(psql(dbUrl, ['-c', 'SELECT count(*) FROM contacts'], 'counting').trim());
  process.stdout.write(`loaded ${loaded.toLocaleString('en-US')} rows into ${dbName}.contacts (${columns.join(', ')}) in ${loadSeconds.toFixed(1)} s (not timed)\n`);

  // 4a. Only SQL-countable checks (completeness, unique, rows): the counts run as SQL aggregates.
  const countable = ['first_name', 'last_name', 'email', 'phone', 'company', 'city', 'country'].filter((c) => columns.includes(c)).slice(0, 6);
  const sqlRules = path.join(dir, 'sql-counts.yaml');
  writeFileSync(
    sqlRules,
    `job: bench-audit-sql\n` +
      `audit:\n  fields:\n${countable.map((c, i) => `    ${c}: { completeness: ">= 50%"${i < 2 || c === 'email' ? ', unique: { threshold: "<= 100%", severity: warn }' : ''} }`).join('\n')}\n  rows: ">= 1"\n`,
  );
  const sqlCounts = audit('database audit (SQL counts)', ['--rules', sqlRules, '--db', dbUrl, '--table', 'contacts', '--workspace', path.join(dir, 'db-sql.db'), '--now', '2026-12-01']);
  results.dbSqlCounts = { ...sqlCounts, fields: countable };
  line('audit DB (SQL counts)', sqlCounts, `  ${sqlCounts.checks} checks on ${countable.join(', ')} (aim < 5 s); exit ${sqlCounts.exitCode}`);

  // 4b. The contacts audit (validity by the normalizers' verdicts, record scores): values read page by page.
  // Fields it names that the table lacks (no such column in the CSV) are removed: null removes a key in extends.
  const contactsAudit = rules.audit ?? { fields: {} };
  const named = [...new Set([...Object.keys(contactsAudit.fields ?? {}), ...Object.keys(contactsAudit.record?.weights ?? {}), ...(contactsAudit.freshness ? [contactsAudit.freshness.field] : [])])];
  const absent = named.filter((f) => !columns.includes(f));
  let valueRules = contactsRules;
  if (absent.length > 0) {
    valueRules = path.join(dir, 'contacts-values.yaml');
    const absentFields = absent.filter((f) => f in (contactsAudit.fields ?? {}));
    const absentWeights = absent.filter((f) => f in (contactsAudit.record?.weights ?? {}));
    writeFileSync(
      valueRules,
      `job: bench-audit-values\nextends: ${JSON.stringify(contactsRules)}\naudit:\n` +
        `  fields: { ${absentFields.map((f) => `${f}: null`).join(', ')} }\n` +
        (absentWeights.length > 0 ? `  record: { weights: { ${absentWeights.map((f) => `${f}: null`).join(', ')} } }\n` : '') +
        (contactsAudit.freshness && absent.includes(contactsAudit.freshness.field) ? '  freshness: null\n' : ''),
    );
  }
  const values = audit('database audit (value verdicts)', ['--rules', valueRules, '--db', dbUrl, '--table', 'contacts', '--workspace', path.join(dir, 'db-values.db'), '--now', '2026-12-01']);
  results.dbValues = { ...values, without: absent };
  line('audit DB (contacts, verdicts)', values, `  ${values.checks} checks${absent.length ? `, without ${absent.join(', ')} (no such column)` : ''} (aim < 5 s); exit ${values.exitCode}`);
} finally {
  dropDatabase();
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(`${JSON.stringify({ rows, sizeMB, cpus: os.cpus().length, ...results })}\n`);
