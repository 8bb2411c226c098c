import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { rulesArgument } from './dedupe-command.js';
import { count } from '../../wording.js';

export function registerReview(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  const review = program.command('review').description('reviewers\' decisions on uncertain pairs');
  review
    .command('apply')
    .description('store match/distinct decisions (a filled-in --review-out file) and cluster the last dedupe (or --link run) again with them as must-link / cannot-link')
    .argument('<decisions>', 'CSV with id_a, id_b and decision (match, distinct, or empty to skip)')
    .option('--rules <file>', 'rule file (YAML or JSON)')
    .option('--workspace <path>', 'workspace SQLite file (default: .steward/<job>.db beside the rule file)')
    .option('--clusters-out <file>', 'write the new record_id,cluster_id (after a --link run: the records of both sides, as it wrote them)')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExample:\n  $ steward review apply review.csv --rules rules/contacts.yaml --clusters-out clusters.csv')
    .action((decisions: string, flags: { rules?: string; workspace?: string; clustersOut?: string; json?: boolean }) =>
      run(async () => {
        const rulesFile = rulesArgument(undefined, flags.rules);
        const { applyReview, dedupeJob } = await import('../../dedupe-jobs.js');
        const { renderSummary, summaryJson } = await import('../render.js');
        const stored = await applyReview(rulesFile, decisions, { workspace: flags.workspace });
        // Cluster the last dedupe (or link) again, with every stored decision binding.
        const summary = await dedupeJob(rulesFile, { workspace: flags.workspace, clustersOut: flags.clustersOut, again: true });
        const text = `✔ review apply: ${count(stored.stored, 'decision')} stored (${stored.matches} match, ${stored.distinct} distinct; ${count(stored.skipped, 'row')} left undecided)\n${renderSummary(summary)}`;
        return { exitCode: 0, text, json: { decisions: stored, ...summaryJson(summary) }, wantsJson: Boolean(flags.json) };
      }),
    );
}
