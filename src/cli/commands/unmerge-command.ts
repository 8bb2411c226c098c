import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CommandOutcome } from '../main.js';
import { addWorkspaceFlags, summaryOutcome } from './job-flags.js';

interface UnmergeFlags {
  run?: string;
  golden?: string;
  input?: string;
  workspace?: string;
  json?: boolean;
}

export function registerUnmerge(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    program
      .command('unmerge')
      .description('undo an in-place merge from its before-images: deleted rows back, related rows pointed back, survivors\' old values')
      .argument('<rules>', 'rule file (YAML or JSON) whose source is the database the merge changed')
      .option('--run <id>', 'the merge run to undo (steward merge --in-place prints it), or last for the newest in-place merge')
      .option('--golden <id>', 'undo only the cluster merged into this golden record')
      .option('--input <source>', 'the database table the merge changed, when the rule file does not name it'),
  )
    .addHelpText('after', '\nExamples:\n  $ steward unmerge jobs/crm.yaml --run 4\n  $ steward unmerge jobs/crm.yaml --run last\n  $ steward unmerge jobs/crm.yaml --golden C-1001\n\nExit codes: 0 ok, 2 usage or input error, 3 runtime failure (a failed batch is rolled back).')
    .action((rulesFile: string, flags: UnmergeFlags) =>
      run(async () => {
        if (flags.run !== undefined && flags.run !== 'last' && !/^\d+$/.test(flags.run)) throw new InputError('BAD_FLAG', `--run must be a merge run id (a whole number) or last, got "${flags.run}"`);
        const { unmergeJob } = await import('../../merge-jobs.js');
        const mergeRun = flags.run === undefined || flags.run === 'last' ? flags.run : Number(flags.run);
        return summaryOutcome((onProgress) => unmergeJob(rulesFile, { run: mergeRun, golden: flags.golden, input: flags.input, workspace: flags.workspace, onProgress }), flags.json);
      }),
    );
}
