import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { RunOptions, RunSummary } from '../../pipeline.js';
import type { CommandOutcome } from '../main.js';

export interface JobFlags {
  input?: string;
  output?: string;
  workspace?: string;
  until?: string;
  create?: boolean;
  maxRejects?: string;
  batchSize?: string;
  resumable?: boolean;
  json?: boolean;
}

/** A flag that counts something (--batch-size, --show): a whole number from 1; undefined when not given. */
export function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InputError('BAD_FLAG', `${flag} must be a whole number from 1, got "${value}"`);
  return Number(value);
}

/** The flags that tune how a database target is written (export and run). */
export function addTargetFlags(command: Command): Command {
  return command
    .option('--batch-size <rows>', 'rows per database write (replaces target.batch_size)')
    .option('--resumable', 'upsert in checkpointed transactions, so a killed export run again resumes where it stopped (target.resumable)');
}

export function addWorkspaceFlags(command: Command): Command {
  return command.option('--workspace <path>', 'workspace SQLite file (default: .steward/<job>.db beside the rule file)').option('--json', 'print the summary as JSON on stdout');
}

/** Runs a job with progress on a terminal (stopped before the summary prints) and turns its summary into an outcome. */
export async function summaryOutcome(job: (onProgress: RunOptions['onProgress']) => Promise<Parameters<typeof import('../render.js').renderSummary>[0]>, wantsJson: boolean | undefined): Promise<CommandOutcome> {
  const { createProgress } = await import('../progress.js');
  const { renderSummary, summaryJson } = await import('../render.js');
  const progress = await createProgress();
  try {
    const summary = await job(progress.onProgress);
    progress.stop();
    return { exitCode: summary.status === 'ok' ? 0 : 1, text: renderSummary(summary), json: summaryJson(summary), wantsJson: Boolean(wantsJson) };
  } finally {
    progress.stop();
  }
}

/** Runs a job function with the common flags. */
export function runWithSummary(fn: (rules: string, options: RunOptions) => Promise<RunSummary>, rulesFile: string, flags: JobFlags): Promise<CommandOutcome> {
  return summaryOutcome(
    (onProgress) =>
      fn(rulesFile, {
        input: flags.input,
        output: flags.output,
        workspace: flags.workspace,
        until: flags.until,
        create: flags.create,
        maxRejects: flags.maxRejects,
        batchSize: count(flags.batchSize, '--batch-size'),
        resumable: flags.resumable,
        onProgress,
      }),
    flags.json,
  );
}
