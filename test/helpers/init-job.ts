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

/** init on `file` in `dir` (writing job.yaml), with nothing on stderr and exit 0: what it mapped, and the columns it left. */
export function initMapping(dir: string, file: string): { mapping: Record<string, string>; unmapped: string[] } {
  const r = steward(['init', file, '--out', 'job.yaml', '--json'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { mapping: Record<string, string>; unmapped: string[] };
}

/**
 * init's mapping beside the one a person made, column by column, so that a failure lists every miss at once. A list
 * of fields means either is fair: the one init chose when it is in the list, else the list's first.
 */
export function expectMapping(mapping: Readonly<Record<string, string>>, expected: Readonly<Record<string, string | null | readonly (string | null)[]>>): void {
  const got: Record<string, string | null> = {};
  const want: Record<string, string | null> = {};
  for (const [column, field] of Object.entries(expected)) {
    const mapped = mapping[column] ?? null;
    got[column] = mapped;
    want[column] = typeof field === 'string' || field === null ? field : field.includes(mapped) ? mapped : (field[0] ?? null);
  }
  expect(got).toEqual(want);
}
