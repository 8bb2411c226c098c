// Three DP rows reused across calls (two back are needed for transpositions).
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal string alignment distance (Damerau-Levenshtein where a transposition of two adjacent characters
 * counts 1 and no substring is edited twice). Stops early once the distance must exceed `max`, returning max + 1.
 */
export function damerau(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  let la = a.length;
  let lb = b.length;
  // Common prefix and suffix never change the distance.
  let start = 0;
  while (start < la && start < lb && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (la > start && lb > start && a.charCodeAt(la - 1) === b.charCodeAt(lb - 1)) {
    la--;
    lb--;
  }
  const n = la - start;
  const m = lb - start;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  if (rowA.length <= m) {
    rowA = new Int32Array(m * 2 + 1);
    rowB = new Int32Array(m * 2 + 1);
    rowC = new Int32Array(m * 2 + 1);
  }
  let twoBack = rowA;
  let previous = rowB;
  let current = rowC;
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(start + i - 1);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(start + j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(start + j - 2) && a.charCodeAt(start + i - 2) === cb) {
        d = Math.min(d, twoBack[j - 2]! + 1);
      }
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = twoBack;
    twoBack = previous;
    previous = current;
    current = spare;
  }
  const distance = previous[m]!;
  return distance > max ? max + 1 : distance;
}
