import { InputError } from './errors.js';
import { loadWith, withRun, type RunOptions, type RunSummary } from './pipeline.js';
import { CLEAN_IN_PLACE, openSourceDatabase, requireDatabaseSource } from './stages/merge/in-place/in-place-target.js';
import { cleanInPlace, type CleanResult } from './stages/normalize/in-place/clean-in-place.js';
import { resolveCleanLayout, type CleanLayout } from './stages/normalize/in-place/clean-layout.js';
import { createFieldPipelines } from './stages/normalize/field-pipelines.js';
import { requireNormalizers } from './stages/normalize/normalize-stage.js';

/** Rows per transaction when --batch-size is not given. */
export const CLEAN_BATCH_SIZE = 1000;

export interface CleanJobOptions extends RunOptions {
  /** Count and show what would change; write nothing. */
  readonly dryRun?: boolean | undefined;
  /** Rows per database transaction. */
  readonly batchSize?: number | undefined;
}

export interface CleanSummary {
  readonly dryRun: boolean;
  /** The run to undo (steward undo --run), when something was written. */
  readonly run?: number | undefined;
  readonly target: string;
  readonly layout: CleanLayout;
  readonly batchSize: number;
  /** Rows whose key is empty: they cannot be found again, so they are left as they are. */
  readonly rowsWithoutKey: number;
  readonly counts: CleanResult['counts'];
  readonly byField: CleanResult['byField'];
  readonly samples: CleanResult['samples'];
}

const PURPOSE = { what: 'a clean in place', instead: 'Normalize into the workspace and export instead (steward run, or steward normalize without --in-place then steward export)' };

/**
 * `steward normalize --in-place`: normalizes the rule file's source table where it is and writes back only the
 * cells that change, batch by batch, with before-images for steward undo. With dryRun: the counts and samples,
 * nothing written.
 */
export async function cleanJob(rulesFile: string, options: CleanJobOptions = {}): Promise<RunSummary> {
  const rules = loadWith(rulesFile, options);
  requireNormalizers(rules);
  requireDatabaseSource(rules, PURPOSE);
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? CLEAN_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError('BAD_FLAG', `the batch size must be a whole number from 1, got ${batchSize}`);
  return withRun(rules, dryRun ? 'normalize --in-place --dry-run' : 'normalize --in-place', async (workspace, runId) => {
    const database = await openSourceDatabase(rules, !dryRun);
    try {
      const { layout, rowsWithoutKey } = await resolveCleanLayout(rules, database);
      const run = (status: string, counts?: unknown) =>
        workspace.db.updateTable('stw_merge_runs').set({ status, ...(counts ? { counts: JSON.stringify(counts) } : {}) }).where('id', '=', runId).execute();
      if (!dryRun) {
        await workspace.db
          .insertInto('stw_merge_runs')
          .values({ id: runId, mode: CLEAN_IN_PLACE, target: database.display, clusters_run: runId, plan_hash: '', status: 'running', counts: null, details: JSON.stringify({ layout, batchSize }) })
          .execute();
      }
      let result: CleanResult;
      try {
        result = await cleanInPlace(workspace, database, layout, createFieldPipelines(rules.fields), { run: runId, batchSize, dryRun, onProgress: options.onProgress });
      } catch (error) {
        if (!dryRun) await run('failed');
        throw error;
      }
      if (!dryRun) await run('complete', result.counts);
      const messages: string[] = [];
      const typed = Object.entries(layout.typed);
      if (typed.length > 0) messages.push(`column${typed.length === 1 ? '' : 's'} ${typed.map(([column, type]) => `${column} (${type})`).join(', ')} ${typed.length === 1 ? 'does' : 'do'} not hold text: read for the other fields, never written`);
      if (rowsWithoutKey > 0) messages.push(`${rowsWithoutKey} row${rowsWithoutKey === 1 ? ' has' : 's have'} no ${layout.key}: ${rowsWithoutKey === 1 ? 'it' : 'they'} cannot be found again, so ${rowsWithoutKey === 1 ? 'it was' : 'they were'} left as ${rowsWithoutKey === 1 ? 'it is' : 'they are'}`);
      if (dryRun) messages.push('dry run: nothing was written');
      else if (result.counts.cellsChanged > 0) messages.push(`undo with: steward undo ${rulesFile} --run ${runId}`);
      const c = result.counts;
      return {
        status: 'ok',
        stages: [dryRun ? 'normalize in place (dry run)' : 'normalize in place'],
        counts: { read: c.rowsRead, rows_changed: c.rowsChanged, cells_changed: c.cellsChanged },
        clean: { dryRun, run: dryRun ? undefined : runId, target: database.display, layout, batchSize, rowsWithoutKey, counts: c, byField: result.byField, samples: result.samples },
        messages,
      };
    } finally {
      await database.handle.close();
    }
  });
}
