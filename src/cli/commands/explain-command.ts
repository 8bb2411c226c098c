import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { rulesArgument } from './dedupe-command.js';

export function registerExplain(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  program
    .command('explain')
    .description('explain how the model scores two records: each comparison\'s level, its weight and the running total')
    .argument('<id-a>', 'record id')
    .argument('<id-b>', 'record id')
    .option('--rules <file>', 'rule file (YAML or JSON)')
    .option('--workspace <path>', 'workspace SQLite file (default: .steward/<job>.db beside the rule file)')
    .option('--model <file>', 'use this model file instead of the workspace\'s newest')
    .option('--json', 'print the explanation as JSON')
    .addHelpText('after', '\nExample:\n  $ steward explain --rules rules/contacts.yaml C-1001 C-1187')
    .action((idA: string, idB: string, flags: { rules?: string; workspace?: string; model?: string; json?: boolean }) =>
      run(async () => {
        const { explainPair } = await import('../../dedupe-jobs.js');
        const { renderExplanation } = await import('../render-dedupe.js');
        const explanation = await explainPair(rulesArgument(undefined, flags.rules), idA, idB, { workspace: flags.workspace, modelFile: flags.model });
        return { exitCode: 0, text: renderExplanation(explanation), json: explanation, wantsJson: Boolean(flags.json) };
      }),
    );
}
