import { InputError } from '../../errors.js';
import type { ResolvedMerge, ResolvedRules } from '../../rules/resolved.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { StageOptions } from '../import/import-stage.js';
import { planHash, writeGolden } from './golden-store.js';
import { loadMergeInput } from './merge-input.js';
import { buildMergePlan, fieldRules, type MergePlan } from './merge-plan.js';
import { isFlagged } from './in-place/row-codec.js';

export interface PlannedMerge {
  readonly plan: MergePlan;
  /** In place with a soft-delete flag: records an earlier merge flagged, left out of the plan. */
  readonly alreadyMergedAway: number;
  readonly hash: string;
  /** The fields merged and the dedupe run whose clusters were used. */
  readonly fields: readonly string[];
  readonly clustersRun: number;
}

export function requireMerge(rules: ResolvedRules): ResolvedMerge {
  if (!rules.merge) throw new InputError('NO_MERGE', 'the rule file has no merge: section (survivor and field rules); extends: contacts brings sensible defaults');
  return rules.merge;
}

/** The columns a union keeps other values in: what an earlier merge kept there is merged again, never dropped. */
export function unionColumns(merge: ResolvedMerge, fields: readonly string[]): Set<string> {
  const columns = new Set<string>();
  for (const rule of fieldRules(merge, fields).values()) if (rule.name === 'union') for (const c of [...rule.into, ...(rule.list ? [rule.list] : [])]) columns.add(c);
  return columns;
}

/**
 * The merge plan of the workspace's records and clusters (nothing written). With `inPlace` and a soft-delete
 * flag, the rows an earlier merge flagged are left out: they are merged away already.
 */
export async function planMerge(rules: ResolvedRules, workspace: Workspace, options: Pick<StageOptions, 'onProgress'> & { readonly inPlace?: boolean | undefined } = {}): Promise<PlannedMerge> {
  const merge = requireMerge(rules);
  options.onProgress?.({ stage: 'merge: plan', count: 0 });
  const soft = options.inPlace ? merge.inPlace.softDelete : undefined;
  const input = await loadMergeInput(workspace, (fields) => [...unionColumns(merge, fields), ...(soft ? [soft.column] : [])]);
  let { records, clusterOf } = input;
  if (soft) {
    const live = records.map((r) => !isFlagged(r.values[soft.column], soft.value));
    clusterOf = clusterOf.filter((_, i) => live[i]);
    records = records.filter((_, i) => live[i]);
  }
  const plan = buildMergePlan({ fields: input.fields, records, clusterOf }, merge);
  return { plan, hash: planHash(plan), fields: input.fields, clustersRun: input.clustersRun, alreadyMergedAway: input.records.length - records.length };
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
