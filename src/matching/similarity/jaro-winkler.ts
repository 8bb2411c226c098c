// Match flags reused across calls: the comparators run on millions of pairs, so no per-pair allocation.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity in [0, 1] over UTF-16 code units; 1 for two empty strings, 0 when only one is empty. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const code = a.charCodeAt(i);
    const hi = Math.min(lb - 1, i + window);
    for (let j = Math.max(0, i - window); j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  for (let i = 0, k = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  return (matches / la + matches / lb + (matches - halfTranspositions / 2) / matches) / 3;
}

/** Jaro-Winkler similarity in [0, 1]: prefix scale 0.1 over at most 4 characters, boosted only above 0.7 (Winkler's rule). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const max = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * The highest Jaro-Winkler similarity two strings of these lengths can reach (every character of the shorter
 * one matched, no transpositions, a full prefix): below a threshold, the similarity need not be computed.
 */
export function jaroWinklerBound(la: number, lb: number): number {
  if (la === 0 || lb === 0) return la === lb ? 1 : 0;
  const m = Math.min(la, lb);
  const j = (m / la + m / lb + 1) / 3;
  return j <= 0.7 ? j : j + Math.min(4, m) * 0.1 * (1 - j);
}
