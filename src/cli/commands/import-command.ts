import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { addWorkspaceFlags, runWithSummary, type JobFlags } from './job-flags.js';

export function registerImport(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    program
      .command('import')
      .description('read the source into the workspace: every row loaded or rejected with its line and reason')
      .argument('<rules>', 'rule file (YAML or JSON)')
      .option('--input <source>', 'read this instead of the rule file\'s source (.csv, .tsv, .jsonl, db.sqlite#table, postgres://…#table)')
      .option('--max-rejects <limit>', 'most rejected rows allowed (10 or 5%); over it the command exits 1'),
  )
    .addHelpText('after', '\nExamples:\n  $ steward import rules/contacts.yaml --input legacy/export.csv\n  $ steward import jobs/legacy.yaml --workspace /tmp/legacy.db --json')
    .action((rulesFile: string, flags: JobFlags) =>
      run(async () => {
        const { importJob } = await import('../../pipeline.js');
        return runWithSummary(importJob, rulesFile, flags);
      }),
    );
}
