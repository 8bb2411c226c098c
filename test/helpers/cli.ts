import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { repoRoot } from './temp.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the built CLI, as a user would run it. */
export function steward(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin/steward.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, STEWARD_DEBUG: '', ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Spawns the CLI and kills it (SIGKILL) once its workspace logs `batches` committed in-place batches: a run killed
 * mid-way. Resolves with the signal it died of.
 */
export async function killAfterBatches(args: readonly string[], options: { readonly cwd: string; readonly workspace: string; readonly batches: number }): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/steward.js'), ...args], { cwd: options.cwd, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let committed = 0;
  for (let i = 0; i < 3000 && committed < options.batches; i++) {
    await new Promise((r) => setTimeout(r, 10));
    if (!existsSync(options.workspace)) continue;
    try {
      const ws = new Database(options.workspace, { readonly: true, fileMustExist: true });
      committed = (ws.prepare("select count(*) as n from stw_merge_batches where status = 'committed'").get() as { n: number } | undefined)?.n ?? 0;
      ws.close();
    } catch {
      // The workspace is being created or migrated.
    }
  }
  child.kill('SIGKILL');
  return exited;
}
