/** A link between two records (indexes), with the match probability that made it. */
export interface Link {
  readonly a: number;
  readonly b: number;
  readonly probability: number;
}

export interface RefusedLink extends Link {
  /** The two records, one on each side, that must not end in one cluster. */
  readonly conflict: readonly [number, number];
}

export interface Clustering {
  /** For every record, the index of its cluster's first record (input order): deterministic cluster ids. */
  readonly clusterOf: Int32Array;
  readonly clusters: number;
  readonly multiRecordClusters: number;
  /** Links not followed because they would have glued records that are known to differ. */
  readonly refused: readonly RefusedLink[];
}

/**
 * Connected components over the match links, strongest link first, with a guard against chains: a link is
 * not followed when it would put two records in one cluster whose own comparison said they differ (scored
 * under the split threshold) or that a reviewer marked distinct. Must-links are followed first.
 */
export function clusterRecords(
  size: number,
  links: readonly Link[],
  constraints: { readonly cannot?: readonly (readonly [number, number])[]; readonly must?: readonly (readonly [number, number])[] } = {},
): Clustering {
  const parent = new Int32Array(size);
  for (let i = 0; i < size; i++) parent[i] = i;
  const members = new Map<number, number[]>();
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const cannot = new Map<number, number[]>();
  for (const [x, y] of constraints.cannot ?? []) {
    (cannot.get(x) ?? cannot.set(x, []).get(x)!).push(y);
    (cannot.get(y) ?? cannot.set(y, []).get(y)!).push(x);
  }
  const membersOf = (root: number) => members.get(root) ?? [root];
  const conflict = (ra: number, rb: number): [number, number] | undefined => {
    let small = membersOf(ra);
    let otherRoot = rb;
    const big = membersOf(rb);
    if (small.length > big.length) {
      small = big;
      otherRoot = ra;
    }
    for (const x of small) {
      const partners = cannot.get(x);
      if (!partners) continue;
      for (const y of partners) if (find(y) === otherRoot) return [x, y];
    }
    return undefined;
  };
  const union = (ra: number, rb: number) => {
    const ma = membersOf(ra);
    const mb = membersOf(rb);
    // The smaller component's members move into the larger one's list, which is grown in place.
    const [keep, drop, into, from] = ma.length >= mb.length ? [ra, rb, ma, mb] : [rb, ra, mb, ma];
    parent[drop] = keep;
    for (const x of from) into.push(x);
    members.set(keep, into);
    members.delete(drop);
  };
  const refused: RefusedLink[] = [];
  for (const [x, y] of constraints.must ?? []) {
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) union(rx, ry);
  }
  const ordered = [...links].sort((p, q) => q.probability - p.probability || p.a - q.a || p.b - q.b);
  for (const link of ordered) {
    const ra = find(link.a);
    const rb = find(link.b);
    if (ra === rb) continue;
    const clash = cannot.size > 0 ? conflict(ra, rb) : undefined;
    if (clash) {
      refused.push({ ...link, conflict: clash });
      continue;
    }
    union(ra, rb);
  }
  const first = new Int32Array(size).fill(-1);
  const clusterOf = new Int32Array(size);
  let clusters = 0;
  let multi = 0;
  for (let i = 0; i < size; i++) {
    const root = find(i);
    if (first[root] === -1) {
      first[root] = i;
      clusters++;
      if (membersOf(root).length > 1) multi++;
    }
    clusterOf[i] = first[root]!;
  }
  return { clusterOf, clusters, multiRecordClusters: multi, refused };
}
