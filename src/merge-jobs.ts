import { writeTextFile } from './audit/write-report.js';
import { InputError } from './errors.js';
import { dedupeCounts } from './dedupe-jobs.js';
import { loadWith, withRun, type RunOptions, type RunSummary } from './pipeline.js';
import type { ResolvedRules } from './rules/resolved.js';
import { dedupeRecords, requireDedupe } from './stages/dedupe/dedupe-stage.js';
import { importSource } from './stages/import/import-stage.js';
import { applyInPlace, type InPlaceCounts } from './stages/merge/in-place/apply-in-place.js';
import { CLEAN_IN_PLACE, openSourceDatabase, requireDatabaseSource, resolveLayout, type InPlaceLayout } from './stages/merge/in-place/in-place-target.js';
import { settlePendingBatches, type UndoCounts } from './stages/merge/in-place/undo-in-place.js';
import { undoCounts, undoRun } from './undo-jobs.js';
import { writeGolden } from './stages/merge/golden-store.js';
import type { MergePlan, PlannedCluster } from './stages/merge/merge-plan.js';
import { planMerge, requireMerge, storeMerge, unionColumns } from './stages/merge/merge-stage.js';
import { hasNormalizers, normalizeRecords } from './stages/normalize/normalize-stage.js';
import type { Workspace } from './workspace/workspace.js';

export interface MergeOptions extends RunOptions {
  /** Build and report the plan; change nothing. */
  readonly dryRun?: boolean | undefined;
  /** Save the plan as JSON. */
  readonly planOut?: string | undefined;
  /** Merge in the CRM database the records came from, not only in the workspace. */
  readonly inPlace?: boolean | undefined;
  /** Clusters per database transaction (replaces merge.batch_size). */
  readonly batchSize?: number | undefined;
  /** How many clusters a dry run prints. */
  readonly show?: number | undefined;
}

export interface MergeSummary {
  readonly mode: 'dry-run' | 'workspace' | 'in_place';
  readonly mergeRun?: number | undefined;
  readonly survivor: string;
  readonly tieBreakers: readonly string[];
  readonly rules: Readonly<Record<string, string>>;
  readonly counts: MergePlan['counts'];
  /** Dry run: the clusters with duplicates, as many as asked for. */
  readonly clusters: readonly PlannedCluster[];
  readonly planOut?: { readonly file: string; readonly clusters: number } | undefined;
  readonly inPlace?: { readonly target: string; readonly layout: InPlaceLayout; readonly counts: InPlaceCounts; readonly resumed: boolean; readonly batchSize: number } | undefined;
}

export interface UnmergeSummary {
  readonly mergeRun: number;
  readonly golden?: string | undefined;
  readonly target: string;
  readonly counts: UndoCounts;
  readonly status: string;
}

interface MergeRunDetails {
  readonly columns: readonly string[];
  readonly layout?: InPlaceLayout;
  readonly batchSize?: number;
}

/** The newest in-place merge that has not finished (killed, or stopped by a failed batch). */
async function unfinishedInPlace(workspace: Workspace) {
  const last = await workspace.db.selectFrom('stw_merge_runs').selectAll().where('mode', '=', 'in_place').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last && (last.status === 'running' || last.status === 'failed') ? last : undefined;
}

function planJson(plan: MergePlan, clusters: readonly PlannedCluster[]) {
  return { survivor: plan.survivor, tie_breakers: plan.tieBreakers, rules: plan.rules, columns: plan.columns, counts: plan.counts, clusters };
}

/** Import, normalize and dedupe the --input first, as steward dedupe does. */
async function prepareClusters(rules: ResolvedRules, workspace: Workspace, runId: number, options: RunOptions, counts: RunSummary['counts'], stages: string[]) {
  requireDedupe(rules);
  const imported = await importSource(rules, workspace, { runId, onProgress: options.onProgress });
  Object.assign(counts, imported.counts);
  stages.push('import');
  if (hasNormalizers(rules)) {
    const normalized = await normalizeRecords(rules, workspace, { runId, onProgress: options.onProgress });
    stages.push('normalize');
    Object.assign(counts, { normalized: normalized.counts.changed, flagged: normalized.counts.flags });
  }
  const deduped = await dedupeRecords(rules, workspace, undefined, { runId, onProgress: options.onProgress });
  stages.push('dedupe');
  Object.assign(counts, dedupeCounts(deduped));
  return imported;
}

const mergeCounts = (plan: MergePlan) => ({ records: plan.counts.records, golden: plan.counts.golden, merged_away: plan.counts.mergedAway, conflicts: plan.counts.conflicts });

/**
 * `steward merge`: the merge plan from the workspace's clusters (after importing, normalizing and deduping
 * --input, when given); with dryRun only reported, else golden records and lineage written to the workspace,
 * and with inPlace the CRM table changed too, batch by batch, with before-images for steward unmerge.
 */
export async function mergeJob(rulesFile: string, options: MergeOptions = {}): Promise<RunSummary> {
  const rules = loadWith(rulesFile, options);
  const merge = requireMerge(rules);
  const command = options.dryRun ? 'merge --dry-run' : options.inPlace ? 'merge --in-place' : 'merge';
  if (options.inPlace && !options.dryRun) requireDatabaseSource(rules);
  return withRun(rules, command, async (workspace, runId) => {
    const stages: string[] = [];
    const counts: RunSummary['counts'] = {};
    const messages: string[] = [];
    let imported;
    const unfinished = options.inPlace && !options.dryRun ? await unfinishedInPlace(workspace) : undefined;
    if (options.input !== undefined && unfinished) {
      messages.push(`resuming the unfinished in-place merge of run ${unfinished.id}: --input is not imported again, so the plan stays the same`);
    } else if (options.input !== undefined) {
      imported = await prepareClusters(rules, workspace, runId, options, counts, stages);
    }
    const planned = await planMerge(rules, workspace, { onProgress: options.onProgress, inPlace: options.inPlace });
    const { plan, hash } = planned;
    stages.push(options.dryRun ? 'merge (dry run)' : options.inPlace ? 'merge in place' : 'merge');
    Object.assign(counts, mergeCounts(plan));
    if (planned.alreadyMergedAway > 0) messages.push(`${planned.alreadyMergedAway} row${planned.alreadyMergedAway === 1 ? ' is' : 's are'} flagged merged away (${merge.inPlace.softDelete!.column}) by an earlier merge: left out`);
    const multi = plan.clusters.filter((c) => c.mergedAway.length > 0);
    let planOut: MergeSummary['planOut'];
    if (options.planOut) {
      await writeTextFile(options.planOut, `${JSON.stringify(planJson(plan, multi), null, 2)}\n`);
      planOut = { file: options.planOut, clusters: multi.length };
    }
    const base = { survivor: plan.survivor, tieBreakers: plan.tieBreakers, rules: plan.rules, counts: plan.counts, planOut };
    if (options.dryRun) {
      const shown = multi.slice(0, options.show ?? 20);
      if (multi.length > shown.length) messages.push(`${multi.length - shown.length} more clusters with duplicates not shown (--show N, or --plan-out plan.json for all)`);
      messages.push('dry run: nothing was written');
      return { status: 'ok', stages, counts, import: imported, merge: { mode: 'dry-run', clusters: shown, ...base }, messages };
    }
    if (!options.inPlace) {
      await storeMerge(workspace, runId, planned, { mode: 'workspace', status: 'complete' });
      messages.push('golden records and lineage are in the workspace (stw_golden, stw_lineage, stw_field_lineage); steward export writes them');
      return { status: 'ok', stages, counts, import: imported, merge: { mode: 'workspace', mergeRun: runId, clusters: [], ...base }, messages };
    }

    const database = await openSourceDatabase(rules);
    try {
      const previous = await workspace.db.selectFrom('stw_merge_runs').selectAll().where('mode', '=', 'in_place').where('plan_hash', '=', hash).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (previous?.status === 'complete') {
        messages.push(`nothing to do: merge run ${previous.id} already merged this plan in place (steward unmerge --run ${previous.id} undoes it)`);
        const none: InPlaceCounts = { batches: 0, committed: 0, alreadyCommitted: 0, clusters: 0, survivorsUpdated: 0, rowsRemoved: 0, childRowsRepointed: 0 };
        const details = JSON.parse(previous.details ?? '{}') as MergeRunDetails;
        return { status: 'ok', stages, counts, import: imported, merge: { mode: 'in_place', mergeRun: previous.id, clusters: [], ...base, inPlace: { target: database.display, layout: details.layout!, counts: none, resumed: false, batchSize: details.batchSize ?? merge.batchSize } }, messages };
      }
      if (previous?.status === 'partly_undone') {
        throw new InputError(
          'PARTLY_UNDONE',
          `merge run ${previous.id} merged this plan in place and was then partly undone (steward unmerge --golden): its other clusters are still merged. Undo the rest (steward unmerge ${rulesFile} --run ${previous.id}) or import the table again (--input) before merging again`,
        );
      }
      let mergeRun = runId;
      let layout: InPlaceLayout;
      let batchSize = options.batchSize ?? merge.batchSize;
      const resumed = previous !== undefined && (previous.status === 'running' || previous.status === 'failed');
      if (resumed) {
        // The same plan, the same batches: the layout and batch size it started with.
        const details = JSON.parse(previous.details ?? '{}') as MergeRunDetails;
        mergeRun = previous.id;
        batchSize = details.batchSize ?? batchSize;
        // Worked out again: the cause of a failed batch may have been fixed in the rule file (a related table
        // declared). The committed batches' before-images hold their own related rows; the table, its key and the
        // soft-delete flag must stay what they were.
        const started = details.layout!;
        layout = await resolveLayout(rules, merge, workspace, database, plan.columns);
        if (layout.table !== started.table || layout.key !== started.key || JSON.stringify(layout.softDelete ?? null) !== JSON.stringify(started.softDelete ?? null)) {
          throw new InputError(
            'LAYOUT_CHANGED',
            `merge run ${mergeRun} started on table ${started.table} (key ${started.key}${started.softDelete ? `, soft delete ${started.softDelete.column}` : ''}) and the rule file now says ${layout.table} (key ${layout.key}${layout.softDelete ? `, soft delete ${layout.softDelete.column}` : ''}); put it back to finish the run, or undo it first (steward unmerge ${rulesFile} --run ${mergeRun})`,
          );
        }
        await workspace.db.updateTable('stw_merge_runs').set({ details: JSON.stringify({ ...details, layout }) }).where('id', '=', mergeRun).execute();
        const settled = await settlePendingBatches(workspace, database, layout, mergeRun);
        messages.push(`resumed merge run ${mergeRun}${settled.committed + settled.dropped > 0 ? `: of the batches it left pending, ${settled.committed} had committed and ${settled.dropped} had not` : ''}`);
        await workspace.db.updateTable('stw_merge_runs').set({ status: 'running' }).where('id', '=', mergeRun).execute();
      } else {
        if (unfinished) messages.push(`merge run ${unfinished.id} did not finish and had another plan; its committed batches stay merged (steward unmerge --run ${unfinished.id} undoes them)`);
        layout = await resolveLayout(rules, merge, workspace, database, plan.columns);
        await storeMerge(workspace, runId, planned, { mode: 'in_place', status: 'running', target: database.display, details: { layout, batchSize } });
      }
      if (resumed) await writeGolden(workspace, plan, mergeRun);
      let result: InPlaceCounts;
      try {
        result = await applyInPlace(workspace, database, layout, plan.clusters, unionColumns(merge, planned.fields), { mergeRun, batchSize, onProgress: options.onProgress });
      } catch (error) {
        await workspace.db.updateTable('stw_merge_runs').set({ status: 'failed' }).where('id', '=', mergeRun).execute();
        throw error;
      }
      await workspace.db.updateTable('stw_merge_runs').set({ status: 'complete' }).where('id', '=', mergeRun).execute();
      messages.push(`undo with: steward unmerge ${rulesFile} --run ${mergeRun} (or --golden ID for one cluster)`);
      return { status: 'ok', stages, counts, import: imported, merge: { mode: 'in_place', mergeRun, clusters: [], ...base, inPlace: { target: database.display, layout, counts: result, resumed, batchSize } }, messages };
    } finally {
      await database.handle.close();
    }
  });
}

/** `steward unmerge`: restores what an in-place merge run changed (or one golden record's cluster), exactly. */
export async function unmergeJob(rulesFile: string, options: RunOptions & { readonly run?: number | 'last' | undefined; readonly golden?: string | undefined } = {}): Promise<RunSummary & { readonly unmerge?: UnmergeSummary }> {
  if (options.run === undefined && options.golden === undefined) throw new InputError('BAD_FLAG', 'which merge to undo? give --run RUN (the merge run id the merge printed) or --golden ID (one golden record)');
  const rules = loadWith(rulesFile, options);
  let unmerge: UnmergeSummary | undefined;
  const summary = await withRun(rules, options.golden !== undefined ? 'unmerge --golden' : 'unmerge', async (workspace) => {
    let mergeRun = options.run === 'last' ? undefined : options.run;
    if (options.run === 'last') {
      const last = await workspace.db.selectFrom('stw_merge_runs').select('id').where('mode', '=', 'in_place').orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!last) throw new InputError('UNKNOWN_RUN', `the workspace ${workspace.file} holds no in-place merge to undo`);
      mergeRun = last.id;
    } else if (mergeRun === undefined) {
      const row = await workspace.db
        .selectFrom('stw_merge_log')
        .select('merge_run')
        .where('golden_id', '=', options.golden!)
        .where('undone_at', 'is', null)
        // A clean logs its rows by key under the same column: only merges are looked at.
        .where('merge_run', 'in', workspace.db.selectFrom('stw_merge_runs').select('id').where('mode', '=', 'in_place'))
        .orderBy('merge_run', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) throw new InputError('NOT_MERGED', `no in-place merge in the workspace ${workspace.file} merged golden record "${options.golden}" (or it was already unmerged)`, { record: options.golden });
      mergeRun = row.merge_run;
    }
    const run = await workspace.db.selectFrom('stw_merge_runs').selectAll().where('id', '=', mergeRun).executeTakeFirst();
    if (!run) {
      const known = (await workspace.db.selectFrom('stw_merge_runs').select(['id', 'mode']).where('mode', '=', 'in_place').execute()).map((r) => r.id);
      throw new InputError('UNKNOWN_RUN', `no merge run ${mergeRun} in the workspace ${workspace.file}; in-place merge runs there: ${known.join(', ') || '(none)'}`);
    }
    if (run.mode === CLEAN_IN_PLACE) throw new InputError('NOT_A_MERGE', `run ${mergeRun} cleaned the table in place (steward normalize --in-place), it merged nothing; undo it with steward undo ${rulesFile} --run ${mergeRun}`);
    if (run.mode !== 'in_place') throw new InputError('NOT_IN_PLACE', `merge run ${mergeRun} merged in the workspace only; there is nothing to undo in a database (merge again, or export the records)`);
    const undone = await undoRun(rules, rulesFile, workspace, run, { golden: options.golden, onProgress: options.onProgress });
    const { counts, status, target } = undone;
    unmerge = { mergeRun: run.id, golden: options.golden, target, counts, status };
    return {
      status: 'ok' as const,
      stages: ['unmerge'],
      counts: undoCounts(undone),
      messages: counts.alreadyRestored > 0 ? [`${counts.alreadyRestored} cluster${counts.alreadyRestored === 1 ? ' was' : 's were'} already restored by an interrupted unmerge`] : [],
    };
  });
  return { ...summary, unmerge };
}
