import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CommandOutcome } from '../main.js';

export function registerEvaluate(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  program
    .command('evaluate')
    .description('pairwise precision, recall and F1 of a clusters file against the truth')
    .option('--clusters <file>', 'record_id,cluster_id (as steward dedupe --clusters-out writes it)')
    .option('--truth <file>', 'record_id,entity_id, or true pairs id_a,id_b')
    .option('--json', 'print the figures as JSON')
    .addHelpText('after', '\nExample:\n  $ steward evaluate --clusters clusters.csv --truth truth.csv')
    .action((flags: { clusters?: string; truth?: string; json?: boolean }) =>
      run(async () => {
        if (!flags.clusters || !flags.truth) throw new InputError('BAD_FLAG', 'evaluate needs --clusters FILE and --truth FILE');
        const { evaluateFiles } = await import('../../dedupe-jobs.js');
        const { renderEvaluation } = await import('../render-dedupe.js');
        const evaluation = evaluateFiles(flags.clusters, flags.truth);
        return { exitCode: 0, text: renderEvaluation(evaluation), json: evaluation, wantsJson: Boolean(flags.json) };
      }),
    );
}
