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
    /** Comparisons whose m is the fixed prior (priorM): too few candidate pairs to learn it from; they weigh no term frequencies. */
    readonly priors?: readonly string[] | undefined;
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
export function comparePairs(comparisons: readonly Comparison[], records: readonly MatchRecord[], a: Int32Array, b: Int32Array): Int8Array {
  const k = comparisons.length;
  const out = new Int8Array(a.length * k);
  for (let p = 0, o = 0; p < a.length; p++) {
    const ra = records[a[p]!]!;
    const rb = records[b[p]!]!;
    for (let c = 0; c < k; c++, o++) out[o] = comparisons[c]!.compare(ra, rb);
  }
  return out;
}

/** One comparison's levels over every pair, written at column `c` of a K-wide level table. */
export function compareColumn(comparison: Comparison, c: number, k: number, records: readonly MatchRecord[], a: Int32Array, b: Int32Array, out: Int8Array): void {
  const prepared = comparison.prepare?.(records);
  if (prepared) for (let p = 0, o = c; p < a.length; p++, o += k) out[o] = prepared(a[p]!, b[p]!);
  else for (let p = 0, o = c; p < a.length; p++, o += k) out[o] = comparison.compare(records[a[p]!]!, records[b[p]!]!);
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
 * Random record pairs (almost all of them non-matches), drawn from the seed: the same seed, the same pairs.
 * In link mode the pairs cross the two sides.
 */
export function sampleRandomPairs(size: number, options: { samplePairs: number; seed: number; side?: Uint8Array | undefined }): { a: Int32Array; b: Int32Array } {
  const random = createRandom(options.seed);
  const left: number[] = [];
  const right: number[] = [];
  if (options.side) for (let i = 0; i < size; i++) (options.side[i] === 0 ? left : right).push(i);
  const possible = options.side ? left.length * right.length : (size * (size - 1)) / 2;
  const samples = Math.min(options.samplePairs, possible);
  const a = new Int32Array(samples);
  const b = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    if (options.side) {
      a[s] = left[Math.floor(random() * left.length)]!;
      b[s] = right[Math.floor(random() * right.length)]!;
    } else {
      const i = Math.floor(random() * size);
      let j = Math.floor(random() * (size - 1));
      if (j >= i) j++;
      a[s] = i;
      b[s] = j;
    }
  }
  return { a, b };
}

/** u-probabilities: how often each level happens by chance, from the levels of random pairs. */
export function uFromLevels(comparisons: readonly Comparison[], levels: Int8Array): number[][] {
  const k = comparisons.length;
  const counts = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  for (let o = 0; o < levels.length; o += k) {
    for (let c = 0; c < k; c++) {
      const level = levels[o + c]!;
      if (level !== NULL_LEVEL) counts[c]![level]!++;
    }
  }
  // A level never seen by chance still happens now and then: half a count keeps its weight finite.
  return counts.map((levelCounts) => smooth(levelCounts, 0.5));
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
  /** With `rules`: each pattern's shared-rule mask (the same levels under two masks are two patterns). */
  readonly rules?: Uint32Array | undefined;
}

/** Levels as one number (base 16, level + 1 per digit) while that stays exact; else as text. */
function patternKey(levels: Int8Array, offset: number, k: number): number | string {
  if (k <= 13) {
    let key = 0;
    for (let c = 0; c < k; c++) key = key * 16 + levels[offset + c]! + 1;
    return key;
  }
  let key = '';
  for (let c = 0; c < k; c++) key += String.fromCharCode(66 + levels[offset + c]!);
  return key;
}

/**
 * Groups rows of levels into distinct patterns; `counts` weighs each row (default 1), `rules` keeps rows
 * with different shared-rule masks apart so that one table serves every EM session.
 */
export function countPatterns(levels: Int8Array, k: number, options: { counts?: Float64Array; rules?: Uint32Array } = {}): Patterns {
  const byMask = new Map<number, Map<number | string, number>>();
  const counts: number[] = [];
  const masks: number[] = [];
  const rows: number[] = [];
  const size = levels.length / k;
  for (let p = 0; p < size; p++) {
    const mask = options.rules ? options.rules[p]! : 0;
    let index = byMask.get(mask);
    if (!index) byMask.set(mask, (index = new Map()));
    const key = patternKey(levels, p * k, k);
    const weight = options.counts ? options.counts[p]! : 1;
    const found = index.get(key);
    if (found !== undefined) counts[found]! += weight;
    else {
      index.set(key, counts.length);
      counts.push(weight);
      masks.push(mask);
      for (let c = 0; c < k; c++) rows.push(levels[p * k + c]!);
    }
  }
  return { levels: Int8Array.from(rows), counts: Float64Array.from(counts), size: counts.length, rules: options.rules ? Uint32Array.from(masks) : undefined };
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

/**
 * The fixed m of a comparison when too few pairs train it. Matches differ (the last level) in 1 of 10; the other
 * 0.9 goes to the levels of agreement, each half the one before: 2 levels 0.9 / 0.1; 3 levels 0.6 / 0.3 / 0.1;
 * 4 levels 0.51 / 0.26 / 0.13 / 0.1. Wide enough that a typo or a nickname still counts for a match.
 */
export function priorM(u: readonly (readonly number[])[]): number[][] {
  return u.map((levels) => {
    const agree = levels.slice(1).map((_, l) => Math.pow(0.5, l));
    const total = agree.reduce((sum, x) => sum + x, 0);
    return [...agree.map((x) => (0.9 * x) / total), 0.1];
  });
}

/**
 * The u a comparison leans on when few random pairs measured it: two records picked at random differ (the last
 * level) 19 times in 20; the other 0.05 goes to the levels of agreement, each twice the one before (an exact
 * agreement by chance is the rarest): 2 levels 0.05 / 0.95; 3 levels 0.017 / 0.033 / 0.95.
 */
export function priorU(u: readonly (readonly number[])[]): number[][] {
  return u.map((levels) => {
    const agree = levels.slice(1).map((_, l) => Math.pow(2, l));
    const total = agree.reduce((sum, x) => sum + x, 0);
    return [...agree.map((x) => (0.05 * x) / total), 0.95];
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

/**
 * Term frequencies: for each comparison that uses them, each record's value's share of the records that have
 * a value (NaN where the record has none), so scoring a pair looks its share up by record index.
 */
export type TermFrequencies = readonly (Float64Array | undefined)[];

export function termFrequencies(comparisons: readonly Comparison[], model: MatchModel, records: readonly MatchRecord[]): TermFrequencies {
  return comparisons.map((comparison, c) => {
    if (!model.comparisons[c]!.termFrequency || !comparison.termValue) return undefined;
    // Each record's value as a number (one map lookup per record), then counts by number.
    const numbers = new Map<string, number>();
    const numberOf = new Int32Array(records.length);
    let counts = new Int32Array(1024);
    let total = 0;
    for (let i = 0; i < records.length; i++) {
      const value = comparison.termValue!(records[i]!);
      if (value === undefined || value === '') {
        numberOf[i] = -1;
        continue;
      }
      let id = numbers.get(value);
      if (id === undefined) {
        numbers.set(value, (id = numbers.size));
        if (id === counts.length) {
          const grown = new Int32Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
      }
      numberOf[i] = id;
      counts[id]!++;
      total++;
    }
    const shares = new Float64Array(records.length);
    for (let i = 0; i < records.length; i++) shares[i] = numberOf[i]! < 0 ? Number.NaN : counts[numberOf[i]!]! / total;
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
export function createScorer(model: MatchModel, tf: TermFrequencies) {
  const k = model.comparisons.length;
  const table = model.comparisons.map((mc, c) => mc.levels.map((_, l) => levelWeight(model, c, l)));
  const prior = priorWeight(model);
  /** `record` is the index of the pair's first record: an agreement at level 0 is weighed by its value's share. */
  return (levels: Int8Array, offset: number, record: number): number => {
    let weight = prior;
    for (let c = 0; c < k; c++) {
      const level = levels[offset + c]!;
      if (level === NULL_LEVEL) continue;
      const shares = tf[c];
      const share = level === 0 && shares ? shares[record]! : Number.NaN;
      weight += Number.isNaN(share) ? table[c]![level]! : levelWeight(model, c, 0, share);
    }
    return weight;
  };
}

/** Fewer candidate pairs than this in a blocking rule's blocks: EM does not train on them (see trainEmSessions). */
export const MIN_SESSION_PAIRS = 50;
/** How many random pairs the prior u counts as, beside those measured, for a comparison on the prior m. */
const U_PRIOR_PAIRS = 10;

/**
 * EM in sessions, one per blocking rule in rule order, as Splink does: the pairs in a rule's blocks agree on
 * that rule's fields by construction, so those comparisons say nothing there and are left out of that
 * session. A comparison's m comes from the first session where it was free; lambda (the share of candidate
 * pairs that match) is then estimated over all candidate pairs with m and u held fixed. `patterns` must be
 * counted with the pairs' shared-rule masks.
 */
export function trainEmSessions(
  patterns: Patterns,
  k: number,
  fixed: readonly (readonly boolean[])[],
  u: readonly (readonly number[])[],
  options: { maxIterations: number; tolerance: number; minPairs?: number; uPairs?: number },
): { m: number[][]; u: number[][]; lambda: number; iterations: number; converged: boolean; sessions: number; priors: number[] } {
  const rules = patterns.rules;
  if (!rules) throw new Error('trainEmSessions needs patterns counted with their shared-rule masks');
  const minPairs = options.minPairs ?? MIN_SESSION_PAIRS;
  // What a session learnt for a comparison; later sessions hold an earlier (surer) session's estimate.
  const learnt: (number[] | undefined)[] = new Array<number[] | undefined>(k).fill(undefined);
  let iterations = 0;
  let converged = true;
  let sessions = 0;
  // Comparisons free in some rule's session: when none of those sessions had enough pairs, their m is the prior.
  const freeSomewhere = new Array<boolean>(k).fill(false);
  for (let r = 0; r < fixed.length; r++) {
    // Every pair in the rule's blocks, also those an earlier rule produced: a session over only the new
    // pairs would learn that matches never agree on the earlier rules' fields.
    const bit = 1 << r;
    const free = fixed[r]!.map((f) => !f);
    const rows: number[] = [];
    let pairs = 0;
    for (let p = 0; p < patterns.size; p++) {
      if (!(rules[p]! & bit)) continue;
      rows.push(p);
      pairs += patterns.counts[p]!;
    }
    free.forEach((f, c) => (freeSomewhere[c] ||= f));
    if (pairs < minPairs || !free.some(Boolean)) continue;
    const hold = learnt.map((m) => m !== undefined);
    if (free.every((f, c) => !f || hold[c])) continue;
    const masked = new Int8Array(rows.length * k);
    const counts = new Float64Array(rows.length);
    rows.forEach((p, i) => {
      counts[i] = patterns.counts[p]!;
      for (let c = 0; c < k; c++) masked[i * k + c] = free[c] ? patterns.levels[p * k + c]! : NULL_LEVEL;
    });
    const session = countPatterns(masked, k, { counts });
    // Each session starts from what the earlier ones learnt (the first rules are usually the surest, like
    // a shared email), so EM starts near the matches instead of splitting on whatever is common in the block.
    const start = defaultM(u).map((levels, c) => learnt[c] ?? levels);
    const initialLambda = Math.min(Math.max(estimateLambda(session, start, u, options), 1e-4), 0.9);
    // A later session only estimates the comparisons not yet known, so a rule whose blocks are mostly
    // non-matches cannot wash out what the sure rules showed.
    const trained = trainEm(session, u, { ...options, initialM: start, initialLambda, hold });
    iterations += trained.iterations;
    converged &&= trained.converged;
    sessions++;
    if (trained.lambda * pairs < 1) continue;
    for (let c = 0; c < k; c++) if (free[c] && !hold[c]) learnt[c] = trained.m[c]!;
  }
  // A comparison no session trained. Where every rule blocks on it, EM over all candidate pairs learns it, when
  // there are enough of them. Where the sessions it was free in had too few pairs, EM over a handful of pairs
  // would call them all matches (or none): it keeps the prior m instead (priorM), and the caller says so.
  let total = 0;
  for (let p = 0; p < patterns.size; p++) total += patterns.counts[p]!;
  const priors: number[] = [];
  const prior = priorM(u);
  const needsEm = learnt.some((m, c) => m === undefined && !freeSomewhere[c] && total >= minPairs);
  const fallback = needsEm ? trainEm(patterns, u, options) : undefined;
  const m = learnt.map((levels, c) => {
    if (levels) return levels;
    if (fallback && !freeSomewhere[c]) return fallback.m[c]!;
    priors.push(c);
    return prior[c]!;
  });
  // On so little data the random pairs that measured u may be few too: their u leans on the prior u, as if
  // U_PRIOR_PAIRS more random pairs had shown it.
  const uPrior = priorU(u);
  const uPairs = options.uPairs ?? 0;
  const uUsed = u.map((levels, c) => (priors.includes(c) ? levels.map((x, l) => (x * uPairs + uPrior[c]![l]! * U_PRIOR_PAIRS) / (uPairs + U_PRIOR_PAIRS)) : [...levels]));
  const lambda = estimateLambda(patterns, m, uUsed, options);
  return { m, u: uUsed, lambda, iterations, converged, sessions, priors };
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
