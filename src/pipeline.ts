import { InputError, RuntimeFailure, StewardError } from './errors.js';
import { applyOverrides, type RuleOverrides } from './rules/overrides.js';
import { loadRules } from './rules/loader.js';
import type { ResolvedRules } from './rules/resolved.js';
import { redactSecrets, redactUrl } from './redact.js';
import { importSource, type ImportResult, type ProgressEvent } from './stages/import/import-stage.js';
import { exportRecords, type ExportResult } from './stages/export/export-stage.js';
import { hasNormalizers, normalizeRecords, requireNormalizers, type NormalizeResult } from './stages/normalize/normalize-stage.js';
import { dedupeCounts, summarizeDedupe, type DedupeSummary } from './dedupe-jobs.js';
import { dedupeRecords, type DedupeResult } from './stages/dedupe/dedupe-stage.js';
import type { MergeSummary } from './merge-jobs.js';
import type { CleanSummary } from './clean-jobs.js';
import { mergeRecords } from './stages/merge/merge-stage.js';
import { finishRun, openWorkspace, startRun, type Workspace } from './workspace/workspace.js';

/** Stages in pipeline order. Export is not listed: it always ends a run that has a target. */
export const PIPELINE_STAGES = ['import', 'normalize', 'dedupe', 'merge'] as const;
export const UNTIL_CHOICES = [...PIPELINE_STAGES, 'export'] as const;

export interface RunOptions extends RuleOverrides {
  readonly until?: string | undefined;
  readonly onProgress?: ((event: ProgressEvent) => void) | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface RunSummary {
  readonly job: string;
  readonly command: string;
  /** ok, or thresholds when a limit was breached (exit code 1). */
  readonly status: 'ok' | 'thresholds';
  readonly runId: number;
  readonly workspace: string;
  readonly stages: readonly string[];
  readonly counts: {
    read?: number;
    loaded?: number;
    rejected?: number;
    normalized?: number;
    flagged?: number;
    records?: number;
    candidate_pairs?: number;
    clusters?: number;
    duplicates?: number;
    /** Uncertain pairs not decided yet; decided_pairs: those a reviewer decided (review apply). */
    review_pairs?: number;
    decided_pairs?: number;
    /** records = golden + merged_away. */
    golden?: number;
    merged_away?: number;
    conflicts?: number;
    /** unmerge: rows put back. */
    restored?: number;
    /** normalize --in-place: rows whose cells were written, and the cells; read is the rows read. */
    rows_changed?: number;
    cells_changed?: number;
    /** undo of a clean in place: rows and cells given back their old values. */
    rows_restored?: number;
    cells_restored?: number;
    written?: number;
    /** Export: rows a database target refused (a value that does not fit its column); exported = written + target_rejected. A multi-table export counts records. */
    target_rejected?: number;
  };
  readonly seconds: number;
  readonly import?: ImportResult | undefined;
  /** dedupe --link: the linked file's import (its counts are in `counts` too, added to the main source's). */
  readonly link?: ImportResult | undefined;
  readonly normalize?: NormalizeResult | undefined;
  readonly export?: ExportResult | undefined;
  readonly dedupe?: DedupeSummary | undefined;
  readonly merge?: MergeSummary | undefined;
  readonly clean?: CleanSummary | undefined;
  readonly messages: readonly string[];
}

export function loadWith(rulesFile: string, options: RunOptions): ResolvedRules {
  const rules = loadRules(rulesFile, { ...(options.env ? { env: options.env } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
  return applyOverrides(rules, options);
}

export async function withRun<T extends Omit<RunSummary, 'runId' | 'seconds' | 'workspace' | 'job' | 'command'>>(
  rules: ResolvedRules,
  command: string,
  body: (workspace: Workspace, runId: number) => Promise<T>,
): Promise<RunSummary> {
  const started = process.hrtime.bigint();
  const workspace = await openWorkspace(rules.workspace);
  let runId = 0;
  try {
    runId = await startRun(workspace, rules.job, command, {
      rules: rules.files,
      source: rules.source?.location ? { kind: rules.source.kind, location: redactUrl(rules.source.location) } : null,
      target: rules.target ? { kind: rules.target.kind, location: redactUrl(rules.target.location), table: rules.target.table } : null,
    });
    const result = await body(workspace, runId);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await finishRun(workspace, runId, result.status, result.counts);
    return { job: rules.job, command, runId, workspace: rules.workspace, seconds: Math.round(seconds * 1000) / 1000, ...result };
  } catch (error) {
    if (runId > 0) await finishRun(workspace, runId, 'failed', { error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    throw scrub(error, rules.secrets);
  } finally {
    await workspace.close();
  }
}

/** Secrets from ${ENV} never reach a message, whatever threw. */
function scrub(error: unknown, secrets: readonly string[]): unknown {
  if (error instanceof StewardError) {
    const message = redactSecrets(error.message, secrets);
    if (message !== error.message) Object.defineProperty(error, 'message', { value: message });
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RuntimeFailure('UNEXPECTED', redactSecrets(message, secrets), {}, { cause: error });
}

/** What the export's summary adds: the counts, and whether it resumed an interrupted run. */
function exportOutcome(result: ExportResult): { counts: Pick<RunSummary['counts'], 'written' | 'target_rejected'>; messages: string[] } {
  const messages: string[] = [];
  if (result.resumedAt !== undefined) messages.push(`resumed at row ${result.resumedAt + 1}: rows 1 to ${result.resumedAt} were written by the interrupted run`);
  if (result.restarted) messages.push('the interrupted run\'s checkpoint no longer matches the records to export: everything was written again');
  const unit = result.tables ? 'record' : 'row';
  if (result.counts.rejected > 0) messages.push(`${result.counts.rejected} ${unit}${result.counts.rejected === 1 ? '' : 's'} rejected by the target (values that do not fit their columns): see stw_export_rejects in the workspace`);
  return { counts: { written: result.counts.written, target_rejected: result.counts.rejected }, messages };
}

function importMessages(result: ImportResult): string[] {
  const messages: string[] = [];
  if (result.counts.read === 0) messages.push(`the source has no rows${Object.keys(result.mapping).length === 0 && result.unmappedColumns.length === 0 ? ' and no header line (an empty file?)' : ''}`);
  if (result.rejectLimit?.breached) {
    messages.push(`rejects over the limit: ${result.counts.rejected} of ${result.counts.read} rows rejected, the limit (source.max_rejects or --max-rejects) is ${result.rejectLimit.limit}`);
  }
  return messages;
}

/** `steward import`: source -> workspace. */
export async function importJob(rulesFile: string, options: RunOptions = {}): Promise<RunSummary> {
  const rules = loadWith(rulesFile, options);
  return withRun(rules, 'import', async (workspace, runId) => {
    const result = await importSource(rules, workspace, { runId, onProgress: options.onProgress });
    return { status: result.rejectLimit?.breached ? 'thresholds' : 'ok', stages: ['import'], counts: { ...result.counts }, import: result, messages: importMessages(result) };
  });
}

/** `steward export`: workspace -> target. */
export async function exportJob(rulesFile: string, options: RunOptions = {}): Promise<RunSummary> {
  const rules = loadWith(rulesFile, options);
  return withRun(rules, 'export', async (workspace, runId) => {
    const result = await exportRecords(rules, workspace, { runId, onProgress: options.onProgress });
    const { counts, messages } = exportOutcome(result);
    return { status: 'ok', stages: ['export'], counts, export: result, messages };
  });
}

/** `steward run`: every stage the rule file declares, up to --until, then export. */
export async function runJob(rulesFile: string, options: RunOptions = {}): Promise<RunSummary> {
  if (options.until !== undefined && !(UNTIL_CHOICES as readonly string[]).includes(options.until)) {
    throw new InputError('BAD_FLAG', `--until must be one of ${UNTIL_CHOICES.join(', ')}, got "${options.until}"`);
  }
  const rules = loadWith(rulesFile, options);
  const until = options.until ?? 'export';
  const reaches = (stage: string) => UNTIL_CHOICES.indexOf(stage as (typeof UNTIL_CHOICES)[number]) <= UNTIL_CHOICES.indexOf(until as (typeof UNTIL_CHOICES)[number]);
  return withRun(rules, 'run', async (workspace, runId) => {
    if (reaches('export') && rules.target?.tables) await (await import('./stages/export/multi-table/export-to-tables.js')).checkTablesTarget(rules);
    const imported = await importSource(rules, workspace, { runId, onProgress: options.onProgress });
    const messages = importMessages(imported);
    const stages: string[] = ['import'];
    const counts: RunSummary['counts'] = { ...imported.counts };
    if (imported.rejectLimit?.breached) {
      messages.push('nothing exported: fix the rejected rows or raise source.max_rejects');
      return { status: 'thresholds', stages, counts: { ...counts, written: 0 }, import: imported, messages };
    }
    let normalized: NormalizeResult | undefined;
    if (reaches('normalize') && hasNormalizers(rules)) {
      normalized = await normalizeRecords(rules, workspace, { runId, onProgress: options.onProgress });
      stages.push('normalize');
      counts.normalized = normalized.counts.changed;
      counts.flagged = normalized.counts.flags;
    }
    // Nothing loaded (a header only, or every row rejected): nothing to compare or merge, and an empty target is written.
    const empty = imported.counts.loaded === 0;
    if (empty && ((reaches('dedupe') && rules.dedupe) || (reaches('merge') && rules.merge))) messages.push('no records loaded: dedupe and merge skipped (nothing to compare)');
    let deduped: DedupeResult | undefined;
    if (reaches('dedupe') && rules.dedupe && !empty) {
      deduped = await dedupeRecords(rules, workspace, undefined, { runId, onProgress: options.onProgress });
      stages.push('dedupe');
      Object.assign(counts, dedupeCounts(deduped));
    }
    const dedupe = deduped ? summarizeDedupe(deduped, {}) : undefined;
    let merge: MergeSummary | undefined;
    if (deduped && reaches('merge') && rules.merge) {
      const { plan } = await mergeRecords(rules, workspace, { runId, onProgress: options.onProgress });
      stages.push('merge');
      Object.assign(counts, { golden: plan.counts.golden, merged_away: plan.counts.mergedAway, conflicts: plan.counts.conflicts });
      merge = { mode: 'workspace', mergeRun: runId, survivor: plan.survivor, tieBreakers: plan.tieBreakers, rules: plan.rules, counts: plan.counts, clusters: [] };
    }
    if (!rules.target) {
      messages.push(`no target: the ${merge ? 'golden ' : ''}records stay in the workspace (add target: to the rule file or pass --output)`);
      return { status: 'ok', stages, counts: { ...counts, written: 0 }, import: imported, normalize: normalized, dedupe, merge, messages };
    }
    const exported = await exportRecords(rules, workspace, { runId, onProgress: options.onProgress });
    stages.push(exported.rows === 'golden' ? 'export (golden records)' : 'export');
    const outcome = exportOutcome(exported);
    return { status: 'ok', stages, counts: { ...counts, ...outcome.counts }, import: imported, normalize: normalized, dedupe, merge, export: exported, messages: [...messages, ...outcome.messages] };
  });
}

/** `steward normalize`: normalizes the workspace's records (or, with dryRun, only reports what it would change). */
export async function normalizeJob(rulesFile: string, options: RunOptions & { dryRun?: boolean } = {}): Promise<RunSummary> {
  const rules = loadWith(rulesFile, options);
  requireNormalizers(rules);
  return withRun(rules, options.dryRun ? 'normalize --dry-run' : 'normalize', async (workspace, runId) => {
    const result = await normalizeRecords(rules, workspace, { runId, onProgress: options.onProgress, dryRun: options.dryRun ?? false });
    return {
      status: 'ok',
      stages: ['normalize'],
      counts: { normalized: result.counts.changed, flagged: result.counts.flags },
      normalize: result,
      messages: options.dryRun ? ['dry run: nothing was written'] : [],
    };
  });
}

/** `steward check`: the resolved rules, or a RulesError with every issue. */
export function checkRules(rulesFile: string, options: { env?: Readonly<Record<string, string | undefined>>; cwd?: string } = {}): ResolvedRules {
  return loadRules(rulesFile, options);
}
