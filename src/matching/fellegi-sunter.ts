import { NULL_LEVEL, type Comparison, type MatchRecord } from './types.js';

/** A trained Fellegi-Sunter model: per comparison and level, P(level | match) and P(level | non-match). */
export interface MatchModel {
  readonly version: 1;
  readonly comparisons: readonly ModelComparison[];
  /** The chance that two records picked at random match: the prior every pair's score starts from. */
  readonly lambda: number;
  readonly training: {
    readonly candidatePairs: number;
    /** Every record pair there is (n(n-1)/2, or left × right when linking). */
    readonly allPairs: number;
    /** The share of candidate pairs that match, as EM found it. */
    readonly candidateLambda: number;
    readonly uSamplePairs: number;
    readonly iterations: number;
    readonly converged: boolean;
    readonly mFrom: 'em' | 'labels' | 'file';
  };
}

export interface ModelComparison {
  readonly name: string;
  readonly method: string;
  readonly levels: readonly string[];
  readonly m: readonly number[];
  readonly u: readonly number[];
  /** Whether an agreement at level 0 is weighed by how common the value is. */
  readonly termFrequency: boolean;
}

/** Levels of every pair, K per pair (row-major), NULL_LEVEL where a value is missing. */
export function comparePairs(comparisons: readonly Comparison[], records: readonly MatchRecord[], a: Int32Array, b: Int32Array, from = 0, to = a.length): Int8Array {
  const k = comparisons.length;
  const out = new Int8Array((to - from) * k);
  for (let p = from, o = 0; p < to; p++) {
    const ra = records[a[p]!]!;
    const rb = records[b[p]!]!;
    for (let c = 0; c < k; c++, o++) out[o] = comparisons[c]!.compare(ra, rb);
  }
  return out;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same sample, so the same model. */
export function createRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * u-probabilities from random record pairs (almost all of them non-matches): how often each level happens by
 * chance. In link mode the pairs cross the two sides.
 */
export function estimateU(
  comparisons: readonly Comparison[],
  records: readonly MatchRecord[],
  options: { samplePairs: number; seed: number; side?: Uint8Array | undefined },
): { u: number[][]; pairs: number } {
  const n = records.length;
  const random = createRandom(options.seed);
  const left: number[] = [];
  const right: number[] = [];
  if (options.side) records.forEach((_, i) => (options.side![i] === 0 ? left : right).push(i));
  const possible = options.side ? left.length * right.length : (n * (n - 1)) / 2;
  const samples = Math.min(options.samplePairs, possible);
  const counts = comparisons.map((c) => new Float64Array(c.levels.length));
  for (let s = 0; s < samples; s++) {
    let i: number;
    let j: number;
    if (options.side) {
      i = left[Math.floor(random() * left.length)]!;
      j = right[Math.floor(random() * right.length)]!;
    } else {
      i = Math.floor(random() * n);
      j = Math.floor(random() * (n - 1));
      if (j >= i) j++;
    }
    const ra = records[i]!;
    const rb = records[j]!;
    for (let c = 0; c < comparisons.length; c++) {
      const level = comparisons[c]!.compare(ra, rb);
      if (level !== NULL_LEVEL) counts[c]![level]!++;
    }
  }
  // A level never seen by chance still happens now and then: half a count keeps its weight finite.
  const u = counts.map((levelCounts) => smooth(Array.from(levelCounts), 0.5));
  return { u, pairs: samples };
}

function smooth(counts: number[], prior: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0) + prior * counts.length;
  return counts.map((c) => (c + prior) / total);
}

/** Distinct level patterns with their counts: EM runs over these, not over every pair. */
export interface Patterns {
  readonly levels: Int8Array;
  readonly counts: Float64Array;
  readonly size: number;
}

export function countPatterns(levels: Int8Array, k: number): Patterns {
  const index = new Map<string, number>();
  const counts: number[] = [];
  const rows: number[] = [];
  const pairs = levels.length / k;
  for (let p = 0; p < pairs; p++) {
    let key = '';
    for (let c = 0; c < k; c++) key += String.fromCharCode(66 + levels[p * k + c]!);
    const found = index.get(key);
    if (found !== undefined) counts[found]!++;
    else {
      index.set(key, counts.length);
      counts.push(1);
      for (let c = 0; c < k; c++) rows.push(levels[p * k + c]!);
    }
  }
  return { levels: Int8Array.from(rows), counts: Float64Array.from(counts), size: counts.length };
}

/**
 * m-probabilities by expectation-maximisation over the blocked pairs, unsupervised, with u held fixed (it
 * was measured on random pairs). Also estimates lambda, the share of candidate pairs that match.
 */
export function trainEm(
  patterns: Patterns,
  u: readonly (readonly number[])[],
  options: { maxIterations: number; tolerance: number; initialLambda?: number; initialM?: readonly (readonly number[])[]; hold?: readonly boolean[] },
): { m: number[][]; lambda: number; iterations: number; converged: boolean } {
  const k = u.length;
  let m = options.initialM ? options.initialM.map((levels) => [...levels]) : defaultM(u);
  let lambda = options.initialLambda ?? 0.3;
  let iterations = 0;
  let converged = false;
  const posterior = new Float64Array(patterns.size);
  for (; iterations < options.maxIterations; ) {
    iterations++;
    let matched = 0;
    let total = 0;
    const logPrior = Math.log(lambda) - Math.log(1 - lambda);
    for (let p = 0; p < patterns.size; p++) {
      let logBf = logPrior;
      for (let c = 0; c < k; c++) {
        const level = patterns.levels[p * k + c]!;
        if (level === NULL_LEVEL) continue;
        logBf += Math.log(m[c]![level]!) - Math.log(u[c]![level]!);
      }
      const post = logBf > 40 ? 1 : logBf < -40 ? 0 : 1 / (1 + Math.exp(-logBf));
      posterior[p] = post;
      matched += post * patterns.counts[p]!;
      total += patterns.counts[p]!;
    }
    const next = u.map((levels) => new Array<number>(levels.length).fill(0));
    const nonNull = new Array<number>(k).fill(0);
    for (let p = 0; p < patterns.size; p++) {
      const weight = posterior[p]! * patterns.counts[p]!;
      if (weight === 0) continue;
      for (let c = 0; c < k; c++) {
        const level = patterns.levels[p * k + c]!;
        if (level === NULL_LEVEL) continue;
        next[c]![level]! += weight;
        nonNull[c]! += weight;
      }
    }
    const nextM = next.map((levels, c) => (options.hold?.[c] ? m[c]! : smooth(levels, 1e-3 * Math.max(1, nonNull[c]!) / levels.length)));
    const nextLambda = Math.min(Math.max(matched / Math.max(total, 1), 1e-9), 1 - 1e-9);
    let change = Math.abs(nextLambda - lambda);
    for (let c = 0; c < k; c++) for (let l = 0; l < nextM[c]!.length; l++) change = Math.max(change, Math.abs(nextM[c]![l]! - m[c]![l]!));
    m = nextM;
    lambda = nextLambda;
    if (change < options.tolerance) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged };
}

/** Where EM starts: "matches agree", most mass on the first level and decreasing. */
export function defaultM(u: readonly (readonly number[])[]): number[][] {
  return u.map((levels) => {
    const raw = levels.map((_, l) => Math.pow(0.2, l) * (l === levels.length - 1 ? 0.2 : 1));
    const total = raw.reduce((s, x) => s + x, 0);
    return raw.map((x) => x / total);
  });
}

/** m-probabilities from labelled true pairs, when a user has some. */
export function mFromLabels(levels: Int8Array, k: number, u: readonly (readonly number[])[]): number[][] {
  const counts = u.map((levels) => new Array<number>(levels.length).fill(0));
  for (let p = 0; p < levels.length / k; p++) {
    for (let c = 0; c < k; c++) {
      const level = levels[p * k + c]!;
      if (level !== NULL_LEVEL) counts[c]![level]!++;
    }
  }
  return counts.map((levelCounts) => smooth(levelCounts, 0.5));
}

/** Term frequencies: for each comparison that uses them, value -> share of records (with a value) holding it. */
export type TermFrequencies = readonly (ReadonlyMap<string, number> | undefined)[];

export function termFrequencies(comparisons: readonly Comparison[], model: MatchModel, records: readonly MatchRecord[]): TermFrequencies {
  return comparisons.map((comparison, c) => {
    if (!model.comparisons[c]!.termFrequency || !comparison.termValue) return undefined;
    const counts = new Map<string, number>();
    let total = 0;
    for (const record of records) {
      const value = comparison.termValue(record);
      if (value === undefined || value === '') continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      total++;
    }
    const shares = new Map<string, number>();
    for (const [value, count] of counts) shares.set(value, count / total);
    return shares;
  });
}

export interface PairScore {
  readonly weight: number;
  readonly probability: number;
}

/** One comparison's contribution to a pair's match weight (log2 Bayes factor); 0 for a missing value. */
export function levelWeight(model: MatchModel, c: number, level: number, tfShare?: number): number {
  if (level === NULL_LEVEL) return 0;
  const mc = model.comparisons[c]!;
  const m = mc.m[level]!;
  let u = mc.u[level]!;
  // A rare value agreed on is stronger evidence than a common one: its chance agreement is its own share.
  if (level === 0 && tfShare !== undefined) u = Math.min(Math.max(tfShare, 1e-9), 1);
  return Math.log2(m / u);
}

export function priorWeight(model: MatchModel): number {
  return Math.log2(model.lambda / (1 - model.lambda));
}

export function toProbability(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

/** Scores pairs from their levels: a weight table per comparison, plus term-frequency adjustments at level 0. */
export function createScorer(model: MatchModel, comparisons: readonly Comparison[], tf: TermFrequencies) {
  const k = comparisons.length;
  const table = model.comparisons.map((mc, c) => mc.levels.map((_, l) => levelWeight(model, c, l)));
  const prior = priorWeight(model);
  return (levels: Int8Array, offset: number, ra: MatchRecord): number => {
    let weight = prior;
    for (let c = 0; c < k; c++) {
      const level = levels[offset + c]!;
      if (level === NULL_LEVEL) continue;
      const shares = tf[c];
      if (level === 0 && shares) {
        const value = comparisons[c]!.termValue!(ra);
        const share = value === undefined ? undefined : shares.get(value);
        weight += share === undefined ? table[c]![0]! : levelWeight(model, c, 0, share);
      } else weight += table[c]![level]!;
    }
    return weight;
  };
}

/**
 * EM in sessions, one per blocking rule, as Splink does: the pairs a rule produced agree on that rule's
 * fields by construction, so those comparisons say nothing there and are left out of that session. Each
 * comparison's m is the average of the sessions where it was free (weighted by the matches found), and
 * lambda is then estimated over all candidate pairs with m and u held fixed.
 */
export function trainEmSessions(
  levels: Int8Array,
  k: number,
  pairRules: Uint32Array,
  fixed: readonly (readonly boolean[])[],
  u: readonly (readonly number[])[],
  options: { maxIterations: number; tolerance: number; minPairs?: number; patterns?: Patterns },
): { m: number[][]; lambda: number; iterations: number; converged: boolean; sessions: number } {
  const all = options.patterns ?? countPatterns(levels, k);
  const minPairs = options.minPairs ?? 50;
  const sums = u.map((levels) => new Array<number>(levels.length).fill(0));
  const weights = new Array<number>(k).fill(0);
  let iterations = 0;
  let converged = true;
  let sessions = 0;
  for (let r = 0; r < fixed.length; r++) {
    const own: number[] = [];
    // Every pair in the rule's blocks, also those an earlier rule produced: a session over only the new
    // pairs would learn that matches never agree on the earlier rules' fields.
    const bit = 1 << r;
    for (let p = 0; p < pairRules.length; p++) if (pairRules[p]! & bit) own.push(p);
    const free = fixed[r]!.map((f) => !f);
    if (own.length < minPairs || !free.some(Boolean)) continue;
    const masked = new Int8Array(own.length * k);
    own.forEach((p, i) => {
      for (let c = 0; c < k; c++) masked[i * k + c] = free[c] ? levels[p * k + c]! : NULL_LEVEL;
    });
    // Each session starts from what the earlier ones learnt (the first rules are usually the surest, like
    // a shared email), so EM starts near the matches instead of splitting on whatever is common in the block.
    const start = defaultM(u).map((levels, c) => (weights[c]! > 0 ? sums[c]!.map((s) => s / weights[c]!) : levels));
    const patterns = countPatterns(masked, k);
    const initialLambda = Math.min(Math.max(estimateLambda(patterns, start, u, options), 1e-4), 0.9);
    // What an earlier (surer) session learnt is held: a later session only estimates the comparisons not
    // yet known, so a rule whose blocks are mostly non-matches cannot wash out what the sure rules showed.
    const hold = weights.map((w) => w > 0);
    if (free.every((f, c) => !f || hold[c])) continue;
    const trained = trainEm(patterns, u, { ...options, initialM: start, initialLambda, hold });
    iterations += trained.iterations;
    converged &&= trained.converged;
    sessions++;
    const matches = trained.lambda * own.length;
    if (matches < 1) continue;
    for (let c = 0; c < k; c++) {
      if (!free[c] || hold[c]) continue;
      for (let l = 0; l < sums[c]!.length; l++) sums[c]![l]! = trained.m[c]![l]!;
      weights[c] = 1;
    }
  }
  // A comparison no session could train (all its rules block on it): EM over all pairs for it.
  const fallback = weights.some((w) => w === 0) ? trainEm(all, u, options) : undefined;
  const m = sums.map((levelSums, c) => (weights[c]! > 0 ? levelSums.map((s) => s / weights[c]!) : fallback!.m[c]!));
  const lambda = estimateLambda(all, m, u, options);
  return { m, lambda, iterations, converged, sessions };
}

/**
 * The share of pairs that match, by EM with m and u fixed. With `allPairs` it is the share among all record
 * pairs: those blocking never compared count as non-matches, so this is the chance that two random records
 * match (the prior a pair's score starts from); without it, the share among the candidate pairs.
 */
export function estimateLambda(
  patterns: Patterns,
  m: readonly (readonly number[])[],
  u: readonly (readonly number[])[],
  options: { maxIterations: number; tolerance: number; allPairs?: number },
): number {
  const k = u.length;
  const logBf = new Float64Array(patterns.size);
  let total = 0;
  for (let p = 0; p < patterns.size; p++) {
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const level = patterns.levels[p * k + c]!;
      if (level !== NULL_LEVEL) sum += Math.log(m[c]![level]!) - Math.log(u[c]![level]!);
    }
    logBf[p] = sum;
    total += patterns.counts[p]!;
  }
  const denominator = Math.max(options.allPairs ?? total, total, 1);
  let lambda = (0.1 * total) / denominator;
  for (let i = 0; i < Math.max(options.maxIterations, 200); i++) {
    const prior = Math.log(lambda) - Math.log(1 - lambda);
    let matched = 0;
    for (let p = 0; p < patterns.size; p++) {
      const x = prior + logBf[p]!;
      matched += (x > 40 ? 1 : x < -40 ? 0 : 1 / (1 + Math.exp(-x))) * patterns.counts[p]!;
    }
    const next = Math.min(Math.max(matched / denominator, 1e-15), 1 - 1e-9);
    const change = Math.abs(next - lambda);
    lambda = next;
    if (change <= options.tolerance * 1e-2 * lambda) break;
  }
  return lambda;
}
