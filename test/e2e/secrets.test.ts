import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { steward, type CliResult } from '../helpers/cli.js';
import { freePort } from '../helpers/free-port.js';
import { mysqlQuery } from '../helpers/mysql.js';
import { query } from '../helpers/postgres.js';
import { files, workspaceText } from '../helpers/written-text.js';
import { repoRoot, tempDir } from '../helpers/temp.js';
import { testDatabases } from '../helpers/test-databases.js';

/**
 * A password in a connection string never appears anywhere steward writes: stdout and stderr of every command
 * (successes and failures), every report format, every text column of every stw_ table of the workspaces, and
 * every file written (the workspace files' bytes included).
 */
const PASSWORD = 'Pw9Zq_Secret_7781';
const ROLE = `stw_secret_${Math.random().toString(16).slice(2, 8)}`;
const tmp = tempDir();
const rules = tmp.file('job.yaml', 'job: secrets\nextends: contacts\nmerge: null\ntarget: { create: false }\n');
const legacy = path.join(repoRoot, 'fixtures/legacy-contacts.csv');
const dbs = testDatabases(['postgres', 'mysql'], {
  postgres: async (url) => {
    await query(url, `create role ${ROLE} login password '${PASSWORD}'`);
    await query(url, `grant all on schema public to ${ROLE}`);
    await query(url, 'create table init_target (id serial primary key, legacy_id text unique, first_name text, last_name text, email text)');
    await query(url, `grant all on init_target to ${ROLE}`);
  },
  mysql: async (url) => {
    const database = new URL(url).pathname.slice(1);
    for (const host of ['%', 'localhost']) {
      await mysqlQuery(url, `create user '${ROLE}'@'${host}' identified by '${PASSWORD}'`);
      await mysqlQuery(url, `grant all on ${database}.* to '${ROLE}'@'${host}'`);
    }
    await mysqlQuery(url, 'create table init_target (id int auto_increment primary key, legacy_id varchar(40) unique, first_name text, last_name text, email text)');
  },
});

function withPassword(url: string, password = PASSWORD): string {
  const u = new URL(url);
  u.username = ROLE;
  u.password = password;
  return u.toString();
}

describe('passwords never appear in any output', () => {
  test('targets, sources, audit --db, reports, failures: stdout, stderr, files and workspace tables', async () => {
    const outputs: CliResult[] = [];
    const run = (args: string[], expected?: number) => {
      const result = steward(args, { cwd: tmp.dir });
      if (expected !== undefined) expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(expected);
      outputs.push(result);
      return result;
    };
    const servers = (['postgres', 'mysql'] as const).filter((s) => dbs.available[s]);
    for (const server of servers) {
      const url = withPassword(dbs.url[server]!);
      const ws = ['--workspace', tmp.path(`${server}-ws.db`)];
      run(['run', rules, '--input', legacy, '--output', `${url}#contacts`, '--create', '--json', ...ws], 0);
      run(['run', rules, '--input', legacy, '--output', `${url}#contacts`, '--create', ...ws], 0);
      run(['import', rules, '--input', `${url}#contacts`, '--json', ...ws.map((w) => w.replace('-ws', '-source-ws'))], 0);
      run(['normalize', rules, '--in-place', '--dry-run', '--input', `${url}#contacts`, '--workspace', tmp.path(`${server}-clean-ws.db`)], 0);
      run(['normalize', rules, '--in-place', '--input', `${url}#contacts`, '--json', '--workspace', tmp.path(`${server}-clean-ws.db`)], 0);
      for (const format of ['table', 'json', 'junit', 'markdown', 'html']) {
        run(['audit', '--rules', path.join(repoRoot, 'rules/contacts.yaml'), '--db', url, '--table', 'contacts', '--format', format, '--workspace', tmp.path(`${server}-audit-ws.db`)]);
      }
      run(['audit', '--rules', path.join(repoRoot, 'rules/contacts.yaml'), '--db', url, '--table', 'contacts', '--out', tmp.path(`${server}-audit.html`), '--format', 'html', '--report', `junit=${tmp.path(`${server}-audit.xml`)}`, '--report', `markdown=${tmp.path(`${server}-audit.md`)}`, '--workspace', tmp.path(`${server}-audit-ws.db`)]);
      // init --target: the rule file reads the connection string from the environment, and says which variable.
      const initRules = tmp.path(`${server}-init.yaml`);
      const init = run(['init', legacy, '--target', `${url}#init_target`, '--out', initRules], 0);
      expect(init.stdout).toContain("export CRM_DATABASE_URL='");
      expect(readFileSync(initRules, 'utf8')).toMatch(new RegExp(`^  ${server}: \\$\\{CRM_DATABASE_URL\\}`, 'm'));
      const check = steward(['check', initRules], { cwd: tmp.dir, env: { CRM_DATABASE_URL: url } });
      expect(check.code, check.stderr).toBe(0);
      outputs.push(check);
      // Failures: a missing table, a missing table as source, a refused login, an unreachable server.
      expect(run(['export', rules, '--output', `${url}#no_such_table`, ...ws]).code).not.toBe(0);
      expect(run(['import', rules, '--input', `${url}#no_such_table`, '--workspace', tmp.path(`${server}-fail-ws.db`)]).code).not.toBe(0);
      expect(run(['audit', '--rules', path.join(repoRoot, 'rules/contacts.yaml'), '--db', url, '--table', 'no_such_table', '--workspace', tmp.path('audit-missing.db'), '--format', 'json']).code).not.toBe(0);
      if (server === 'mysql') expect(run(['export', rules, '--output', `${withPassword(dbs.url[server]!, `${PASSWORD}x`)}#contacts`, ...ws]).code).toBe(3);
      const port = await freePort();
      const unreachable = new URL(url);
      unreachable.port = String(port);
      expect(run(['export', rules, '--output', `${unreachable.toString()}#contacts`, ...ws]).code).toBe(3);
    }
    expect(outputs.length).toBeGreaterThan(0);
    for (const { stdout, stderr } of outputs) {
      expect(stdout).not.toContain(PASSWORD);
      expect(stderr).not.toContain(PASSWORD);
    }
    const written = files(tmp.dir);
    expect(written.some((f) => f.endsWith('.html'))).toBe(servers.length > 0);
    for (const file of written) {
      expect(readFileSync(file).includes(PASSWORD), file).toBe(false);
      if (/ws\.db$/.test(file)) expect(workspaceText(file), file).not.toContain(PASSWORD);
    }
  }, 300_000);
});
