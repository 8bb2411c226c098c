import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CommandOutcome } from '../main.js';
import { addWorkspaceFlags } from './job-flags.js';

interface DedupeFlags {
  rules?: string;
  input?: string;
  link?: string;
  idColumn?: string;
  clustersOut?: string;
  pairsOut?: string;
  pairsMin?: string;
  reviewOut?: string;
  model?: string;
  modelOut?: string;
  labels?: string;
  analyzeBlocking?: boolean;
  workspace?: string;
  json?: boolean;
}

/** The rule file: --rules, or the positional argument. */
export function rulesArgument(positional: string | undefined, flag: string | undefined): string {
  const file = flag ?? positional;
  if (!file) throw new InputError('NO_RULES', 'which rule file? give --rules FILE (for example --rules rules/contacts.yaml)');
  return file;
}

export function registerDedupe(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  addWorkspaceFlags(
    program
      .command('dedupe')
      .description('find records that are the same person or company: blocking, comparisons, an unsupervised model, clusters')
      .argument('[rules]', 'rule file (YAML or JSON); or --rules')
      .option('--rules <file>', 'rule file (YAML or JSON)')
      .option('--input <source>', "import and normalize this first (else the workspace's records are used)")
      .option('--link <file>', 'link mode: find the records of this file that match the input (pairs only across the two)')
      .option('--id-column <column>', 'the column holding record ids (replaces source.id)')
      .option('--clusters-out <file>', 'write record_id,cluster_id for every record (singletons too)')
      .option('--pairs-out <file>', 'write the scored candidate pairs with each comparison\'s level')
      .option('--pairs-min <probability>', 'lowest probability written to --pairs-out (default: the review threshold; 0 for all)')
      .option('--review-out <file>', 'write the uncertain pairs side by side, with a decision column for steward review apply')
      .option('--model <file>', 'score with this trained model (from --model-out) instead of training one')
      .option('--model-out <file>', 'save the trained model as JSON')
      .option('--labels <file>', 'true pairs (id_a,id_b) you have: train the m-probabilities from them instead of EM')
      .option('--analyze-blocking', 'only count the candidate pairs each blocking rule produces, before any comparison'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ steward dedupe --rules rules/contacts.yaml --input contacts.csv --clusters-out clusters.csv\n  $ steward dedupe --rules rules/contacts.yaml --input contacts.csv --analyze-blocking\n  $ steward dedupe --rules rules/contacts.yaml --input legacy.csv --link crm-export.csv --clusters-out links.csv --review-out review.csv\n\nExit codes: 0 ok, 2 rule file or input error, 3 runtime failure.',
    )
    .action((positional: string | undefined, flags: DedupeFlags) =>
      run(async () => {
        const rulesFile = rulesArgument(positional, flags.rules);
        const pairsMin = flags.pairsMin === undefined ? undefined : Number(flags.pairsMin);
        if (pairsMin !== undefined && !(pairsMin >= 0 && pairsMin <= 1)) throw new InputError('BAD_FLAG', `--pairs-min must be a probability from 0 to 1, got "${flags.pairsMin}"`);
        const { dedupeJob } = await import('../../dedupe-jobs.js');
        const { createProgress } = await import('../progress.js');
        const { renderSummary, summaryJson } = await import('../render.js');
        const progress = await createProgress();
        try {
          const summary = await dedupeJob(rulesFile, {
            input: flags.input,
            link: flags.link,
            idColumn: flags.idColumn,
            workspace: flags.workspace,
            clustersOut: flags.clustersOut,
            pairsOut: flags.pairsOut,
            pairsMin,
            reviewOut: flags.reviewOut,
            modelFile: flags.model,
            modelOut: flags.modelOut,
            labels: flags.labels,
            analyzeBlocking: flags.analyzeBlocking,
            onProgress: progress.onProgress,
          });
          progress.stop();
          return { exitCode: summary.status === 'ok' ? 0 : 1, text: renderSummary(summary), json: summaryJson(summary), wantsJson: Boolean(flags.json) };
        } finally {
          progress.stop();
        }
      }),
    );
}
