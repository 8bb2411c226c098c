import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { addWorkspaceFlags, runWithSummary, type JobFlags } from './job-flags.js';

export function registerNormalize(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    program
      .command('normalize')
      .description("normalize the workspace's records with the fields' normalizers; every change and flag is kept")
      .argument('<rules>', 'rule file (YAML or JSON)')
      .option('--dry-run', 'show counts per field and normalizer and a sample of before → after, without writing'),
  )
    .addHelpText('after', '\nExamples:\n  $ steward normalize rules/contacts.yaml --dry-run\n  $ steward normalize jobs/legacy.yaml --json')
    .action((rulesFile: string, flags: JobFlags & { dryRun?: boolean }) =>
      run(async () => {
        const { normalizeJob } = await import('../../pipeline.js');
        return runWithSummary((file, options) => normalizeJob(file, { ...options, dryRun: flags.dryRun ?? false }), rulesFile, flags);
      }),
    );
}
