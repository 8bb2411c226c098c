import { InputError } from './errors.js';
import { loadWith, withRun, type RunOptions, type RunSummary } from './pipeline.js';
import type { ResolvedRules } from './rules/resolved.js';
import { CLEAN_IN_PLACE, IN_PLACE_MODES, openSourceDatabase, type InPlaceLayout } from './stages/merge/in-place/in-place-target.js';
import { undoInPlace, type UndoCounts } from './stages/merge/in-place/undo-in-place.js';
import type { Workspace } from './workspace/workspace.js';
import type { WorkspaceDatabase } from './workspace/workspace-schema.js';
import type { Selectable } from 'kysely';

export type InPlaceRun = Selectable<WorkspaceDatabase['stw_merge_runs']>;

export interface UndoSummary {
  readonly run: number;
  /** What the run did: merged clusters, or cleaned cells. */
  readonly kind: 'merge' | 'clean';
  readonly golden?: string | undefined;
  readonly target: string;
  readonly counts: UndoCounts;
  /** undone, or partly_undone (steward unmerge --golden). */
  readonly status: string;
}

const kindOf = (run: InPlaceRun): UndoSummary['kind'] => (run.mode === CLEAN_IN_PLACE ? 'clean' : 'merge');

/**
 * Puts back what one in-place run (a merge, a clean) changed, from its before-images. Runs are undone newest
 * first: a later in-place run still in effect may have changed the same rows again, so this one is refused until
 * that one is undone. The source must be the database the run changed.
 */
export async function undoRun(rules: ResolvedRules, rulesFile: string, workspace: Workspace, run: InPlaceRun, options: { readonly golden?: string | undefined; readonly force?: boolean | undefined; readonly onProgress?: RunOptions['onProgress'] }): Promise<UndoSummary> {
  const later = await workspace.db
    .selectFrom('stw_merge_runs as r')
    .innerJoin('stw_merge_batches as b', 'b.merge_run', 'r.id')
    .select(['r.id', 'r.mode'])
    .distinct()
    .where('r.mode', 'in', IN_PLACE_MODES)
    .where('r.id', '>', run.id)
    // A batch a killed run left pending may have committed in the database.
    .where('b.status', 'in', ['committed', 'pending'])
    .orderBy('r.id', 'desc')
    .execute();
  if (later.length > 0) {
    const ids = later.map((r) => r.id);
    const command = (r: { id: number; mode: string }) => (r.mode === CLEAN_IN_PLACE ? `steward undo ${rulesFile} --run ${r.id}` : `steward unmerge ${rulesFile} --run ${r.id}`);
    const what = later.every((r) => r.mode === 'in_place') ? 'merge run' : 'in-place run';
    throw new InputError(
      'LATER_MERGE_IN_PLACE',
      `${what}${ids.length === 1 ? '' : 's'} ${ids.join(', ')} ${what === 'merge run' ? 'merged' : 'changed the table'} in place after run ${run.id} and ${ids.length === 1 ? 'is' : 'are'} not undone; ${ids.length === 1 ? 'it' : 'they'} may have changed the same rows again, so undo ${ids.length === 1 ? 'it' : 'them'} first, newest first (${command(later[0]!)}); nothing was changed`,
    );
  }
  const details = JSON.parse(run.details ?? '{}') as { layout?: InPlaceLayout };
  const database = await openSourceDatabase(rules);
  try {
    if (run.target !== null && run.target !== database.display) {
      throw new InputError('OTHER_DATABASE', `run ${run.id} changed ${run.target}, but the rule file's source is ${database.display}; point the source (or --input) at the database the run changed`);
    }
    const counts = await undoInPlace(workspace, database, details.layout!, run.id, { golden: options.golden, force: options.force, onProgress: options.onProgress });
    const left = await workspace.db
      .selectFrom('stw_merge_log as l')
      .innerJoin('stw_merge_batches as b', (join) => join.onRef('b.merge_run', '=', 'l.merge_run').onRef('b.batch', '=', 'l.batch'))
      .select('l.golden_id')
      .where('l.merge_run', '=', run.id)
      .where('b.status', '=', 'committed')
      .where('l.undone_at', 'is', null)
      .limit(1)
      .execute();
    const status = left.length === 0 ? 'undone' : 'partly_undone';
    await workspace.db.updateTable('stw_merge_runs').set({ status }).where('id', '=', run.id).execute();
    return { run: run.id, kind: kindOf(run), golden: options.golden, target: database.display, counts, status };
  } finally {
    await database.handle.close();
  }
}

/** The newest in-place run (a merge or a clean) with something left to undo. */
async function lastUndoable(workspace: Workspace): Promise<number> {
  const last = await workspace.db
    .selectFrom('stw_merge_runs as r')
    .innerJoin('stw_merge_batches as b', 'b.merge_run', 'r.id')
    .select('r.id')
    .where('r.mode', 'in', IN_PLACE_MODES)
    .where('b.status', 'in', ['committed', 'pending'])
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) throw new InputError('NOTHING_TO_UNDO', `the workspace ${workspace.file} holds no in-place run (steward merge --in-place, steward normalize --in-place) with anything left to undo`);
  return last.id;
}

/** The counts of an undo, for the summary: rows given back their old values, and for a merge the rows put back. */
export function undoCounts(undo: UndoSummary): RunSummary['counts'] {
  return undo.kind === 'clean' ? { rows_restored: undo.counts.survivorsRestored, cells_restored: undo.counts.cellsRestored } : { golden: undo.counts.clusters, restored: undo.counts.rowsRestored };
}

/**
 * `steward undo`: puts back what an in-place run changed, whichever it was: a clean (steward normalize
 * --in-place: each cell's old value, refused over cells edited since unless force) or a merge (as steward unmerge
 * does). `last` is the newest run with something left to undo, so undoing `last` again and again goes back run
 * by run.
 */
export async function undoJob(rulesFile: string, options: RunOptions & { readonly run?: number | 'last' | undefined; readonly force?: boolean | undefined } = {}): Promise<RunSummary & { readonly undo?: UndoSummary }> {
  if (options.run === undefined) throw new InputError('BAD_FLAG', 'which run to undo? give --run RUN (the run id steward normalize --in-place or steward merge --in-place printed) or --run last');
  const rules = loadWith(rulesFile, options);
  let undo: UndoSummary | undefined;
  const summary = await withRun(rules, 'undo', async (workspace) => {
    const id = options.run === 'last' ? await lastUndoable(workspace) : (options.run as number);
    const run = await workspace.db.selectFrom('stw_merge_runs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!run || !IN_PLACE_MODES.includes(run.mode)) {
      const known = (await workspace.db.selectFrom('stw_merge_runs').select('id').where('mode', 'in', IN_PLACE_MODES).execute()).map((r) => r.id);
      throw new InputError('UNKNOWN_RUN', `run ${id} changed no database in place${run ? ' (it merged in the workspace only: there is nothing to undo in a database)' : ''}; in-place runs in the workspace ${workspace.file}: ${known.join(', ') || '(none)'}`);
    }
    undo = await undoRun(rules, rulesFile, workspace, run, { force: options.force, onProgress: options.onProgress });
    const messages: string[] = [];
    if (undo.counts.overwritten > 0) messages.push(`--force: ${undo.counts.overwritten} row${undo.counts.overwritten === 1 ? ' was' : 's were'} edited since the run and got the old values back all the same`);
    if (undo.counts.alreadyRestored > 0) messages.push(`${undo.counts.alreadyRestored} ${undo.kind === 'clean' ? 'row' : 'cluster'}${undo.counts.alreadyRestored === 1 ? ' was' : 's were'} already restored by an interrupted undo`);
    return { status: 'ok' as const, stages: [undo.kind === 'clean' ? 'undo clean in place' : 'unmerge'], counts: undoCounts(undo), messages };
  });
  return { ...summary, undo };
}
