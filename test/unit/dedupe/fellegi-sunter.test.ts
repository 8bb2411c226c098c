import { describe, expect, test } from 'vitest';
import { countPatterns, createRandom, estimateLambda, priorM, priorU, trainEm, trainEmSessions } from '../../../src/matching/fellegi-sunter.js';

describe('EM over level patterns', () => {
  test('recovers m and lambda from pairs drawn from a known model', () => {
    // Two comparisons with levels [agree, disagree]; true m = [0.9, 0.1], [0.8, 0.2]; u = [0.05, 0.95], [0.1, 0.9]; lambda 0.3.
    const random = createRandom(1);
    const k = 2;
    const pairs = 20000;
    const levels = new Int8Array(pairs * k);
    const m = [[0.9, 0.1], [0.8, 0.2]];
    const u = [[0.05, 0.95], [0.1, 0.9]];
    for (let p = 0; p < pairs; p++) {
      const match = random() < 0.3;
      for (let c = 0; c < k; c++) levels[p * k + c] = random() < (match ? m[c]![0]! : u[c]![0]!) ? 0 : 1;
    }
    const patterns = countPatterns(levels, k);
    expect(patterns.size).toBe(4);
    const trained = trainEm(patterns, u, { maxIterations: 500, tolerance: 1e-8 });
    expect(trained.converged).toBe(true);
    expect(trained.lambda).toBeCloseTo(0.3, 1);
    expect(trained.m[0]![0]!).toBeCloseTo(0.9, 1);
    expect(trained.m[1]![0]!).toBeCloseTo(0.8, 1);
  });

  test('null levels carry no evidence and do not count in m', () => {
    const levels = Int8Array.from([0, -1, 0, -1, 1, -1]);
    const patterns = countPatterns(levels, 2);
    const trained = trainEm(patterns, [[0.1, 0.9], [0.1, 0.9]], { maxIterations: 50, tolerance: 1e-9 });
    expect(trained.m[1]).toHaveLength(2);
    expect(Number.isFinite(trained.lambda)).toBe(true);
  });

  test('the random sample is the same for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('the prior', () => {
  // 100 candidate pairs agreeing on a strong comparison (clear matches), 900 disagreeing (clear non-matches).
  const levels = Int8Array.from([...Array(100).fill(0), ...Array(900).fill(1)]);
  const patterns = countPatterns(levels, 1);
  const m = [[0.9999, 0.0001]];
  const u = [[1e-9, 1 - 1e-9]];
  test('among candidate pairs: the share of them that match', () => {
    expect(estimateLambda(patterns, m, u, { maxIterations: 100, tolerance: 1e-9 })).toBeCloseTo(0.1, 3);
  });
  test('among all record pairs: pairs blocking never compared count as non-matches', () => {
    const lambda = estimateLambda(patterns, m, u, { maxIterations: 100, tolerance: 1e-9, allPairs: 1_000_000 });
    expect(lambda * 1_000_000).toBeCloseTo(100, 0);
  });
});

describe('EM sessions on too few pairs', () => {
  // Two comparisons [agree, disagree] and one [exact, close, different]; one blocking rule keyed on neither.
  const u = [[0.05, 0.95], [0.1, 0.9], [0.01, 0.04, 0.95]];
  const options = { maxIterations: 100, tolerance: 1e-6 };
  const patternsOf = (rows: number[][]) => countPatterns(Int8Array.from(rows.flat()), 3, { rules: Uint32Array.from(rows.map(() => 1)) });

  test('fewer than 50 pairs: m is the documented prior, u leans on the prior u, and which comparisons say so', () => {
    // Colleagues: the same office (comparison 0 agrees), other names (1 disagrees, 2 differs); one true pair.
    const rows = [...Array.from({ length: 9 }, () => [0, 1, 2]), [0, 0, 0]];
    const trained = trainEmSessions(patternsOf(rows), 3, [[false, false, false]], u, { ...options, uPairs: 10 });
    expect(trained.priors).toEqual([0, 1, 2]);
    expect(trained.m).toEqual(priorM(u));
    expect(priorM(u)).toEqual([[0.9, 0.1], [0.9, 0.1], [0.6, 0.3, 0.1]].map((l) => l.map((x) => expect.closeTo(x, 10))));
    expect(priorU(u)[2]!.map((x) => Number(x.toFixed(4)))).toEqual([0.0167, 0.0333, 0.95]);
    // Half measured (10 pairs), half the prior (10 pairs' worth).
    expect(trained.u[0]![0]!).toBeCloseTo((0.05 + 0.05) / 2, 10);
    // Not "every candidate pair matches": the share is near the one true pair in ten.
    const shared = estimateLambda(patternsOf(rows), trained.m, trained.u, options);
    expect(shared).toBeLessThan(0.3);
  });

  test('50 pairs or more: m is learnt, u is the measured one', () => {
    const random = createRandom(7);
    const rows = Array.from({ length: 400 }, () => (random() < 0.3 ? [0, 0, random() < 0.8 ? 0 : 1] : [random() < 0.05 ? 0 : 1, random() < 0.1 ? 0 : 1, 2]));
    const trained = trainEmSessions(patternsOf(rows), 3, [[false, false, false]], u, { ...options, uPairs: 1000 });
    expect(trained.priors).toEqual([]);
    expect(trained.u).toEqual(u);
    expect(trained.m[1]![0]!).toBeGreaterThan(0.9);
  });
});
