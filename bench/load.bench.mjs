// Load benchmark (issue 7): steward export of N contacts into a SQL server, insert (into an empty table) and
// upsert (into the full table), next to the server's own bulk loader reading the same CSV as the floor
// (psql \copy for PostgreSQL, LOAD DATA LOCAL INFILE through the mysql client for MariaDB/MySQL). The upserts:
// the same records again (every row unchanged: a re-run), resumable, and after every row was changed in the table;
// for PostgreSQL also that last one done by psql alone (\copy into a staging table and the same INSERT … ON
// CONFLICT), the server's own time for it.
// Usage: npm run build && node bench/load.bench.mjs [rows=1000000] [server URL]
//   URL: argument, else STEWARD_BENCH_URL, else postgres://postgres@127.0.0.1:5432/postgres (any database: the
//   benchmark creates its own, steward_bench_<random>, and drops it at the end). mysql://root@127.0.0.1:3306/mysql
//   runs it against MariaDB/MySQL (multi-row INSERT … ON DUPLICATE KEY UPDATE: MySQL has no bulk path of its own yet).
// Prints a table and one line of JSON. The steward times are whole CLI runs (start, schema check, reading the
// workspace, coercion, writing), the floor is the loader alone.
// Rounds (STEWARD_BENCH_ROUNDS, default 3): every step runs once per round, from an empty table, and the table
// shows each step's median (with the fastest and slowest). Before every timed step the server writes out what the
// step before left it (PostgreSQL: CHECKPOINT): a million-row load leaves about 250 MB of WAL, and the checkpoint
// it triggers otherwise lands in whatever step comes next. Unsettled, the same export measured from about 5 to 8 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const rows = Number(process.argv[2] ?? 1_000_000);
const serverUrl = process.argv[3] ?? process.env.STEWARD_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const file = path.join('bench', 'data', `contacts-${rows}.csv`);
if (!existsSync(file)) execFileSync(process.execPath, ['bench/generate-contacts.mjs', String(rows), file], { stdio: 'inherit' });

const database = `steward_bench_${randomBytes(4).toString('hex')}`;
const url = new URL(serverUrl);
const scheme = url.protocol.replace(/:$/, '');
const dbUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();

/** What differs between servers: their command-line client, DDL types and bulk loader. */
const servers = {
  postgres: {
    admin: (sql) => execFileSync('psql', [serverUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] }),
    create: `create database ${database}`,
    drop: `drop database if exists ${database} with (force)`,
    exec: (sql) => execFileSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] }),
    quote: (name) => `"${name.replace(/"/g, '""')}"`,
    count: (table) => Number(execFileSync('psql', [dbUrl, '-tAc', `select count(*) from ${table}`], { encoding: 'utf8' }).trim()),
    floor: (table, csv) => execFileSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy ${table} from '${csv}' csv header`], { stdio: ['ignore', 'ignore', 'inherit'] }),
    floorName: 'psql \\copy',
    settle: () => servers.postgres.exec('checkpoint'),
    empty: (table) => `truncate ${table}`,
    // Makes every row differ from the records, so the next upsert updates them all.
    touch: (table, column) => `update ${table} set ${servers.postgres.quote(column)} = ${servers.postgres.quote(column)} || '~'`,
    // The server's own upsert of the same CSV, as steward's statement does it: \copy into a staging table, then one
    // INSERT … ON CONFLICT DO UPDATE of the rows whose values differ, in one transaction.
    upsertFloor: (table, csv, columns) => {
      const q = servers.postgres.quote;
      const rest = columns.filter((c) => c !== 'source_id');
      const script = [
        'begin;',
        `create temporary table stage on commit drop as select * from ${table} with no data;`,
        `\\copy stage from '${csv}' csv header`,
        `insert into ${table} select * from stage on conflict (source_id) do update set ${rest.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')} where (${rest.map((c) => `${table}.${q(c)}`).join(', ')}) is distinct from (${rest.map((c) => `excluded.${q(c)}`).join(', ')});`,
        'commit;',
      ].join('\n');
      execFileSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-q'], { input: script, stdio: ['pipe', 'ignore', 'inherit'] });
    },
  },
  mysql: {
    admin: (sql) => mysql(serverUrl, sql),
    create: `create database ${database}`,
    drop: `drop database if exists ${database}`,
    exec: (sql) => mysql(dbUrl, sql),
    quote: (name) => `\`${name.replace(/`/g, '``')}\``,
    count: (table) => Number(mysql(dbUrl, `select count(*) from ${table}`, true).trim()),
    floor: (table, csv) => mysql(dbUrl, `load data local infile '${csv}' into table ${table} character set utf8mb4 fields terminated by ',' optionally enclosed by '"' escaped by '' lines terminated by '\\n' ignore 1 lines`),
    floorName: 'LOAD DATA LOCAL INFILE',
    // InnoDB flushes in the background and has no statement that waits for it.
    settle: () => undefined,
    empty: (table) => `truncate table ${table}`,
    touch: (table, column) => `update ${table} set ${servers.mysql.quote(column)} = concat(${servers.mysql.quote(column)}, '~')`,
  },
};
servers.postgresql = servers.postgres;
servers.mariadb = servers.mysql;
const server = servers[scheme];
if (!server) throw new Error(`no benchmark recipe for ${scheme}:// (postgres://, mysql://)`);

function mysql(target, sql, capture = false) {
  const u = new URL(target);
  const args = ['--local-infile=1', '-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username || 'root'), '-N', '-B', '-e', sql];
  if (u.password) args.push(`-p${decodeURIComponent(u.password)}`);
  if (u.pathname.length > 1) args.push(u.pathname.slice(1));
  return execFileSync('mysql', args, { encoding: 'utf8', stdio: ['ignore', capture ? 'pipe' : 'ignore', 'inherit'] });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-load-'));
const workspace = path.join(dir, 'load.db');
const steward = (args) => {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['bin/steward.js', ...args, '--workspace', workspace, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`steward ${args[0]} failed (${result.status}): ${result.stderr}`);
  return { seconds, summary: JSON.parse(result.stdout) };
};
const timed = (fn) => {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
};

const rules = (mode, extra = '') => {
  const rulesFile = path.join(dir, `${mode}.yaml`);
  writeFileSync(rulesFile, `job: load\nextends: contacts\nmerge: null\nsource: { csv: ${JSON.stringify(path.resolve(file))} }\ntarget: { csv: unused.csv, mode: ${mode}, formula_guard: false${extra} }\n`);
  return rulesFile;
};

try {
  // The records to load: imported once into a workspace, and exported as the CSV the floor loads.
  steward(['import', rules('insert')]);
  const csv = path.join(dir, 'export.csv');
  steward(['export', rules('insert'), '--output', csv]);
  const columns = readFileSync(csv, 'utf8').slice(0, 4096).split('\n')[0].split(',');
  // Typed like a CRM table: a keyed id, bounded text, a date.
  const ddl = (table) =>
    `create table ${table} (${columns.map((c) => `${server.quote(c)} ${c === 'source_id' ? 'varchar(64) primary key' : c === 'created_at' ? 'date' : 'varchar(255)'}`).join(', ')})`;
  server.admin(server.create);
  server.exec(ddl('floor_contacts'));
  server.exec(ddl('contacts'));

  const target = `${dbUrl}#contacts`;
  const batch = process.env.STEWARD_BENCH_BATCH ?? '5000';
  const roundCount = Number(process.env.STEWARD_BENCH_ROUNDS ?? 3);
  const steps = { floor: [], insert: [], upsert: [], resumable: [], changed: [], changedFloor: [] };
  const counts = [];
  const settled = (fn) => {
    server.settle();
    return fn();
  };
  for (let round = 0; round < roundCount; round++) {
    server.exec(server.empty('floor_contacts'));
    server.exec(server.empty('contacts'));
    steps.floor.push(settled(() => timed(() => server.floor('floor_contacts', csv))));
    counts.push(server.count('floor_contacts'));
    const insert = settled(() => steward(['export', rules('insert'), '--output', target, '--batch-size', batch]));
    const upsert = settled(() => steward(['export', rules('upsert'), '--output', target, '--batch-size', batch]));
    const resumable = settled(() => steward(['export', rules('upsert', ', checkpoint_rows: 100000'), '--output', target, '--batch-size', batch, '--resumable']));
    server.exec(server.touch('contacts', columns[1]));
    const changed = settled(() => steward(['export', rules('upsert'), '--output', target, '--batch-size', batch]));
    counts.push(server.count('contacts'), ...[insert, upsert, resumable, changed].map((r) => r.summary.counts.written));
    if (server.upsertFloor) {
      server.exec(server.touch('contacts', columns[1]));
      steps.changedFloor.push(settled(() => timed(() => server.upsertFloor('contacts', csv, columns))));
    }
    steps.insert.push(insert.seconds);
    steps.upsert.push(upsert.seconds);
    steps.resumable.push(resumable.seconds);
    steps.changed.push(changed.seconds);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const floor = median(steps.floor);

  const rate = (seconds) => Math.round(rows / seconds);
  const spread = (values) => (values.length > 1 ? `  (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} s)` : '');
  const line = (name, values) => {
    const seconds = median(values);
    return `${name.padEnd(37)} ${seconds.toFixed(2).padStart(7)} s  ${rate(seconds).toLocaleString('en-US').padStart(9)} rows/s  ${(seconds / floor).toFixed(2)}x floor${spread(values)}`;
  };
  process.stdout.write(`${rows.toLocaleString('en-US')} contacts, ${columns.length} columns → ${scheme} (${new URL(dbUrl).host}), batch size ${batch}, median of ${roundCount} round${roundCount === 1 ? '' : 's'}\n`);
  process.stdout.write(`${line(`floor: ${server.floorName}`, steps.floor)}\n`);
  process.stdout.write(`${line('steward export, insert (empty)', steps.insert)}\n`);
  process.stdout.write(`${line('steward export, upsert (full)', steps.upsert)}\n`);
  process.stdout.write(`${line('steward export, resumable upsert', steps.resumable)}\n`);
  process.stdout.write(`${line('steward export, upsert (all changed)', steps.changed)}\n`);
  if (steps.changedFloor.length > 0) process.stdout.write(`${line('psql: \\copy + ON CONFLICT (all changed)', steps.changedFloor)}\n`);
  if (counts.some((count) => count !== rows)) throw new Error(`row counts differ from ${rows}: ${counts.join(', ')}`);
  const summary = (values) => ({ seconds: median(values), rowsPerSecond: rate(median(values)), runs: values });
  process.stdout.write(
    `${JSON.stringify({ rows, scheme, batch: Number(batch), rounds: roundCount, floor: summary(steps.floor), insert: summary(steps.insert), upsert: summary(steps.upsert), resumableUpsert: summary(steps.resumable), upsertAllChanged: summary(steps.changed), ...(steps.changedFloor.length > 0 ? { serverUpsertAllChanged: summary(steps.changedFloor) } : {}) })}\n`,
  );
} finally {
  try {
    server.admin(server.drop);
  } catch {
    // Nothing to drop when creating it failed.
  }
  rmSync(dir, { recursive: true, force: true });
}
