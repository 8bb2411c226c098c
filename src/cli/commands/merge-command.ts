import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { addWorkspaceFlags, count, summaryOutcome } from './job-flags.js';

interface MergeFlags {
  input?: string;
  idColumn?: string;
  workspace?: string;
  dryRun?: boolean;
  planOut?: string;
  inPlace?: boolean;
  batchSize?: string;
  show?: string;
  json?: boolean;
}

export function registerMerge(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    program
      .command('merge')
      .description('turn each cluster into one golden record by the survivorship rules: in the workspace, or in place in the CRM database')
      .argument('<rules>', 'rule file (YAML or JSON) with a merge: section')
      .option('--input <source>', 'import, normalize and dedupe this first (else the workspace\'s clusters are used); with --in-place, the CRM table to change')
      .option('--id-column <column>', 'the column holding record ids (replaces source.id)')
      .option('--dry-run', 'build the merge plan and print it: survivors, every field\'s value with its rule and record, conflicts; write nothing')
      .option('--plan-out <file>', 'save the merge plan as JSON')
      .option('--in-place', 'merge in the database the records came from: survivor updated, related rows re-pointed, duplicates deleted (or flagged); undo with steward unmerge')
      .option('--batch-size <n>', 'clusters per database transaction (replaces merge.batch_size)')
      .option('--show <n>', 'clusters a dry run prints (default 20)'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ steward merge rules/contacts.yaml --input contacts.csv --dry-run --plan-out plan.json\n  $ steward merge rules/contacts.yaml && steward export rules/contacts.yaml --output golden.csv\n  $ steward merge jobs/crm.yaml --input "postgres://crm@db/crm#contacts" --in-place\n\nExit codes: 0 ok, 2 rule file or input error, 3 runtime failure (a failed batch is rolled back; the summary says which committed).',
    )
    .action((rulesFile: string, flags: MergeFlags) =>
      run(async () => {
        const batchSize = count(flags.batchSize, '--batch-size');
        const show = count(flags.show, '--show');
        const { mergeJob } = await import('../../merge-jobs.js');
        return summaryOutcome(
          (onProgress) =>
            mergeJob(rulesFile, { input: flags.input, idColumn: flags.idColumn, workspace: flags.workspace, dryRun: flags.dryRun, planOut: flags.planOut, inPlace: flags.inPlace, batchSize, show, onProgress }),
          flags.json,
        );
      }),
    );
}
