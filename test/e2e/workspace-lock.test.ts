import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const contacts = path.join(repoRoot, 'rules/contacts.yaml');
const legacy = path.join(repoRoot, 'fixtures/legacy-contacts.csv');

/** A process that opens the workspace through the library and keeps it open until killed. */
async function holdWorkspace(workspace: string): Promise<{ pid: number; kill(): Promise<void> }> {
  const script = `const m = await import(${JSON.stringify(path.join(repoRoot, 'dist/index.js'))}); await m.openWorkspace(${JSON.stringify(workspace)}); console.log('open'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function integrity(workspace: string): string {
  const db = new Database(workspace, { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } finally {
    db.close();
  }
}

describe('two processes on one workspace', () => {
  test('the second refuses with exit 3 naming the holder; a SIGKILLed holder does not block the next run', async () => {
    const workspace = tmp.path('held.db');
    const holder = await holdWorkspace(workspace);
    try {
      const second = steward(['import', contacts, '--input', legacy, '--workspace', workspace]);
      expect(second.code).toBe(3);
      expect(second.stderr).toContain(`the workspace ${workspace} is in use by another steward process (pid ${holder.pid} on`);
      expect(second.stderr).toContain('wait for it to finish and run the command again');
      expect(second.stderr).not.toMatch(/\n\s+at /);
      // Every command that opens the workspace: refused before it reads or writes anything, the export's output untouched.
      const output = tmp.path('held-out.csv');
      for (const args of [
        ['normalize', contacts, '--workspace', workspace],
        ['run', contacts, '--input', legacy, '--output', output, '--workspace', workspace, '--json'],
        ['export', contacts, '--output', output, '--workspace', workspace],
      ]) {
        const refused = steward(args);
        expect(refused.code, `${args[0]}: ${refused.stderr}`).toBe(3);
        expect(refused.stderr).toContain(`the workspace ${workspace} is in use by another steward process (pid ${holder.pid} on`);
        expect(refused.stderr).not.toMatch(/\n\s+at /);
        if (args.includes('--json')) expect(JSON.parse(refused.stdout)).toMatchObject({ status: 'error', code: 'WORKSPACE_BUSY' });
      }
      expect(existsSync(output)).toBe(false);
    } finally {
      await holder.kill();
    }
    const after = steward(['import', contacts, '--input', legacy, '--workspace', workspace, '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout).counts).toMatchObject({ read: 200, loaded: 200 });
    const exported = steward(['export', contacts, '--output', tmp.path('after.csv'), '--workspace', workspace, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout).counts.written).toBe(200);
    expect(integrity(workspace)).toBe('ok');
    const db = new Database(workspace, { readonly: true });
    expect(db.prepare('select count(*) as n from stw_lock').get()).toEqual({ n: 0 });
    db.close();
  });

  test('two imports started together: one waits its turn or is refused, the workspace stays whole and holds one import', async () => {
    const rows = ['Customer ID,First Name,Last Name,Email Address,Telephone,Country'];
    for (let i = 1; i <= 60_000; i++) rows.push(`${i},Ann${i},Lee,ann${i}@example.com,+1 415 555 ${String(i % 10000).padStart(4, '0')},US`);
    const input = tmp.file('big.csv', rows.join('\n') + '\n');
    const workspace = tmp.path('race.db');
    const run = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(repoRoot, 'bin/steward.js'), 'import', contacts, '--input', input, '--workspace', workspace], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([run(), run()]);
    const codes = results.map((r) => r.code).sort();
    expect([[0, 0], [0, 3]]).toContainEqual(codes);
    for (const refused of results.filter((r) => r.code === 3)) expect(refused.stderr).toContain('is in use by another steward process');
    expect(integrity(workspace)).toBe('ok');
    const db = new Database(workspace, { readonly: true });
    expect(db.prepare("select count(*) as n from stw_runs where status = 'running'").get()).toEqual({ n: 0 });
    expect(db.prepare('select count(*) as n, count(distinct source_id) as ids from stw_records').get()).toEqual({ n: 60_000, ids: 60_000 });
    db.close();
  }, 120_000);
});
