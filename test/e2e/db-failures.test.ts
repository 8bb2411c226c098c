import path from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { mysqlQuery } from '../helpers/mysql.js';
import { query } from '../helpers/postgres.js';
import { repoRoot, tempDir } from '../helpers/temp.js';
import { testDatabases } from '../helpers/test-databases.js';
import { freePort } from '../helpers/free-port.js';

/**
 * Database failures through the CLI, on real servers: each one exits 3 with a message saying what failed and
 * where (never a stack trace, never the password), and leaves the target as it was.
 */
const tmp = tempDir();
const rules = tmp.file('job.yaml', 'job: dbfail\nextends: contacts\nmerge: null\n');
// create: false, so that a missing table is reported as missing (the shipped contacts rules create it).
const noCreate = tmp.file('no-create.yaml', 'job: dbfail\nextends: contacts\nmerge: null\ntarget: { create: false }\n');
// A plain insert: PostgreSQL writes it with COPY, not INSERT … ON CONFLICT.
const insertRules = tmp.file('insert.yaml', 'job: dbfail\nextends: contacts\nmerge: null\ntarget: { create: false, mode: insert }\n');
const workspace = tmp.path('ws.db');
const legacy = path.join(repoRoot, 'fixtures/legacy-contacts.csv');
const ddl = 'create table contacts (source_id varchar(64) primary key, first_name text, last_name text, email text, phone text, mobile text, country text, created_at text)';
const dbs = testDatabases(['postgres', 'mysql'], {
  postgres: async (url) => void (await query(url, ddl)),
  mysql: async (url) => void (await mysqlQuery(url, ddl)),
});

function withPassword(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

function expectCleanFailure(result: { code: number | null; stdout: string; stderr: string }, ...parts: (string | RegExp)[]): void {
  expect(result.code, result.stderr).toBe(3);
  expect(result.stderr).not.toMatch(/\n\s+at .*:\d+/);
  for (const part of parts) expect(result.stderr).toMatch(part);
}

const exportTo = (target: string, env: Record<string, string> = {}, rulesFile = rules) => steward(['export', rulesFile, '--workspace', workspace, '--output', target], { env });

describe('database failures', () => {
  test('import the records once', () => {
    expect(steward(['import', rules, '--input', legacy, '--workspace', workspace]).code).toBe(0);
  });

  test('unreachable host: exit 3 naming the host, without the password', async () => {
    const port = await freePort();
    for (const scheme of ['postgres', 'mysql']) {
      const result = exportTo(`${scheme}://steward:S3cretPw@127.0.0.1:${port}/crm#contacts`);
      expectCleanFailure(result, new RegExp(`cannot connect to (PostgreSQL|MySQL) at ${scheme}://steward:?\\*{0,}@?127\\.0\\.0\\.1:${port}/crm`), /ECONNREFUSED|connect/);
      expect(result.stdout + result.stderr).not.toContain('S3cretPw');
    }
  });

  for (const server of ['postgres', 'mysql'] as const) {
    const run = (sql: string) => (server === 'postgres' ? query(dbs.url.postgres!, sql) : mysqlQuery(dbs.url.mysql!, sql));
    const role = (what: string) => `stw_${what}_${Math.random().toString(16).slice(2, 8)}`;
    /** A role that may read contacts (MySQL refuses a login to a database the user has no privilege in), and do `grant` on perm. */
    const createRole = async (name: string, grant?: string) => {
      const database = new URL(dbs.url[server]!).pathname.slice(1);
      if (server === 'postgres') {
        await run(`create role ${name} login password 'R1ghtPw'`);
        await run(`grant select on contacts to ${name}`);
        if (grant) await run(`grant ${grant} on perm to ${name}`);
      } else {
        for (const host of ['%', 'localhost']) {
          await run(`create user '${name}'@'${host}' identified by 'R1ghtPw'`);
          await run(`grant select on ${database}.contacts to '${name}'@'${host}'`);
          if (grant) await run(`grant ${grant} on ${database}.perm to '${name}'@'${host}'`);
        }
      }
    };
    const dropRole = async (name: string) => {
      if (server === 'postgres') {
        await run(`revoke all on perm, contacts from ${name}`);
        await run(`drop role ${name}`);
      } else {
        for (const host of ['%', 'localhost']) await run(`drop user '${name}'@'${host}'`);
      }
    };

    // A wrong password against a server that checks it: test/e2e/server-failures.test.ts (the shared server may trust every login).
    test.skipIf(!dbs.available[server])(`${server}: missing table; missing permission (a role with SELECT only, and one without any privilege on the table), upsert and insert, export and import`, async () => {
      const url = dbs.url[server]!;
      // The owner makes the table with every exported column, so that only the privilege is missing.
      const made = exportTo(`${url}#perm`, {}, rules);
      expect(made.code, made.stderr).toBe(0);
      const selectOnly = role('sel');
      const nothing = role('none');
      await createRole(selectOnly, 'select');
      await createRole(nothing);
      try {
        const missing = exportTo(withPassword(url, selectOnly, 'R1ghtPw') + '#no_such_table', {}, noCreate);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/table "no_such_table" does not exist in (postgres|mysql):\/\/.*; add create: true to the target \(or --create\)/);
        expect(missing.stderr).not.toMatch(/\n\s+at .*:\d+/);
        expect(missing.stdout + missing.stderr).not.toContain('R1ghtPw');

        // MySQL hides a table from a user without a privilege on it: it cannot tell "missing" from "not yours", and says both.
        if (server === 'mysql') {
          const hidden = exportTo(withPassword(url, nothing, 'R1ghtPw') + '#perm', {}, noCreate);
          expect(hidden.code, hidden.stderr).toBe(2);
          expect(hidden.stderr).toContain('table "perm" does not exist in mysql://');
          expect(hidden.stderr).toContain('(MySQL shows a user only the tables it has a privilege on: if the table exists, grant this user access to it)');
        }
        for (const name of server === 'postgres' ? [selectOnly, nothing] : [selectOnly]) {
          for (const mode of [noCreate, insertRules]) {
            const denied = exportTo(withPassword(url, name, 'R1ghtPw') + '#perm', {}, mode);
            expectCleanFailure(denied, /writing to table "perm" in (postgres|mysql):\/\/stw_\w+:\*\*\*@/, server === 'postgres' ? /permission denied for table perm/ : /command denied to user '\w+'@'[^']+' for table `[^`]+`\.`perm`/);
            expect(denied.stdout + denied.stderr).not.toContain('R1ghtPw');
          }
        }
        const unreadable = steward(['import', rules, '--input', withPassword(url, nothing, 'R1ghtPw') + '#perm', '--workspace', tmp.path(`${server}-denied.db`)]);
        if (server === 'postgres') expectCleanFailure(unreadable, /import from postgres:\/\/stw_\w+:\*\*\*@/, /permission denied for table perm/);
        else {
          expect(unreadable.code, unreadable.stderr).toBe(2);
          expect(unreadable.stderr).toContain('table "perm" not found in mysql://');
          expect(unreadable.stderr).toContain('(MySQL shows a user only the tables it has a privilege on');
        }
        expect(Number(Object.values((await run('select count(*) as n from perm'))[0]!)[0])).toBe(200);
      } finally {
        await dropRole(selectOnly);
        await dropRole(nothing);
      }
    });

    test.skipIf(!dbs.available[server])(`${server}: a lock another transaction holds times out (STEWARD_LOCK_TIMEOUT) naming the table, target unchanged`, async () => {
      const url = dbs.url[server]!;
      await run('delete from contacts');
      await run("insert into contacts (source_id, first_name) values ('keep', 'Kept')");
      let release: () => Promise<void>;
      if (server === 'postgres') {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query('begin');
        await client.query('lock table contacts in access exclusive mode');
        release = async () => {
          await client.query('rollback');
          await client.end();
        };
      } else {
        const mysql = await import('mysql2/promise');
        const connection = await mysql.createConnection(url);
        await connection.query('begin');
        await connection.query('lock tables contacts write');
        release = async () => {
          await connection.query('unlock tables');
          await connection.end();
        };
      }
      try {
        const started = Date.now();
        const result = exportTo(`${url}#contacts`, { STEWARD_LOCK_TIMEOUT: '2' });
        expectCleanFailure(result, /contacts/, /lock/i);
        expect(Date.now() - started).toBeLessThan(60_000);
      } finally {
        await release();
      }
      expect(await run('select source_id, first_name from contacts')).toEqual([{ source_id: 'keep', first_name: 'Kept' }]);
      const bad = exportTo(`${url}#contacts`, { STEWARD_LOCK_TIMEOUT: 'soon' });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('STEWARD_LOCK_TIMEOUT must be a whole number of seconds from 1 to 86400, got "soon"');
    }, 120_000);
  }

  test.skipIf(!dbs.available.postgres)('postgres: the server ends the session in the middle of an export (pg_terminate_backend): exit 3, target unchanged', async () => {
    const url = dbs.url.postgres!;
    await query(url, 'delete from contacts');
    await query(url, "insert into contacts (source_id, first_name) values ('keep', 'Kept')");
    // Hold a lock so the export waits inside its transaction, then kill its session from another one.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('lock table contacts in share mode');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/steward.js'), 'export', rules, '--workspace', workspace, '--output', `${url}#contacts`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STEWARD_DEBUG: '', STEWARD_LOCK_TIMEOUT: '60', PGAPPNAME: 'steward-export-under-test' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let done = false;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))).finally(() => (done = true));
    let killed = 0;
    for (let i = 0; i < 300 && killed === 0 && !done; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const rows = await query<{ n: string }>(
        url,
        "select count(pg_terminate_backend(pid)) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'",
      );
      killed = Number(rows[0]!.n);
    }
    await holder.query('rollback');
    await holder.end();
    expect(killed, `the export never waited on the lock: ${stderr}`).toBeGreaterThan(0);
    const code = await exited;
    expect(code, stderr).toBe(3);
    expect(stderr).not.toMatch(/\n\s+at .*:\d+/);
    expect(stderr).toMatch(/terminat|connection/i);
    expect(await query(url, 'select source_id, first_name from contacts')).toEqual([{ source_id: 'keep', first_name: 'Kept' }]);
  }, 120_000);
});
