/** Pairwise precision, recall and F1 of a clustering against the truth, with cluster counts. */
export interface Evaluation {
  readonly records: number;
  readonly predictedClusters: number;
  readonly trueClusters?: number | undefined;
  readonly predictedPairs: number;
  readonly truePairs: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Truth ids that are not in the clusters file (counted as missed, never ignored). */
  readonly unknownIds: number;
}

export type Truth = { readonly kind: 'entities'; readonly entityOf: ReadonlyMap<string, string> } | { readonly kind: 'pairs'; readonly pairs: readonly (readonly [string, string])[] };

const choose2 = (n: number) => (n * (n - 1)) / 2;

export function evaluateClusters(clusterOf: ReadonlyMap<string, string>, truth: Truth): Evaluation {
  const sizes = new Map<string, number>();
  for (const cluster of clusterOf.values()) sizes.set(cluster, (sizes.get(cluster) ?? 0) + 1);
  let predictedPairs = 0;
  for (const size of sizes.values()) predictedPairs += choose2(size);
  let truePositives = 0;
  let truePairs = 0;
  let unknownIds = 0;
  let trueClusters: number | undefined;
  if (truth.kind === 'entities') {
    const entitySizes = new Map<string, number>();
    const overlap = new Map<string, number>();
    for (const [id, entity] of truth.entityOf) {
      entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);
      const cluster = clusterOf.get(id);
      if (cluster === undefined) {
        unknownIds++;
        continue;
      }
      const key = `${cluster}\u0000${entity}`;
      overlap.set(key, (overlap.get(key) ?? 0) + 1);
    }
    for (const size of entitySizes.values()) truePairs += choose2(size);
    for (const size of overlap.values()) truePositives += choose2(size);
    trueClusters = entitySizes.size;
  } else {
    const seen = new Set<string>();
    const unknown = new Set<string>();
    for (const [a, b] of truth.pairs) {
      if (a === b) continue;
      const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
      if (seen.has(key)) continue;
      seen.add(key);
      truePairs++;
      const ca = clusterOf.get(a);
      const cb = clusterOf.get(b);
      if (ca === undefined) unknown.add(a);
      if (cb === undefined) unknown.add(b);
      if (ca !== undefined && ca === cb) truePositives++;
    }
    unknownIds = unknown.size;
  }
  const precision = predictedPairs === 0 ? (truePairs === 0 ? 1 : 0) : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { records: clusterOf.size, predictedClusters: sizes.size, trueClusters, predictedPairs, truePairs, truePositives, precision, recall, f1, unknownIds };
}
