import { spawnSync } from 'node:child_process';
import path from 'node:path';
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
