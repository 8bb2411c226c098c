import { InputError } from '../../errors.js';
import type { ResolvedMerge, ResolvedRules } from '../../rules/resolved.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { StageOptions } from '../import/import-stage.js';
import { planHash, writeGolden } from './golden-store.js';
import { loadMergeInput } from './merge-input.js';
import { buildMergePlan, type MergePlan } from './merge-plan.js';

export interface PlannedMerge {
  readonly plan: MergePlan;
  readonly hash: string;
  /** The fields merged and the dedupe run whose clusters were used. */
  readonly fields: readonly string[];
  readonly clustersRun: number;
}

export function requireMerge(rules: ResolvedRules): ResolvedMerge {
  if (!rules.merge) throw new InputError('NO_MERGE', 'the rule file has no merge: section (survivor and field rules); extends: contacts brings sensible defaults');
  return rules.merge;
}

/** The merge plan of the workspace's records and clusters (nothing written). */
export async function planMerge(rules: ResolvedRules, workspace: Workspace, options: Pick<StageOptions, 'onProgress'> = {}): Promise<PlannedMerge> {
  const merge = requireMerge(rules);
  options.onProgress?.({ stage: 'merge: plan', count: 0 });
  const input = await loadMergeInput(workspace);
  const plan = buildMergePlan(input, merge);
  return { plan, hash: planHash(plan), fields: input.fields, clustersRun: input.clustersRun };
}

/** Records a merge run and replaces the workspace's golden records and lineage with the plan's. */
export async function storeMerge(
  workspace: Workspace,
  runId: number,
  planned: PlannedMerge,
  run: { readonly mode: 'workspace' | 'in_place'; readonly status: string; readonly target?: string | undefined; readonly details?: Readonly<Record<string, unknown>> | undefined },
): Promise<void> {
  await workspace.db
    .insertInto('stw_merge_runs')
    .values({
      id: runId,
      mode: run.mode,
      target: run.target ?? null,
      clusters_run: planned.clustersRun,
      plan_hash: planned.hash,
      status: run.status,
      counts: JSON.stringify(planned.plan.counts),
      details: JSON.stringify({ columns: planned.plan.columns, ...run.details }),
    })
    .execute();
  await writeGolden(workspace, planned.plan, runId);
}

/** The merge stage of steward run: plan, then golden records and lineage in the workspace. */
export async function mergeRecords(rules: ResolvedRules, workspace: Workspace, options: StageOptions): Promise<PlannedMerge> {
  const planned = await planMerge(rules, workspace, options);
  await storeMerge(workspace, options.runId, planned, { mode: 'workspace', status: 'complete' });
  return planned;
}
