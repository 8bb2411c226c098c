import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { addWorkspaceFlags, count, runWithSummary, summaryOutcome, type JobFlags } from './job-flags.js';

interface NormalizeFlags extends JobFlags {
  dryRun?: boolean;
  inPlace?: boolean;
  batchSize?: string;
  idColumn?: string;
}

export function registerNormalize(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    program
      .command('normalize')
      .description("normalize the workspace's records with the fields' normalizers; every change and flag is kept. With --in-place, clean the source table where it is")
      .argument('<rules>', 'rule file (YAML or JSON)')
      .option('--dry-run', 'show counts per field and normalizer and a sample of before → after, without writing')
      .option('--in-place', 'clean the database table the rule file reads (or --input): only the cells that change are written back, batch by batch, with before-images; undo with steward undo')
      .option('--input <source>', 'with --in-place: the database table to clean ("crm.db#contacts", "postgres://…#contacts")')
      .option('--id-column <column>', 'with --in-place: the column that identifies a row (default: the primary key)')
      .option('--batch-size <n>', 'with --in-place: rows per database transaction (default 1000)'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ steward normalize rules/contacts.yaml --dry-run\n  $ steward normalize jobs/legacy.yaml --json\n  $ steward normalize jobs/crm.yaml --in-place --dry-run\n  $ steward normalize jobs/crm.yaml --in-place --input "postgres://crm@db/crm#contacts"\n  $ steward undo jobs/crm.yaml --run last\n\nExit codes: 0 ok, 2 rule file or input error, 3 runtime failure (a failed batch is rolled back; the batches before it stay, with their before-images).',
    )
    .action((rulesFile: string, flags: NormalizeFlags) =>
      run(async () => {
        if (flags.inPlace) {
          const batchSize = count(flags.batchSize, '--batch-size');
          const { cleanJob } = await import('../../clean-jobs.js');
          return summaryOutcome(
            (onProgress) => cleanJob(rulesFile, { input: flags.input, idColumn: flags.idColumn, workspace: flags.workspace, dryRun: flags.dryRun, batchSize, onProgress }),
            flags.json,
          );
        }
        const { normalizeJob } = await import('../../pipeline.js');
        return runWithSummary((file, options) => normalizeJob(file, { ...options, dryRun: flags.dryRun ?? false }), rulesFile, flags);
      }),
    );
}
