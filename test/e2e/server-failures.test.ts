import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { steward, type CliResult } from '../helpers/cli.js';
import { startEmbeddedPostgres } from '../helpers/embedded-postgres.js';
import { mysqlQuery } from '../helpers/mysql.js';
import { findMysqlDaemon, startMysqlServer } from '../helpers/mysql-server.js';
import { query, withDatabase } from '../helpers/postgres.js';
import { repoRoot, tempDir } from '../helpers/temp.js';
import { files, workspaceText } from '../helpers/written-text.js';

/**
 * Failures only a server of the test's own can show (the shared test servers are never killed, and may trust
 * every login): the server SIGKILLed in the middle of an export, and passwords the server really checks.
 * Each failure exits 3 with a message naming the database (password removed) and the table, no stack trace;
 * the one-transaction export leaves the target as it was, and the resumable one, run again once the server is
 * back, resumes and ends with the rows of an uninterrupted run, without duplicates.
 */
const ROWS = 30_000;
const PASSWORD = 'Own-Srv_pw_5521';
const WRONG = 'Wrong-pw_8830';
const tmp = tempDir();
const rules = tmp.file('job.yaml', 'job: killed\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, create: false, checkpoint_rows: 3000, batch_size: 500 }\n');
const workspace = tmp.path('ws.db');
const STACK_FRAME = /\n\s+at .*:\d+/;

interface Backend {
  readonly name: 'postgres' | 'mysql';
  /** Why the backend's tests skip, or undefined when they run (never skipped under CI=true). */
  readonly missing: string | undefined;
  start(): Promise<{ url: string; kill(): Promise<void>; restart(): Promise<void>; stop(): Promise<void> }>;
  sql(url: string, text: string): Promise<Record<string, unknown>[]>;
  /** Counts the rows an open transaction has written into `table` so far, though not committed. */
  watch(url: string, table: string): Promise<{ rows(): Promise<number>; close(): Promise<void> }>;
  createDatabase(serverUrl: string): Promise<void>;
  like(table: string, from: string): string;
  /** A user of the database crm with a password the server checks, and the URL it logs in with (the password left out). */
  addUser(serverUrl: string): Promise<string>;
  /** The driver's word for a refused password. */
  readonly refused: RegExp;
  /** The driver's word for a connection the server's death broke. */
  readonly lost: RegExp;
}

const daemon = findMysqlDaemon();
if (!daemon && process.env['CI'] === 'true') throw new Error('CI=true: the MySQL server tests must run, but no mariadbd or mysqld is installed');

const backends: Backend[] = [
  {
    name: 'postgres',
    missing: undefined,
    start: () => startEmbeddedPostgres({ user: 'steward', password: PASSWORD }),
    sql: (url, text) => query(url, text),
    // COPY's progress: PostgreSQL reads no uncommitted rows.
    watch: async (url) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      return {
        rows: async () => Number((await client.query('select coalesce(sum(tuples_processed), 0) as n from pg_stat_progress_copy')).rows[0].n),
        close: () => client.end().catch(() => undefined),
      };
    },
    createDatabase: (serverUrl) => query(withDatabase(serverUrl, 'postgres'), 'create database crm').then(() => undefined),
    like: (table, from) => `create table ${table} (like ${from} including all)`,
    addUser: async (serverUrl) => {
      await query(withDatabase(serverUrl, 'crm'), `create role stw_user login password '${PASSWORD}'; grant all on schema public to stw_user`);
      return withUser(withDatabase(serverUrl, 'crm'), 'stw_user');
    },
    refused: /password authentication failed for user "stw_user"/,
    lost: /: (Connection terminated unexpectedly|read ECONNRESET|terminating connection)/,
  },
  {
    name: 'mysql',
    missing: daemon ? undefined : 'no mariadbd or mysqld installed',
    start: () => startMysqlServer(daemon!),
    sql: (url, text) => mysqlQuery(url, text),
    // A dirty read sees the rows the export's transaction has inserted.
    watch: async (url, table) => {
      const connection = await mysql.createConnection(url);
      connection.on('error', () => undefined);
      await connection.query('set session transaction isolation level read uncommitted');
      return {
        rows: async () => Number(((await connection.query(`select count(*) as n from ${table}`))[0] as { n: number }[])[0]!.n),
        close: () => connection.end().catch(() => undefined),
      };
    },
    createDatabase: (serverUrl) => mysqlQuery(serverUrl, 'create database crm character set utf8mb4').then(() => undefined),
    like: (table, from) => `create table ${table} like ${from}`,
    addUser: async (serverUrl) => {
      for (const host of ['%', 'localhost']) {
        await mysqlQuery(serverUrl, `create user 'stw_user'@'${host}' identified by '${PASSWORD}'`);
        await mysqlQuery(serverUrl, `grant all on crm.* to 'stw_user'@'${host}'`);
      }
      return withUser(withDatabase(serverUrl, 'crm'), 'stw_user');
    },
    refused: /Access denied for user 'stw_user'@'[^']+' \(using password: YES\)/,
    lost: /: (Connection lost: The server closed the connection|read ECONNRESET)/,
  },
];

function withUser(url: string, user: string, password?: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password ?? '';
  return u.toString();
}

/** The URL as steward shows it: the password, if any, replaced by ***. */
function shown(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.username}${u.password ? ':***' : ''}@${u.host}${u.pathname}`;
}

/** Rows the resumable export has committed, from its checkpoint in the workspace (0 until the first). */
function checkpointRows(): number {
  if (!existsSync(workspace)) return 0;
  const ws = new Database(workspace, { readonly: true, fileMustExist: true });
  try {
    return (ws.prepare('select rows from stw_export_checkpoints').get() as { rows: number } | undefined)?.rows ?? 0;
  } finally {
    ws.close();
  }
}

/** Runs steward in the background; `done` resolves with its exit code and output. */
function background(args: readonly string[]): { done: Promise<CliResult>; running(): boolean } {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/steward.js'), ...args], { cwd: tmp.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STEWARD_DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))).finally(() => (exited = true));
  return { done, running: () => !exited };
}

/** Waits (polling) until `reached()` holds; false when the run ended first. */
async function waitFor(reached: () => Promise<boolean>, running: () => boolean): Promise<boolean> {
  while (running()) {
    if (await reached()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

beforeAll(() => {
  const data = tmp.path('contacts.csv');
  execFileSync(process.execPath, [path.join(repoRoot, 'bench/generate-contacts.mjs'), String(ROWS), data]);
  const imported = steward(['import', rules, '--input', data, '--workspace', workspace], { cwd: tmp.dir });
  expect(imported.code, imported.stderr).toBe(0);
});

for (const backend of backends) {
  describe.skipIf(backend.missing !== undefined)(`${backend.name}: a server of the test's own`, () => {
    let server: Awaited<ReturnType<Backend['start']>>;
    let crm: string;
    const run = (text: string) => backend.sql(crm, text);
    const count = async (table: string) => Number((await run(`select count(*) as n from ${table}`))[0]!['n']);
    /** Every row but the one kept from before, in key order: compared with the uninterrupted run's. */
    const rowsOf = (table: string) => run(`select * from ${table} where source_id <> 'keep' order by source_id`);
    const exportTo = (table: string, ...flags: string[]) => ['export', rules, '--workspace', workspace, '--output', `${crm}#${table}`, ...flags];

    beforeAll(async () => {
      server = await backend.start();
      await backend.createDatabase(server.url);
      crm = withDatabase(server.url, 'crm');
      // The uninterrupted run, the reference.
      const reference = steward(exportTo('reference', '--create'), { cwd: tmp.dir });
      expect(reference.code, reference.stderr).toBe(0);
    }, 300_000);
    afterAll(async () => {
      await server?.stop();
    });

    /** Starts the export, SIGKILLs the server once `reached` holds, starts it again once the export ended, and returns the export's outcome. */
    async function killServerDuring(args: readonly string[], reached: () => Promise<boolean>, before?: () => Promise<void>): Promise<CliResult> {
      const exported = background(args);
      const hit = await waitFor(reached, exported.running);
      await before?.();
      expect(hit, 'the server was killed while the export ran').toBe(true);
      await server.kill();
      const outcome = await exported.done;
      await server.restart();
      return outcome;
    }

    function expectCleanFailure(result: CliResult, table: string): void {
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(result.stderr).toContain(`writing to table "${table}" in ${shown(crm)} failed`);
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
      // The cause is the lost connection, not a failed attempt to roll back on it afterwards.
      expect(result.stderr).toMatch(backend.lost);
    }

    test('killed in the middle of a one-transaction export: exit 3 naming the database and table; after the restart the table is as before, and a re-run writes every row', async () => {
      await run(backend.like('contacts', 'reference'));
      await run("insert into contacts (source_id, first_name) values ('keep', 'Kept')");
      const watcher = await backend.watch(crm, 'contacts');
      const failed = await killServerDuring(exportTo('contacts'), async () => (await watcher.rows()) >= ROWS / 5, watcher.close);
            expectCleanFailure(failed, 'contacts');
      expect(failed.stderr).toContain('nothing was written');

      expect(await run('select source_id, first_name from contacts')).toEqual([{ source_id: 'keep', first_name: 'Kept' }]);
      const again = steward(exportTo('contacts'), { cwd: tmp.dir });
      expect(again.code, again.stderr).toBe(0);
      expect(await count('contacts')).toBe(ROWS + 1);
      expect(await rowsOf('contacts')).toEqual(await rowsOf('reference'));
    });

    test('killed in the middle of a resumable export: exit 3 saying which rows are committed; after the restart a re-run resumes and ends as an uninterrupted run, no duplicates', async () => {
      await run(backend.like('resumed', 'reference'));
      const failed = await killServerDuring(exportTo('resumed', '--resumable'), async () => checkpointRows() >= ROWS / 4);
            expectCleanFailure(failed, 'resumed');
      const committed = Number(/rows 1 to (\d+) are committed; run the export again to resume after them/.exec(failed.stderr)?.[1]);
      expect(committed, failed.stderr).toBeGreaterThanOrEqual(ROWS / 4);
      expect(committed).toBeLessThan(ROWS);

      expect(await count('resumed')).toBeGreaterThanOrEqual(committed);
      const again = steward(exportTo('resumed', '--resumable'), { cwd: tmp.dir });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(`resumed at row ${committed + 1}`);
      expect(Number((await run('select count(*) - count(distinct source_id) as dupes from resumed'))[0]!['dupes'])).toBe(0);
      expect(await rowsOf('resumed')).toEqual(await rowsOf('reference'));
    });

    test('a password the server refuses: exit 3 naming the database, no password anywhere; the right one works', async () => {
      const user = await backend.addUser(server.url);
      const dir = tmp.path(`${backend.name}-pw`);
      const ws = path.join(dir, 'ws.db');
      const job = ['run', rules, '--input', path.join(repoRoot, 'fixtures/legacy-contacts.csv'), '--workspace', ws, '--json'];
      const wrong = steward([...job, '--output', `${withUser(user, 'stw_user', WRONG)}#contacts_pw`, '--create'], { cwd: tmp.dir });
      expect(wrong.code, wrong.stderr).toBe(3);
      expect(wrong.stderr).not.toMatch(STACK_FRAME);
      expect(wrong.stderr).toContain(`cannot connect to ${backend.name === 'postgres' ? 'PostgreSQL' : 'MySQL'} at ${shown(withUser(user, 'stw_user', WRONG))}`);
      expect(wrong.stderr).toMatch(backend.refused);
      expect(JSON.parse(wrong.stdout)).toMatchObject({ status: 'error', code: 'DB_CONNECT_FAILED' });
      const right = steward([...job, '--output', `${withUser(user, 'stw_user', PASSWORD)}#contacts_pw`, '--create'], { cwd: tmp.dir });
      expect(right.code, right.stderr).toBe(0);
      expect(await count('contacts_pw')).toBe(200);
      for (const secret of [WRONG, PASSWORD]) {
        for (const output of [wrong, right]) expect(output.stdout + output.stderr).not.toContain(secret);
        for (const file of files(dir)) {
          expect(readFileSync(file).includes(secret), file).toBe(false);
          if (file.endsWith('ws.db')) expect(workspaceText(file)).not.toContain(secret);
        }
      }
    });
  });
}
