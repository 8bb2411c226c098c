import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeTextFile } from './audit/write-report.js';
import { parse } from 'csv-parse/sync';
import { InputError } from './errors.js';
import { count } from './wording.js';
import { blockPairs, type OversizedBlock, type RuleStats } from './matching/blocking.js';
import { evaluateClusters, type Evaluation, type Truth } from './matching/evaluate.js';
import { comparePairs, levelWeight, MIN_SESSION_PAIRS, priorWeight, termFrequencies, toProbability, type MatchModel } from './matching/fellegi-sunter.js';
import { NULL_LEVEL } from './matching/types.js';
import { applyOverrides } from './rules/overrides.js';
import { loadRules, shippedRulesDir } from './rules/loader.js';
import { importSource, type ImportResult } from './stages/import/import-stage.js';
import { hasNormalizers, normalizeRecords } from './stages/normalize/normalize-stage.js';
import {
  checkModel,
  createBlockingRules,
  createComparisons,
  dedupeRecords,
  lastDedupe,
  loadDedupeInput,
  matchKeys,
  requireDedupe,
  type DedupeResult,
} from './stages/dedupe/dedupe-stage.js';
import { writeClusters, writePairs, writeReview } from './stages/dedupe/dedupe-outputs.js';
import { loadWith, withRun, type RunOptions, type RunSummary } from './pipeline.js';
import { finishRun, openWorkspace, startRun, type Workspace } from './workspace/workspace.js';
import type { ResolvedDedupe, ResolvedRules } from './rules/resolved.js';

export interface DedupeOptions extends RunOptions {
  /** A second file to link the input against (link mode): pairs only across the two. */
  readonly link?: string | undefined;
  readonly clustersOut?: string | undefined;
  readonly pairsOut?: string | undefined;
  /** Lowest probability written to --pairs-out; default the review threshold. */
  readonly pairsMin?: number | undefined;
  readonly reviewOut?: string | undefined;
  readonly modelFile?: string | undefined;
  readonly modelOut?: string | undefined;
  /** A file of true pairs (id_a,id_b) to train m from. */
  readonly labels?: string | undefined;
  readonly analyzeBlocking?: boolean | undefined;
  /**
   * Review apply: cluster the last dedupe again as it was (no import; the workspace's records, the link file's
   * too when the last run linked one, and the last run's model), with the stored decisions binding.
   */
  readonly again?: boolean | undefined;
}

export interface DedupeSummary {
  readonly mode: 'dedupe' | 'link';
  readonly analyzeOnly: boolean;
  readonly counts: Partial<DedupeResult['counts']> & { readonly records: number; readonly candidatePairs: number };
  readonly rules: readonly RuleStats[];
  readonly oversized: readonly OversizedBlock[];
  readonly model?: {
    readonly lambda: number;
    readonly candidateLambda: number;
    readonly iterations: number;
    readonly converged: boolean;
    readonly mFrom: string;
    /** Comparisons whose m is the fixed default: too few candidate pairs to learn it. */
    readonly priors: readonly string[];
    readonly comparisons: readonly { readonly name: string; readonly method: string; readonly levels: readonly { label: string; m: number; u: number; weight: number }[] }[];
  };
  readonly thresholds?: DedupeResult['thresholds'];
  readonly refused: DedupeResult['refused'];
  readonly seconds: Readonly<Record<string, number>>;
  readonly outputs: Readonly<Record<string, { readonly file: string; readonly rows: number }>>;
}

/**
 * The --link file's source: the rule file's source options with the file as location. Its id column is the first
 * present of the main source's id (source.id or --id-column), then the shipped id spellings (rules/contacts.yaml):
 * a CRM table keyed by `id` and a file of leads keyed by `Lead ID` each keep their own id.
 */
function linkSource(rules: ResolvedRules, file: string, cwd: string | undefined): ResolvedRules {
  const linkRules = applyOverrides(rules, { input: file, cwd });
  const shipped = loadRules(path.join(shippedRulesDir, 'contacts.yaml')).source?.id?.columns ?? [];
  const columns = [...new Set([...(linkRules.source?.id?.columns ?? []), ...shipped])];
  return { ...linkRules, source: { ...linkRules.source!, id: { columns, strict: false } } };
}

/** The workspace the --link file is imported into, beside the main one. */
export function linkWorkspacePath(workspace: string): string {
  return workspace.replace(/(\.db)?$/, '.link.db');
}

async function importAndNormalize(rules: ResolvedRules, workspace: Workspace, runId: number, options: RunOptions) {
  const imported = await importSource(rules, workspace, { runId, onProgress: options.onProgress });
  const normalized = hasNormalizers(rules) ? await normalizeRecords(rules, workspace, { runId, onProgress: options.onProgress }) : undefined;
  return { imported, normalized };
}

/** The rows of a small CSV a person hands in (labels, truth, clusters, decisions), cells trimmed. */
function readCsvRows(file: string, what: string): string[][] {
  try {
    return parse(readFileSync(file), { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    throw new InputError('BAD_FILE', `cannot read ${what} ${file}: ${(error as Error).message}`, { file });
  }
}

function readPairsFile(file: string, what: string): [string, string][] {
  const rows = readCsvRows(file, what);
  const header = rows[0]?.map((h) => h.toLowerCase()) ?? [];
  const ia = header.indexOf('id_a');
  const ib = header.indexOf('id_b');
  if (ia < 0 || ib < 0) throw new InputError('BAD_FILE', `${what} ${file} needs the columns id_a and id_b, got ${JSON.stringify(rows[0] ?? [])}`, { file, line: 1 });
  return rows.slice(1).map((r) => [r[ia] ?? '', r[ib] ?? ''] as [string, string]).filter(([a, b]) => a !== '' && b !== '');
}

function modelSummary(model: MatchModel): NonNullable<DedupeSummary['model']> {
  return {
    lambda: model.lambda,
    candidateLambda: model.training.candidateLambda,
    iterations: model.training.iterations,
    converged: model.training.converged,
    mFrom: model.training.mFrom,
    priors: model.training.priors ?? [],
    comparisons: model.comparisons.map((c, i) => ({
      name: c.name,
      method: c.method,
      levels: c.levels.map((label, l) => ({ label, m: c.m[l]!, u: c.u[l]!, weight: levelWeight(model, i, l) })),
    })),
  };
}

/** The dedupe figures a run summary's counts carry. */
export function dedupeCounts(result: DedupeResult): Pick<RunSummary['counts'], 'records' | 'candidate_pairs' | 'clusters' | 'duplicates' | 'review_pairs' | 'decided_pairs'> {
  const c = result.counts;
  return { records: c.records, candidate_pairs: c.candidatePairs, clusters: c.clusters, duplicates: c.duplicates, review_pairs: c.reviewPairs, decided_pairs: c.decidedPairs };
}

export function summarizeDedupe(result: DedupeResult, outputs: DedupeSummary['outputs']): DedupeSummary {
  return {
    mode: result.mode,
    analyzeOnly: false,
    counts: result.counts,
    rules: result.blocking.rules,
    oversized: result.blocking.oversized,
    model: modelSummary(result.model),
    thresholds: result.thresholds,
    refused: result.refused,
    seconds: result.seconds,
    outputs,
  };
}

/** `steward dedupe`: import (when --input is given) and normalize, then block, compare, train, score and cluster. */
export async function dedupeJob(rulesFile: string, options: DedupeOptions = {}): Promise<RunSummary> {
  const rules = loadWith(rulesFile, options);
  const dedupe = requireDedupe(rules);
  if (options.link !== undefined && options.input === undefined && !rules.source?.location) {
    throw new InputError('NO_SOURCE', '--link needs the records to link it against: give --input FILE too');
  }
  return withRun(rules, options.analyzeBlocking ? 'dedupe --analyze-blocking' : 'dedupe', async (workspace, runId) => {
    const stages: string[] = [];
    const counts: RunSummary['counts'] = {};
    let imported;
    let normalized;
    if (!options.again && (options.input !== undefined || rules.source?.location)) {
      ({ imported, normalized } = await importAndNormalize(rules, workspace, runId, options));
      stages.push('import', ...(normalized ? ['normalize'] : []));
      Object.assign(counts, imported.counts);
      if (normalized) Object.assign(counts, { normalized: normalized.counts.changed, flagged: normalized.counts.flags });
    }
    let link: Workspace | undefined;
    let linked: ImportResult | undefined;
    try {
      if (options.link !== undefined) {
        const linkRules = linkSource(rules, options.link, options.cwd);
        link = await openWorkspace(linkWorkspacePath(workspace.file));
        const linkRun = await startRun(link, rules.job, 'dedupe --link', { source: linkRules.source?.location ? { kind: linkRules.source.kind, location: linkRules.source.location } : null });
        const side = await importAndNormalize(linkRules, link, linkRun, options);
        await finishRun(link, linkRun, 'ok', side.imported.counts);
        linked = side.imported;
        counts.read = (counts.read ?? 0) + side.imported.counts.read;
        counts.loaded = (counts.loaded ?? 0) + side.imported.counts.loaded;
        counts.rejected = (counts.rejected ?? 0) + side.imported.counts.rejected;
      }
      let lastModel: MatchModel | undefined;
      if (options.again) {
        const last = await lastDedupe(workspace, dedupe);
        lastModel = last.model;
        if (last.linked) {
          const linkFile = linkWorkspacePath(workspace.file);
          if (!existsSync(linkFile)) throw new InputError('NO_LINK_WORKSPACE', `the last dedupe linked a file, but its records (${linkFile}) are gone; run steward dedupe --link FILE again`, { file: linkFile });
          link = await openWorkspace(linkFile);
        }
      }
      const messages: string[] = [];
      if (linked?.idColumn === null) {
        messages.push(`the linked file ${options.link} has none of the id columns (source.id, then the shipped id spellings): its records are named by row number; add its id column to source.id as a list ([id, Lead No])`);
      }
      if (options.analyzeBlocking) {
        const input = await loadDedupeInput(workspace, link, matchKeys(dedupe));
        const blocked = blockPairs(createBlockingRules(dedupe), input.records, { maxBlockSize: dedupe.maxBlockSize, side: input.side, countOnly: true });
        stages.push('dedupe (blocking only)');
        Object.assign(counts, { records: input.records.length, candidate_pairs: blocked.count });
        const summary: DedupeSummary = {
          mode: input.side ? 'link' : 'dedupe',
          analyzeOnly: true,
          counts: { records: input.records.length, candidatePairs: blocked.count },
          rules: blocked.rules,
          oversized: blocked.oversized,
          refused: [],
          seconds: {},
          outputs: {},
        };
        for (const o of blocked.oversized.slice(0, 5)) messages.push(`block "${o.key}" of rule ${o.rule} has ${o.size} records (${o.pairs} pairs), over max_block_size ${dedupe.maxBlockSize}: skipped`);
        return { status: 'ok', stages, counts, import: imported, link: linked, normalize: normalized, dedupe: summary, messages };
      }
      const labels = options.labels ? readPairsFile(options.labels, 'the labels file') : undefined;
      const result = await dedupeRecords(rules, workspace, link, { runId, onProgress: options.onProgress, modelFile: options.modelFile, model: lastModel, labels });
      stages.push('dedupe');
      const outputs: Record<string, { file: string; rows: number }> = {};
      if (options.clustersOut) outputs['clusters'] = { file: options.clustersOut, rows: await writeClusters(options.clustersOut, result) };
      if (options.pairsOut) outputs['pairs'] = { file: options.pairsOut, rows: await writePairs(options.pairsOut, result, options.pairsMin ?? dedupe.thresholds.review) };
      if (options.reviewOut) outputs['review'] = { file: options.reviewOut, rows: await writeReview(options.reviewOut, result) };
      if (options.modelOut) {
        await writeTextFile(options.modelOut, `${JSON.stringify(result.model, null, 2)}\n`);
        outputs['model'] = { file: options.modelOut, rows: 1 };
      }
      Object.assign(counts, dedupeCounts(result));
      for (const o of result.blocking.oversized.slice(0, 5)) messages.push(`block "${o.key}" of rule ${o.rule} has ${o.size} records (${o.pairs} pairs), over max_block_size ${dedupe.maxBlockSize}: skipped, its pairs were not compared`);
      if (result.blocking.oversized.length > 5) messages.push(`… ${result.blocking.oversized.length - 5} more oversized blocks (steward dedupe --analyze-blocking lists them)`);
      const priors = result.model.training.priors ?? [];
      if (result.model.training.mFrom === 'em' && priors.length > 0) {
        const which = priors.length === result.comparisons.length ? 'every comparison' : priors.join(', ');
        messages.push(
          `too few pairs to learn the model from: ${count(result.model.training.candidatePairs, 'candidate pair')}, fewer than ${MIN_SESSION_PAIRS} in each blocking rule's blocks; ${which} used fixed default probabilities (matches agree 9 times in 10). Better: --model with a model saved from a bigger run (--model-out)`,
        );
      }
      if (!result.model.training.converged) messages.push(`the model did not converge in ${result.model.training.iterations} EM iterations (dedupe.em.max_iterations)`);
      const summary = summarizeDedupe(result, outputs);
      return { status: 'ok', stages, counts, import: imported, link: linked, normalize: normalized, dedupe: summary, messages };
    } finally {
      await link?.close();
    }
  });
}

export interface PairExplanation {
  readonly idA: string;
  readonly idB: string;
  readonly prior: number;
  readonly steps: readonly { readonly name: string; readonly method: string; readonly valueA: string; readonly valueB: string; readonly level: string; readonly description: string; readonly weight: number; readonly total: number; readonly termFrequency?: number | undefined }[];
  readonly weight: number;
  readonly probability: number;
  readonly decision: 'match' | 'review' | 'distinct';
  readonly cluster: { readonly a?: string | undefined; readonly b?: string | undefined };
  readonly thresholds: DedupeResult['thresholds'];
}

/** `steward explain A B`: each comparison's level, its weight and the running total, from the workspace's model. */
export async function explainPair(rulesFile: string, idA: string, idB: string, options: RunOptions & { modelFile?: string | undefined } = {}): Promise<PairExplanation> {
  const rules = loadWith(rulesFile, options);
  const dedupe = requireDedupe(rules);
  const workspace = await openWorkspace(rules.workspace);
  let link: Workspace | undefined;
  try {
    const linkFile = linkWorkspacePath(workspace.file);
    if (existsSync(linkFile)) link = await openWorkspace(linkFile);
    const input = await loadDedupeInput(workspace, link, matchKeys(dedupe));
    const comparisons = createComparisons(dedupe);
    let model: MatchModel;
    if (options.modelFile) {
      model = JSON.parse(readFileSync(options.modelFile, 'utf8')) as MatchModel;
      checkModel(model, comparisons, options.modelFile);
    } else {
      const row = await workspace.db.selectFrom('stw_models').select('model').orderBy('id', 'desc').executeTakeFirst();
      if (!row) throw new InputError('NO_MODEL', `the workspace ${workspace.file} holds no model yet; run steward dedupe first`);
      model = JSON.parse(row.model) as MatchModel;
      checkModel(model, comparisons, workspace.file);
    }
    const index = new Map<string, number>();
    input.ids.forEach((id, i) => index.set(id, i));
    const i = index.get(idA);
    const j = index.get(idB);
    for (const [id, at] of [[idA, i], [idB, j]] as const) {
      if (at === undefined) throw new InputError('UNKNOWN_RECORD', `no record "${id}" in the workspace ${workspace.file}`, { record: id });
    }
    const levels = comparePairs(comparisons, input.records, Int32Array.of(i!), Int32Array.of(j!));
    const tf = termFrequencies(comparisons, model, input.records);
    const ra = input.records[i!]!;
    const rb = input.records[j!]!;
    const prior = priorWeight(model);
    let total = prior;
    const steps = comparisons.map((c, k) => {
      const level = levels[k]!;
      const share = level === 0 && tf[k] && !Number.isNaN(tf[k]![i!]!) ? tf[k]![i!]! : undefined;
      const weight = levelWeight(model, k, level, share);
      total += weight;
      const show = (r: typeof ra) => c.reads.map((f) => r[f]).filter((v) => v !== undefined).slice(0, 1).join('') || '';
      return {
        name: c.name,
        method: c.method,
        valueA: show(ra),
        valueB: show(rb),
        level: level === NULL_LEVEL ? 'null' : c.levels[level]!.label,
        description: level === NULL_LEVEL ? 'one side has no value: no evidence either way' : c.levels[level]!.description,
        weight,
        total,
        termFrequency: share,
      };
    });
    const probability = toProbability(total);
    const cluster = await workspace.db.selectFrom('stw_clusters').select(['record_id', 'cluster_id']).where('record_id', 'in', [idA, idB]).execute();
    return {
      idA,
      idB,
      prior,
      steps,
      weight: total,
      probability,
      decision: probability >= dedupe.thresholds.match ? 'match' : probability >= dedupe.thresholds.review ? 'review' : 'distinct',
      cluster: { a: cluster.find((c) => c.record_id === idA)?.cluster_id, b: cluster.find((c) => c.record_id === idB)?.cluster_id },
      thresholds: dedupe.thresholds,
    };
  } finally {
    await link?.close();
    await workspace.close();
  }
}

/** `steward evaluate`: pairwise precision, recall and F1 of a clusters file against the truth. */
export function evaluateFiles(clustersFile: string, truthFile: string): Evaluation & { readonly truthKind: Truth['kind'] } {
  const clusterRows = readCsvRows(clustersFile, 'the clusters file');
  const ch = clusterRows[0]?.map((h) => h.toLowerCase()) ?? [];
  if (ch[0] !== 'record_id' || ch[1] !== 'cluster_id') throw new InputError('BAD_FILE', `the clusters file ${clustersFile} needs the header record_id,cluster_id, got ${JSON.stringify(clusterRows[0] ?? [])}`, { file: clustersFile, line: 1 });
  const clusterOf = new Map<string, string>();
  for (const row of clusterRows.slice(1)) if (row[0]) clusterOf.set(row[0], row[1] ?? row[0]);
  const truthRows = readCsvRows(truthFile, 'the truth file');
  const th = truthRows[0]?.map((h) => h.toLowerCase()) ?? [];
  let truth: Truth;
  if (th.includes('id_a') && th.includes('id_b')) {
    const ia = th.indexOf('id_a');
    const ib = th.indexOf('id_b');
    truth = { kind: 'pairs', pairs: truthRows.slice(1).map((r) => [r[ia] ?? '', r[ib] ?? ''] as const).filter(([a, b]) => a && b) };
  } else if (th.length >= 2) {
    const entityOf = new Map<string, string>();
    for (const row of truthRows.slice(1)) if (row[0]) entityOf.set(row[0], row[1] ?? '');
    truth = { kind: 'entities', entityOf };
  } else {
    throw new InputError('BAD_FILE', `the truth file ${truthFile} needs record_id,entity_id or id_a,id_b columns, got ${JSON.stringify(truthRows[0] ?? [])}`, { file: truthFile, line: 1 });
  }
  return { ...evaluateClusters(clusterOf, truth), truthKind: truth.kind };
}

/** The ids (with their lines) that are records of neither the workspace nor, after a link run, the linked file. */
async function unknownIds(workspace: Workspace, dedupe: ResolvedDedupe, named: readonly { id: string; line: number }[]): Promise<{ id: string; line: number }[]> {
  const known = new Set<string>();
  const wanted = [...new Set(named.map((n) => n.id).filter((id) => id !== ''))];
  const linkFile = linkWorkspacePath(workspace.file);
  const link = (await lastDedupe(workspace, dedupe)).linked && existsSync(linkFile) ? await openWorkspace(linkFile) : undefined;
  try {
    for (const side of link ? [workspace, link] : [workspace]) {
      for (let i = 0; i < wanted.length; i += 500) {
        const found = await side.db.selectFrom('stw_records').select('source_id').where('source_id', 'in', wanted.slice(i, i + 500)).execute();
        for (const row of found) known.add(row.source_id);
      }
    }
  } finally {
    await link?.close();
  }
  return named.filter((n) => !known.has(n.id));
}

/** `steward review apply`: stores the reviewers' decisions; the next dedupe (or this one's re-clustering) honours them. */
export async function applyReview(rulesFile: string, decisionsFile: string, options: RunOptions = {}): Promise<{ readonly stored: number; readonly matches: number; readonly distinct: number; readonly skipped: number; readonly workspace: string }> {
  const rules = loadWith(rulesFile, options);
  const dedupe = requireDedupe(rules);
  const rows = readCsvRows(decisionsFile, 'the decisions');
  const header = rows[0]?.map((h) => h.toLowerCase()) ?? [];
  const [ia, ib, id] = ['id_a', 'id_b', 'decision'].map((c) => header.indexOf(c));
  if (ia! < 0 || ib! < 0 || id! < 0) throw new InputError('BAD_FILE', `the decisions ${decisionsFile} need the columns id_a, id_b and decision (as steward dedupe --review-out writes them), got ${JSON.stringify(rows[0] ?? [])}`, { file: decisionsFile, line: 1 });
  const decisions: { id_a: string; id_b: string; decision: string }[] = [];
  const named: { id: string; line: number }[] = [];
  let skipped = 0;
  rows.slice(1).forEach((row, r) => {
    const decision = (row[id!] ?? '').toLowerCase();
    if (decision === '') return void skipped++;
    if (decision !== 'match' && decision !== 'distinct') {
      throw new InputError('BAD_DECISION', `decision must be match, distinct or empty, got ${JSON.stringify(row[id!])}`, { file: decisionsFile, line: r + 2 });
    }
    const a = row[ia!] ?? '';
    const b = row[ib!] ?? '';
    named.push({ id: a, line: r + 2 }, { id: b, line: r + 2 });
    decisions.push(a <= b ? { id_a: a, id_b: b, decision } : { id_a: b, id_b: a, decision });
  });
  const workspace = await openWorkspace(rules.workspace);
  try {
    const unknown = await unknownIds(workspace, dedupe, named);
    if (unknown.length > 0) {
      const listed = unknown.map((u) => `${JSON.stringify(u.id)} (${decisionsFile}:${u.line})`);
      throw new InputError(
        'UNKNOWN_RECORD',
        `the decisions name ${unknown.length === 1 ? 'an id' : `${unknown.length} ids`} in neither source of the last dedupe: ${listed.join(', ')}; nothing was stored. Decide pairs of the --review-out file, or check the ids`,
        { file: decisionsFile, line: unknown[0]!.line },
      );
    }
    const now = new Date().toISOString();
    await workspace.db.transaction().execute(async (trx) => {
      for (const d of decisions) {
        await trx
          .insertInto('stw_decisions')
          .values({ ...d, decided_at: now })
          .onConflict((oc) => oc.columns(['id_a', 'id_b']).doUpdateSet({ decision: d.decision, decided_at: now }))
          .execute();
      }
    });
  } finally {
    await workspace.close();
  }
  return { stored: decisions.length, matches: decisions.filter((d) => d.decision === 'match').length, distinct: decisions.filter((d) => d.decision === 'distinct').length, skipped, workspace: rules.workspace };
}
