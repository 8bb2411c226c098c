import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const server = postgresServer();
if (!server && process.env['CI'] === 'true') throw new Error('PostgreSQL is required under CI=true');
const ROWS = 100_000;

/** Rows the resumable export has committed so far, from its checkpoint in the workspace (0 until the first). */
function checkpointRows(workspace: string): number {
  if (!existsSync(workspace)) return 0;
  try {
    const ws = new Database(workspace, { readonly: true, fileMustExist: true });
    try {
      return (ws.prepare('select rows from stw_export_checkpoints').get() as { rows: number } | undefined)?.rows ?? 0;
    } finally {
      ws.close();
    }
  } catch {
    // The workspace is being created or migrated.
    return 0;
  }
}

describe.skipIf(!server)('steward export --resumable (CLI, PostgreSQL)', () => {
  test('an upsert killed mid-way and run again resumes, says so, and ends with the table an uninterrupted run writes: no duplicates, no row missing', async () => {
    const { url, drop } = await createTestDatabase(server!);
    try {
      const data = tmp.path('contacts.csv');
      execFileSync(process.execPath, [path.join(repoRoot, 'bench/generate-contacts.mjs'), String(ROWS), data]);
      const rules = tmp.file('resume.yaml', 'job: resume\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, create: true, resumable: true, checkpoint_rows: 2000, batch_size: 500 }\n');
      const workspace = tmp.path('resume.db');
      const imported = steward(['import', rules, '--input', data, '--workspace', workspace], { cwd: tmp.dir });
      expect(imported.code, imported.stderr).toBe(0);
      const args = ['export', rules, '--output', `${url}#contacts`, '--workspace', workspace];

      // Killed once a few chunks have committed.
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/steward.js'), ...args], { cwd: tmp.dir, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      let committed = 0;
      for (let i = 0; i < 6000 && committed < 10_000; i++) {
        await new Promise((r) => setTimeout(r, 10));
        committed = checkpointRows(workspace);
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const partial = (await query<{ n: number }>(url, 'select count(*)::int as n from contacts'))[0]!.n;
      expect(partial).toBeGreaterThanOrEqual(10_000);
      expect(partial).toBeLessThan(ROWS);

      const resumed = steward(args, { cwd: tmp.dir });
      expect(resumed.code, resumed.stderr).toBe(0);
      const at = checkpointRowsFromOutput(resumed.stdout);
      expect(at).toBeGreaterThanOrEqual(committed);
      expect(resumed.stdout).toContain(`resumed at row ${at + 1}: rows 1 to ${at} were written by the interrupted run`);
      expect(resumed.stdout).toMatch(new RegExp(`written {4}${ROWS} rows`));
      expect(checkpointRows(workspace)).toBe(0);

      const clean = steward(['export', rules, '--output', `${url}#clean`, '--workspace', workspace], { cwd: tmp.dir });
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.stdout).not.toContain('resumed');
      const [counts] = await query<{ rows: number; ids: number; clean: number; only_killed: number; only_clean: number }>(
        url,
        `select (select count(*)::int from contacts) as rows, (select count(distinct source_id)::int from contacts) as ids, (select count(*)::int from clean) as clean,
          (select count(*)::int from (select * from contacts except select * from clean) d) as only_killed, (select count(*)::int from (select * from clean except select * from contacts) d) as only_clean`,
      );
      expect(counts).toEqual({ rows: ROWS, ids: ROWS, clean: ROWS, only_killed: 0, only_clean: 0 });
    } finally {
      await drop();
    }
  });
});

function checkpointRowsFromOutput(stdout: string): number {
  return Number(/resumed at row (\d+)/.exec(stdout)?.[1] ?? 1) - 1;
}
