import { readFileSync } from 'node:fs';
import { InputError } from '../../errors.js';
import { getComparator } from '../../matching/comparators/registry.js';
import { parseKeyPart, type BlockingKeyPart } from '../../matching/blocking-keys.js';
import { blockPairs, type BlockingResult, type BlockingRule } from '../../matching/blocking.js';
import { clusterRecords } from '../../matching/clustering.js';
import {
  comparePairs,
  countPatterns,
  createScorer,
  estimateLambda,
  sampleRandomPairs,
  uFromLevels,
  mFromLabels,
  termFrequencies,
  toProbability,
  trainEmSessions,
  type MatchModel,
} from '../../matching/fellegi-sunter.js';
import type { Comparison, MatchRecord } from '../../matching/types.js';
import type { ResolvedDedupe, ResolvedRules } from '../../rules/resolved.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { StageOptions } from '../import/import-stage.js';
import { loadMatchRecords } from './match-records.js';
import { comparePairsInParallel, sharedInt32, workerCount } from './parallel-compare.js';

export interface DedupeInput {
  readonly ids: readonly string[];
  readonly records: readonly MatchRecord[];
  /** Link mode: 0 for the records, 1 for the --link file's records. */
  readonly side?: Uint8Array | undefined;
}

export interface ScoredPairs {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly weight: Float64Array;
  readonly levels: Int8Array;
}

export interface DedupeResult {
  readonly mode: 'dedupe' | 'link';
  readonly counts: {
    readonly records: number;
    readonly candidatePairs: number;
    readonly matchPairs: number;
    /** Pairs between the review and match thresholds that no stored decision covers yet. */
    readonly reviewPairs: number;
    /** Pairs between the review and match thresholds that a reviewer already decided. */
    readonly decidedPairs: number;
    readonly clusters: number;
    readonly multiRecordClusters: number;
    /** Records that are not the first of their cluster: what a merge would fold away. */
    readonly duplicates: number;
    readonly refusedLinks: number;
  };
  readonly blocking: Pick<BlockingResult, 'rules' | 'oversized'>;
  readonly model: MatchModel;
  readonly seconds: Readonly<Record<string, number>>;
  readonly comparisons: readonly Comparison[];
  readonly input: DedupeInput;
  readonly pairs: ScoredPairs;
  readonly clusterOf: Int32Array;
  readonly refused: readonly { readonly idA: string; readonly idB: string; readonly probability: number; readonly conflict: readonly [string, string] }[];
  readonly thresholds: ResolvedDedupe['thresholds'];
  /** The reviewers' decisions by pair (decisionKey), for the review file. */
  readonly decided: ReadonlyMap<string, string>;
}

/** The key of a pair's decision: both ids, the smaller first, as review apply stores them. */
export function decisionKey(idA: string, idB: string): string {
  return idA <= idB ? `${idA}\u0000${idB}` : `${idB}\u0000${idA}`;
}

export interface DedupeStageOptions extends StageOptions {
  /** A model file (from --model-out or the workspace) to score with instead of training. */
  readonly modelFile?: string | undefined;
  /** A model to score with instead of training (review apply: the last run's, from the workspace). */
  readonly model?: MatchModel | undefined;
  /** Labelled true pairs (id_a,id_b) to train m from instead of EM. */
  readonly labels?: readonly (readonly [string, string])[] | undefined;
  /** Reviewers' decisions: must-link and cannot-link by record id. */
  readonly decisions?: readonly { readonly idA: string; readonly idB: string; readonly decision: string }[] | undefined;
}

export function requireDedupe(rules: ResolvedRules): ResolvedDedupe {
  if (!rules.dedupe) throw new InputError('NO_DEDUPE', 'the rule file has no dedupe: section (blocking and compare); extends: contacts brings sensible defaults');
  return rules.dedupe;
}

export function createComparisons(dedupe: ResolvedDedupe): Comparison[] {
  return dedupe.compare.map((c) => getComparator(c.method).create(c.options, c.field, c.name));
}

export function createBlockingRules(dedupe: ResolvedDedupe): BlockingRule[] {
  return dedupe.blocking.map((rule) => ({ text: rule.text, parts: rule.parts.map((p) => parseKeyPart(p) as BlockingKeyPart) }));
}

/** Every record key the dedupe rules read: comparisons' fields and keys, and blocking keys. */
export function matchKeys(dedupe: ResolvedDedupe): Set<string> {
  const keys = new Set<string>();
  for (const comparison of createComparisons(dedupe)) for (const key of comparison.reads) keys.add(key);
  for (const rule of createBlockingRules(dedupe)) for (const part of rule.parts) keys.add(part.key);
  return keys;
}

/** The records of the workspace, and of the link workspace after them (side 1); with `keys`, only those keys. */
export async function loadDedupeInput(main: Workspace, link?: Workspace, keys?: ReadonlySet<string>): Promise<DedupeInput> {
  const left = await loadMatchRecords(main, keys);
  if (!link) return left;
  const right = await loadMatchRecords(link, keys);
  const side = new Uint8Array(left.ids.length + right.ids.length);
  side.fill(1, left.ids.length);
  return { ids: [...left.ids, ...right.ids], records: [...left.records, ...right.records], side };
}

function readModelFile(file: string, comparisons: readonly Comparison[]): MatchModel {
  let model: MatchModel;
  try {
    model = JSON.parse(readFileSync(file, 'utf8')) as MatchModel;
  } catch (error) {
    throw new InputError('BAD_MODEL', `cannot read the model ${file}: ${(error as Error).message}`, { file });
  }
  checkModel(model, comparisons, file);
  return { ...model, training: { ...model.training, mFrom: 'file' } };
}

/** A model only fits the comparisons it was trained for: same names, methods and levels. */
export function checkModel(model: MatchModel, comparisons: readonly Comparison[], file: string): void {
  const expected = comparisons.map((c) => `${c.name}:${c.method}:${c.levels.map((l) => l.label).join('|')}`).join(', ');
  const given = Array.isArray(model?.comparisons) ? model.comparisons.map((c) => `${c.name}:${c.method}:${c.levels.join('|')}`).join(', ') : '';
  if (model?.version !== 1 || expected !== given) {
    throw new InputError('MODEL_MISMATCH', `the model in ${file} was trained for other comparisons; it has [${given}], the rule file has [${expected}]; train a new one (leave out --model)`, { file });
  }
}

const seconds = (start: bigint) => Math.round(Number(process.hrtime.bigint() - start) / 1e6) / 1000;

/** Blocking, comparisons (on worker threads for big jobs), the model (trained or given), scores and clusters, in memory. */
export async function dedupeInMemory(dedupe: ResolvedDedupe, input: DedupeInput, options: Omit<DedupeStageOptions, 'runId'> = {}): Promise<DedupeResult> {
  const timing: Record<string, number> = {};
  const comparisons = createComparisons(dedupe);
  const k = comparisons.length;
  const n = input.records.length;
  let start = process.hrtime.bigint();
  const blockingRules = createBlockingRules(dedupe);
  let { pairA, pairB, blocked } = withoutPairs(blockPairs(blockingRules, input.records, { maxBlockSize: dedupe.maxBlockSize, side: input.side }));
  timing['blocking'] = seconds(start);
  options.onProgress?.({ stage: 'dedupe: compare', count: 0 });
  start = process.hrtime.bigint();
  // The random pairs that measure u are compared with the candidate pairs, in the same threads.
  const sample = options.modelFile || options.model ? { a: new Int32Array(0), b: new Int32Array(0) } : sampleRandomPairs(n, { samplePairs: dedupe.uSamplePairs, seed: dedupe.seed, side: input.side });
  const workers = workerCount(dedupe, blocked.count + sample.a.length);
  const allA = concat(pairA!, sample.a);
  const allB = concat(pairB!, sample.b);
  pairA = pairB = undefined;
  const compared = await comparePairsInParallel(dedupe, comparisons, input.records, allA, allB, workers);
  const levels = compared.subarray(0, blocked.count * k);
  const sampleLevels = compared.subarray(blocked.count * k);
  // The candidate pairs from here on: views of the arrays just compared (the blocking buffers can go).
  blocked.a = allA.subarray(0, blocked.count);
  blocked.b = allB.subarray(0, blocked.count);
  timing['compare'] = seconds(start);

  start = process.hrtime.bigint();
  let model: MatchModel;
  if (options.model) model = options.model;
  else if (options.modelFile) model = readModelFile(options.modelFile, comparisons);
  else {
    let u = uFromLevels(comparisons, sampleLevels);
    const uPairs = sample.a.length;
    // One table of distinct patterns (with the rules each pair's records share) serves every EM session.
    const patterns = countPatterns(levels, k, { rules: blocked.sharedRules });
    let m: number[][];
    let candidateLambda: number;
    let iterations = 0;
    let converged = true;
    let mFrom: 'em' | 'labels' = 'em';
    let priors: string[] = [];
    if (options.labels && options.labels.length > 0) {
      const labelled = labelledLevels(comparisons, input, options.labels);
      m = mFromLabels(labelled, k, u);
      mFrom = 'labels';
      // The prior still comes from the data, with the labelled m and the measured u held fixed.
      candidateLambda = estimateLambda(patterns, m, u, { maxIterations: dedupe.em.maxIterations, tolerance: dedupe.em.tolerance });
    } else {
      // Which comparisons read a field a blocking rule keys on: they are left out of that rule's EM session.
      const fixed = blockingRules.map((rule) => {
        const keyed = new Set(rule.parts.map((part) => part.key.split('.')[0]!));
        return comparisons.map((c) => c.reads.some((read) => keyed.has(read.split('.')[0]!)));
      });
      const trained = trainEmSessions(patterns, k, fixed, u, { maxIterations: dedupe.em.maxIterations, tolerance: dedupe.em.tolerance, uPairs });
      ({ m, u, iterations, converged } = trained);
      priors = trained.priors.map((c) => comparisons[c]!.name);
      candidateLambda = trained.lambda;
    }
    // A score starts from the chance that two random records match: the pairs blocking never compared
    // count as non-matches. (The share among candidate pairs would call a pair in a big block of namesakes
    // a likely match before any evidence.)
    const allPairs = input.side ? countSide(input.side, 0) * countSide(input.side, 1) : (n * (n - 1)) / 2;
    const lambda = estimateLambda(patterns, m, u, { maxIterations: dedupe.em.maxIterations, tolerance: dedupe.em.tolerance, allPairs });
    model = {
      version: 1,
      lambda,
      comparisons: comparisons.map((c, i) => ({
        name: c.name,
        method: c.method,
        levels: c.levels.map((l) => l.label),
        m: m[i]!,
        u: u[i]!,
        // Term frequencies over a handful of records are noise: a comparison on the prior weighs none.
        termFrequency: (dedupe.compare[i]!.termFrequency ?? true) && c.termValue !== undefined && !priors.includes(c.name),
      })),
      training: { candidatePairs: blocked.count, allPairs, candidateLambda, uSamplePairs: uPairs, iterations, converged, mFrom, ...(priors.length > 0 ? { priors } : {}) },
    };
  }
  timing['model'] = seconds(start);

  start = process.hrtime.bigint();
  const tf = termFrequencies(comparisons, model, input.records);
  const score = createScorer(model, tf);
  const weight = new Float64Array(blocked.count);
  const { match, review, split } = dedupe.thresholds;
  const decisionOf = new Map<string, string>();
  for (const d of options.decisions ?? []) decisionOf.set(decisionKey(d.idA, d.idB), d.decision);
  let matchPairs = 0;
  let reviewPairs = 0;
  let decidedPairs = 0;
  const linked = new Uint8Array(n);
  for (let p = 0; p < blocked.count; p++) {
    const w = score(levels, p * k, blocked.a[p]!);
    weight[p] = w;
    const probability = toProbability(w);
    if (probability >= match) {
      matchPairs++;
      linked[blocked.a[p]!] = 1;
      linked[blocked.b[p]!] = 1;
    } else if (probability >= review) {
      if (decisionOf.size > 0 && decisionOf.has(decisionKey(input.ids[blocked.a[p]!]!, input.ids[blocked.b[p]!]!))) decidedPairs++;
      else reviewPairs++;
    }
  }
  const links = { a: new Int32Array(matchPairs), b: new Int32Array(matchPairs), probability: new Float64Array(matchPairs) };
  for (let p = 0, l = 0; p < blocked.count && l < matchPairs; p++) {
    if (toProbability(weight[p]!) < match) continue;
    links.a[l] = blocked.a[p]!;
    links.b[l] = blocked.b[p]!;
    links.probability[l++] = toProbability(weight[p]!);
  }
  timing['score'] = seconds(start);

  start = process.hrtime.bigint();
  // Cannot-links: pairs whose own comparison says they differ, between records that something links.
  const differs = (p: number) => linked[blocked.a[p]!] === 1 && linked[blocked.b[p]!] === 1 && toProbability(weight[p]!) < split;
  let cannotCount = 0;
  for (let p = 0; p < blocked.count; p++) if (differs(p)) cannotCount++;
  const must: [number, number][] = [];
  const decided: [number, number][] = [];
  if (options.decisions && options.decisions.length > 0) {
    const index = new Map<string, number>();
    input.ids.forEach((id, i) => index.set(id, i));
    for (const d of options.decisions) {
      const a = index.get(d.idA);
      const b = index.get(d.idB);
      if (a === undefined || b === undefined) continue;
      (d.decision === 'match' ? must : decided).push([a, b]);
    }
  }
  const cannot = { a: new Int32Array(cannotCount + decided.length), b: new Int32Array(cannotCount + decided.length) };
  let c = 0;
  for (let p = 0; p < blocked.count; p++) {
    if (!differs(p)) continue;
    cannot.a[c] = blocked.a[p]!;
    cannot.b[c++] = blocked.b[p]!;
  }
  for (const [a, b] of decided) {
    cannot.a[c] = a;
    cannot.b[c++] = b;
  }
  const clustering = clusterRecords(n, links, { cannot, must });
  timing['cluster'] = seconds(start);

  return {
    mode: input.side ? 'link' : 'dedupe',
    counts: {
      records: n,
      candidatePairs: blocked.count,
      matchPairs,
      reviewPairs,
      decidedPairs,
      clusters: clustering.clusters,
      multiRecordClusters: clustering.multiRecordClusters,
      duplicates: n - clustering.clusters,
      refusedLinks: clustering.refused.length,
    },
    blocking: { rules: blocked.rules, oversized: blocked.oversized },
    model,
    seconds: timing,
    comparisons,
    input,
    pairs: { a: blocked.a, b: blocked.b, weight, levels },
    clusterOf: clustering.clusterOf,
    refused: clustering.refused.map((r) => ({ idA: input.ids[r.a]!, idB: input.ids[r.b]!, probability: r.probability, conflict: [input.ids[r.conflict[0]]!, input.ids[r.conflict[1]]!] as const })),
    thresholds: dedupe.thresholds,
    decided: decisionOf,
  };
}

/** The pairs of x then y, in memory the comparison threads share. */
function concat(x: Int32Array, y: Int32Array): Int32Array {
  const out = sharedInt32(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
}

/** The blocking result with its pair arrays taken out, so the caller decides how long they live. */
function withoutPairs(result: BlockingResult): { pairA: Int32Array | undefined; pairB: Int32Array | undefined; blocked: Omit<BlockingResult, 'a' | 'b'> & { a: Int32Array; b: Int32Array } } {
  const { a, b, ...rest } = result;
  return { pairA: a, pairB: b, blocked: { ...rest, a: new Int32Array(0), b: new Int32Array(0) } };
}

function countSide(side: Uint8Array, which: number): number {
  let count = 0;
  for (const s of side) if (s === which) count++;
  return count;
}

/** Levels of labelled pairs (by record id); pairs naming unknown ids are left out. */
function labelledLevels(comparisons: readonly Comparison[], input: DedupeInput, labels: readonly (readonly [string, string])[]): Int8Array {
  const index = new Map<string, number>();
  input.ids.forEach((id, i) => index.set(id, i));
  const a: number[] = [];
  const b: number[] = [];
  for (const [x, y] of labels) {
    const i = index.get(x);
    const j = index.get(y);
    if (i !== undefined && j !== undefined && i !== j) {
      a.push(i);
      b.push(j);
    }
  }
  if (a.length === 0) throw new InputError('BAD_LABELS', 'none of the labelled pairs names two records of this input (id_a,id_b must be record ids)');
  return comparePairs(comparisons, input.records, Int32Array.from(a), Int32Array.from(b));
}

/** Cluster ids, deterministic: the id of the cluster's first record in input order. */
export function clusterIds(result: Pick<DedupeResult, 'input' | 'clusterOf'>): string[] {
  return result.input.ids.map((_, i) => result.input.ids[result.clusterOf[i]!]!);
}

/** Stores the model, the scored pairs and the clusters in the workspace, replacing the previous dedupe's. */
export async function saveDedupe(workspace: Workspace, runId: number, result: DedupeResult): Promise<void> {
  const ids = result.input.ids;
  const clusters = clusterIds(result);
  const k = result.comparisons.length;
  // One transaction: a failed save leaves the previous dedupe's results as they were.
  await workspace.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('stw_pairs').execute();
    await trx.deleteFrom('stw_clusters').execute();
    await trx.insertInto('stw_models').values({ run_id: runId, model: JSON.stringify(result.model) }).execute();
    const insertPair = workspace.prepare<[number, string, string, number, number, string]>(
      trx.insertInto('stw_pairs').values({ run_id: 0, id_a: '', id_b: '', weight: 0, probability: 0, levels: '' }),
    );
    const insertCluster = workspace.prepare<[number, number, string, string]>(trx.insertInto('stw_clusters').values({ run_id: 0, side: 0, record_id: '', cluster_id: '' }));
    const { a, b, weight, levels } = result.pairs;
    for (let p = 0; p < a.length; p++) {
      let text = '';
      for (let c = 0; c < k; c++) text += (c === 0 ? '' : ',') + levels[p * k + c]!;
      insertPair(runId, ids[a[p]!]!, ids[b[p]!]!, weight[p]!, toProbability(weight[p]!), text);
    }
    for (let i = 0; i < ids.length; i++) insertCluster(runId, result.input.side?.[i] ?? 0, ids[i]!, clusters[i]!);
  });
}

/**
 * What the workspace's last dedupe was: whether it linked a second file (its clusters hold side-1 records) and
 * its model when the comparisons are still the rule file's (else undefined: train anew).
 */
export async function lastDedupe(workspace: Workspace, dedupe: ResolvedDedupe): Promise<{ readonly linked: boolean; readonly model: MatchModel | undefined }> {
  const linked = (await workspace.db.selectFrom('stw_clusters').select('record_id').where('side', '=', 1).limit(1).executeTakeFirst()) !== undefined;
  const row = await workspace.db.selectFrom('stw_models').select('model').orderBy('id', 'desc').executeTakeFirst();
  if (!row) return { linked, model: undefined };
  const model = JSON.parse(row.model) as MatchModel;
  try {
    checkModel(model, createComparisons(dedupe), workspace.file);
    return { linked, model };
  } catch {
    return { linked, model: undefined };
  }
}

/** The stage as the pipeline runs it: records from the workspace(s), results back into the main one. */
export async function dedupeRecords(rules: ResolvedRules, main: Workspace, link: Workspace | undefined, options: DedupeStageOptions): Promise<DedupeResult> {
  const dedupe = requireDedupe(rules);
  const input = await loadDedupeInput(main, link, matchKeys(dedupe));
  const decisions = (await main.db.selectFrom('stw_decisions').selectAll().orderBy('id_a').orderBy('id_b').execute()).map((d) => ({ idA: d.id_a, idB: d.id_b, decision: d.decision }));
  const result = await dedupeInMemory(dedupe, input, { ...options, decisions: [...decisions, ...(options.decisions ?? [])] });
  const start = process.hrtime.bigint();
  await saveDedupe(main, options.runId, result);
  (result.seconds as Record<string, number>)['save'] = seconds(start);
  return result;
}
