import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CommandOutcome } from '../main.js';
import { addWorkspaceFlags, summaryOutcome } from './job-flags.js';

interface UndoFlags {
  run?: string;
  force?: boolean;
  input?: string;
  workspace?: string;
  json?: boolean;
}

export function registerUndo(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    program
      .command('undo')
      .description('undo an in-place run from its before-images: a clean (steward normalize --in-place) or a merge (steward merge --in-place)')
      .argument('<rules>', 'rule file (YAML or JSON) whose source is the database the run changed')
      .option('--run <id>', 'the run to undo (the run id the command printed), or last for the newest in-place run with something left to undo')
      .option('--force', 'a clean: put the old values back even into cells edited since the run wrote them')
      .option('--input <source>', 'the database table the run changed, when the rule file does not name it'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ steward undo jobs/crm.yaml --run 7\n  $ steward undo jobs/crm.yaml --run last\n  $ steward undo jobs/crm.yaml --run 7 --force\n\nRuns are undone newest first. A clean whose cells were edited since is refused (exit 2, nothing changed) unless --force.\nExit codes: 0 ok, 2 usage or input error, 3 runtime failure (a failed batch is rolled back).',
    )
    .action((rulesFile: string, flags: UndoFlags) =>
      run(async () => {
        if (flags.run === undefined || (flags.run !== 'last' && !/^\d+$/.test(flags.run))) throw new InputError('BAD_FLAG', `--run must be a run id (a whole number) or last, got ${flags.run === undefined ? 'nothing' : `"${flags.run}"`}`);
        const { undoJob } = await import('../../undo-jobs.js');
        const id = flags.run === 'last' ? 'last' : Number(flags.run);
        return summaryOutcome((onProgress) => undoJob(rulesFile, { run: id, force: flags.force, input: flags.input, workspace: flags.workspace, onProgress }), flags.json);
      }),
    );
}
