import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { addTargetFlags, addWorkspaceFlags, runWithSummary, type JobFlags } from './job-flags.js';

export function registerExport(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    addTargetFlags(
      program
        .command('export')
        .description('write the workspace\'s records to the target: schema-checked, values coerced to the column types, in one transaction (or resumable chunks)')
        .argument('<rules>', 'rule file (YAML or JSON)')
        .option('--output <target>', 'write here instead of the rule file\'s target (.csv, .jsonl, crm.db#table, postgres://…#table)')
        .option('--create', 'create the target table when it does not exist'),
    ),
  )
    .addHelpText('after', '\nExamples:\n  $ steward export rules/contacts.yaml --output clean.csv\n  $ steward export jobs/legacy.yaml --output "postgres://crm@db/crm#contacts" --create\n  $ steward export jobs/legacy.yaml --output "postgres://crm@db/crm#contacts" --resumable --batch-size 5000')
    .action((rulesFile: string, flags: JobFlags) =>
      run(async () => {
        const { exportJob } = await import('../../pipeline.js');
        return runWithSummary(exportJob, rulesFile, flags);
      }),
    );
}
