import { expect } from 'vitest';
import { steward } from './cli.js';

/** Check, run and audit the rule file init wrote (job.yaml in `dir`), without edits: each exits 0, every row is loaded. */
export function expectJobRunsClean(dir: string): void {
  const check = steward(['check', 'job.yaml'], { cwd: dir });
  expect(check.code, check.stdout + check.stderr).toBe(0);
  const run = steward(['run', 'job.yaml', '--json'], { cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const { counts } = JSON.parse(run.stdout) as { counts: { read: number; loaded: number; rejected: number; written: number } };
  expect(counts.rejected).toBe(0);
  expect(counts.loaded).toBe(counts.read);
  expect(counts.written).toBeGreaterThan(0);
  const audit = steward(['audit', 'job.yaml'], { cwd: dir });
  expect(audit.code, audit.stdout + audit.stderr).toBe(0);
}
