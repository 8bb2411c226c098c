// Crash safety: a workload is run by the CLI, killed with SIGKILL after a delay, run again with the same command,
// and its final state compared with an uninterrupted run's, row for row. Shared by test/e2e/crash-safety.test.ts
// (a few kill points) and bench/crash.bench.mjs (as many as asked, 20 or more per workload).

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runSql as pgRows } from '../../bench/pg-bench-database.mjs';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repoRoot, 'bin/steward.js');

/** Every row of the tables, in key order; opened for writing so that SQLite replays a killed writer's log. */
function sqliteDump(file, tables) {
  const db = new Database(file);
  try {
    return tables.map(([table, key]) => db.prepare(`select * from ${table} order by ${key}`).all());
  } finally {
    db.close();
  }
}

function contactsCsv(rows) {
  const lines = ['Customer ID,First Name,Last Name,Email Address,Telephone,Country,Created Date'];
  for (let i = 1; i <= rows; i++) lines.push(`C${i},${i % 3 ? ' ann ' : 'BOB'},Lee${i},Person${i}@Example.COM,(415) 555-${String(i % 10000).padStart(4, '0')},${i % 2 ? 'U.S.A.' : 'Deutschland'},03/04/2021`);
  return lines.join('\n') + '\n';
}

/**
 * The workloads: import + export to PostgreSQL (upsert and plain insert in one transaction, and a resumable upsert
 * committed in chunks; only with a database URL), merge in place and normalize in place (a SQLite CRM table). `prepare(dir)` makes a fresh copy
 * of the workload's input and target in dir and returns the command, the state dump and the key check.
 */
export function crashWorkloads({ pgUrl, rows }) {
  const exportWorkload = (mode, resumable = false) => ({
    name: `import + export to PostgreSQL (${mode}, ${resumable ? 'resumable: committed in checkpointed chunks' : 'one transaction'})`,
    prepare(dir) {
      mkdirSync(dir, { recursive: true });
      const table = `crash_${mode}_${randomBytes(4).toString('hex')}`;
      const input = path.join(dir, 'contacts.csv');
      writeFileSync(input, contactsCsv(rows));
      const rules = path.join(dir, 'job.yaml');
      writeFileSync(rules, `job: crash\nextends: contacts\nmerge: null\ntarget: { postgres: "${pgUrl}", table: ${table}, mode: ${mode}, key: [source_id], create: true${resumable ? ', resumable: true, checkpoint_rows: ' + Math.max(1, Math.floor(rows / 8)) : ''} }\n`);
      return {
        args: ['run', rules, '--input', input, '--workspace', path.join(dir, 'ws.db')],
        // A run killed after its one transaction committed leaves every row there: a plain insert run again then
        // refuses the duplicates, which is right. Any other rerun must succeed.
        committed: async () => (await pgRows(pgUrl, `select to_regclass('${table}') is not null as t`))[0].t && Number((await pgRows(pgUrl, `select count(*) as n from ${table}`))[0].n) === rows,
        dump: async () => [await pgRows(pgUrl, `select * from ${table} order by source_id`)],
        keys: async () => (await pgRows(pgUrl, `select count(*) - count(distinct source_id) as dupes, count(*) as n from ${table}`)).map((r) => ({ dupes: Number(r.dupes), n: Number(r.n) }))[0],
      };
    },
  });
  const mergeWorkload = {
    name: 'merge in place (SQLite CRM, batches of 5 clusters)',
    prepare(dir) {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'crm.db');
      const db = new Database(file);
      db.exec('create table contacts (id text primary key, first_name text, last_name text, email text, phone text, city text, other_emails text, other_phones text)');
      db.exec('create table deals (id integer primary key, contact_id text not null references contacts(id), amount real)');
      const insert = db.prepare('insert into contacts values (?, ?, ?, ?, ?, ?, null, null)');
      const deal = db.prepare('insert into deals values (?, ?, ?)');
      db.transaction(() => {
        for (let p = 0; p < rows / 2; p++) {
          const last = `Qx${p.toString(36)}z`;
          for (const k of [0, 1]) {
            const id = `M${String(p).padStart(6, '0')}-${k}`;
            insert.run(id, ['Ann', 'Bob', 'Cleo', 'Dan'][p % 4], last, `${last.toLowerCase()}@example.com`, k ? null : `+1617${String(5550000 + p)}`, 'Boston');
            deal.run(p * 2 + k + 1, id, p * 10 + k);
          }
        }
      })();
      db.close();
      const rules = path.join(dir, 'pairs.yaml');
      writeFileSync(rules, 'job: pairs\nextends: contacts\nsource: { id: id }\nmerge: { batch_size: 5 }\n');
      return {
        args: ['merge', rules, '--input', `${file}#contacts`, '--in-place', '--workspace', path.join(dir, 'ws.db')],
        committed: async () => false,
        dump: async () => sqliteDump(file, [['contacts', 'id'], ['deals', 'id']]),
        keys: async () => ({ dupes: 0, n: sqliteDump(file, [['contacts', 'id']])[0].length }),
      };
    },
  };
  const normalizeWorkload = {
    name: 'normalize in place (SQLite table, batches of 50 rows)',
    prepare(dir) {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'crm.db');
      const db = new Database(file);
      db.exec('create table contacts (id integer primary key, first_name text, email text, phone text, country text, note text)');
      const insert = db.prepare('insert into contacts values (?, ?, ?, ?, ?, ?)');
      db.transaction(() => {
        for (let i = 1; i <= rows; i++) insert.run(i, i % 3 ? ' ann ' : 'Ann', `Ann${i}@Example.COM`, `(415) 555-${String(i % 10000).padStart(4, '0')}`, i % 2 ? 'United States' : 'US', `note ${i}`);
      })();
      db.close();
      const rules = path.join(dir, 'clean.yaml');
      writeFileSync(rules, 'job: clean\nextends: contacts\n');
      return {
        args: ['normalize', rules, '--in-place', '--input', `${file}#contacts`, '--batch-size', '50', '--workspace', path.join(dir, 'ws.db')],
        committed: async () => false,
        dump: async () => sqliteDump(file, [['contacts', 'id']]),
        keys: async () => ({ dupes: 0, n: sqliteDump(file, [['contacts', 'id']])[0].length }),
      };
    },
  };
  return [...(pgUrl ? [exportWorkload('upsert'), exportWorkload('upsert', true), exportWorkload('insert')] : []), mergeWorkload, normalizeWorkload];
}

function runToEnd(args, cwd) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, STEWARD_DEBUG: '' }, timeout: 300_000 });
  return { code: result.status, stderr: result.stderr };
}

/** The uninterrupted run: its state and how long it took (kill delays are drawn below it). */
export async function uninterrupted(workload, dir) {
  const state = workload.prepare(dir);
  const started = Date.now();
  const result = runToEnd(state.args, dir);
  if (result.code !== 0) throw new Error(`${workload.name}: the uninterrupted run failed (${result.code}): ${result.stderr}`);
  return { ms: Date.now() - started, dump: await state.dump(), keys: await state.keys() };
}

/**
 * Runs the workload, SIGKILLs it after delayMs, runs the same command again, and compares with the reference.
 * Returns what happened at this kill point; `problem` is set when the final state differs or the rerun failed.
 */
export async function killPoint(workload, dir, delayMs, reference) {
  const state = workload.prepare(dir);
  const child = spawn(process.execPath, [bin, ...state.args], { cwd: dir, stdio: 'ignore', env: { ...process.env, STEWARD_DEBUG: '' } });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  const first = await exited;
  clearTimeout(timer);
  const killed = first.signal === 'SIGKILL';
  // Killed after the commit, or finished before the kill: a plain insert run again must refuse the duplicates.
  const committedBefore = await state.committed();
  const rerun = runToEnd(state.args, dir);
  const dump = await state.dump();
  const keys = await state.keys();
  let problem;
  if (rerun.code !== 0 && !committedBefore) problem = `the run again exited ${rerun.code}: ${rerun.stderr.trim()}`;
  else if (keys.dupes !== 0) problem = `${keys.dupes} duplicate keys`;
  else if (JSON.stringify(dump) !== JSON.stringify(reference.dump)) problem = `the final state differs from the uninterrupted run (${keys.n} rows, expected ${reference.keys.n})`;
  return { delayMs, killed, committedBefore, rerunCode: rerun.code, problem };
}
