import { createHash } from 'node:crypto';
import type { Workspace } from '../../workspace/workspace.js';
import { CLEAN_IN_PLACE } from './in-place/in-place-target.js';
import type { MergePlan } from './merge-plan.js';

/** A fingerprint of what a plan does (survivors, members, values): a resumed in-place merge must apply the same plan. */
export function planHash(plan: MergePlan): string {
  const hash = createHash('sha256');
  for (const c of plan.clusters) hash.update(JSON.stringify([c.goldenId, c.recordIds, c.values]));
  return hash.digest('hex').slice(0, 32);
}

/** Replaces the workspace's golden records and lineage with the plan's, in one transaction. */
export async function writeGolden(workspace: Workspace, plan: MergePlan, mergeRun: number): Promise<void> {
  await workspace.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('stw_golden').execute();
    await trx.deleteFrom('stw_lineage').execute();
    const insertGolden = workspace.prepare<[string, number, number, string, string, string, string, string | null]>(
      trx.insertInto('stw_golden').values({ golden_id: '', merge_run: 0, seq: 0, cluster_id: '', record_ids: '', data: '', lineage: '', conflicts: null }),
    );
    const insertLineage = workspace.prepare<[string, string, string]>(trx.insertInto('stw_lineage').values({ record_id: '', golden_id: '', role: '' }));
    for (const c of plan.clusters) {
      const lineage: Record<string, [string, string]> = {};
      for (const [column, entry] of Object.entries(c.lineage)) lineage[column] = [entry.record, entry.rule];
      insertGolden(c.goldenId, mergeRun, c.first, c.clusterId, c.recordIds.join(';'), JSON.stringify(c.values), JSON.stringify(lineage), c.conflicts.length > 0 ? JSON.stringify(c.conflicts) : null);
      c.recordIds.forEach((id, i) => insertLineage(id, c.goldenId, i === 0 ? 'survivor' : 'merged'));
    }
  });
}

/**
 * The merge run whose golden records are current: the newest merge, made from the clusters the workspace
 * holds now (a later import or dedupe makes it stale) and not undone. A clean in place is no merge.
 */
export async function currentGoldenRun(workspace: Workspace): Promise<{ id: number; columns: string[] } | undefined> {
  const merge = await workspace.db.selectFrom('stw_merge_runs').selectAll().where('mode', '!=', CLEAN_IN_PLACE).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!merge || merge.status === 'undone' || merge.status === 'failed') return undefined;
  const clusters = await workspace.db.selectFrom('stw_clusters').select((eb) => eb.fn.max('run_id').as('run')).where('side', '=', 0).executeTakeFirst();
  if (clusters?.run !== merge.clusters_run) return undefined;
  const golden = await workspace.db.selectFrom('stw_golden').select('merge_run').limit(1).executeTakeFirst();
  if (golden?.merge_run !== merge.id) return undefined;
  return { id: merge.id, columns: (JSON.parse(merge.details ?? '{}') as { columns?: string[] }).columns ?? [] };
}
