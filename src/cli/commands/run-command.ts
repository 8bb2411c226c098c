import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { addTargetFlags, addWorkspaceFlags, runWithSummary, type JobFlags } from './job-flags.js';

export function registerRun(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    addTargetFlags(
      program
        .command('run')
        .description('run the job a rule file declares: import, normalize, dedupe, merge, then export to the target')
        .argument('<rules>', 'rule file (YAML or JSON)')
        .option('--input <source>', 'read this instead of the rule file\'s source (.csv, .tsv, .jsonl, db.sqlite#table, postgres://…#table)')
        .option('--output <target>', 'write here instead of the rule file\'s target (.csv, .jsonl, crm.db#table, postgres://…#table)')
        .option('--until <stage>', 'stop after this stage (import, normalize, dedupe, merge, export), then export what it produced')
        .option('--create', 'create the target table when it does not exist')
        .option('--max-rejects <limit>', 'most rejected rows allowed (10 or 5%); over it the run exits 1 and exports nothing'),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ steward run rules/contacts.yaml --input fixtures/legacy-contacts.csv\n  $ steward run jobs/legacy.yaml --output clean.csv --json\n  $ steward run jobs/legacy.yaml --output "postgres://crm@db/crm#contacts" --create\n\nExit codes: 0 ok, 1 rejects over max_rejects, 2 rule file or input error, 3 runtime failure.',
    )
    .action((rulesFile: string, flags: JobFlags) =>
      run(async () => {
        const { runJob } = await import('../../pipeline.js');
        return runWithSummary(runJob, rulesFile, flags);
      }),
    );
}
