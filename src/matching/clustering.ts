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

/** Links as columns: a million links cost three typed arrays, not a million objects. */
export interface LinkTable {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly probability: Float64Array;
}

/** Record pairs as columns (cannot-links). */
export interface PairTable {
  readonly a: Int32Array;
  readonly b: Int32Array;
}

function toLinkTable(links: readonly Link[] | LinkTable): LinkTable {
  if (!Array.isArray(links)) return links as LinkTable;
  const list = links as readonly Link[];
  return { a: Int32Array.from(list, (l) => l.a), b: Int32Array.from(list, (l) => l.b), probability: Float64Array.from(list, (l) => l.probability) };
}

function toPairTable(pairs: readonly (readonly [number, number])[] | PairTable | undefined): PairTable {
  if (!pairs) return { a: new Int32Array(0), b: new Int32Array(0) };
  if (!Array.isArray(pairs)) return pairs as PairTable;
  const list = pairs as readonly (readonly [number, number])[];
  return { a: Int32Array.from(list, (p) => p[0]), b: Int32Array.from(list, (p) => p[1]) };
}

/** Each record's partners, both ways, as offsets into one array (compressed rows). */
function adjacency(size: number, pairs: PairTable): { start: Int32Array; partners: Int32Array } {
  const start = new Int32Array(size + 1);
  for (let p = 0; p < pairs.a.length; p++) {
    start[pairs.a[p]! + 1]!++;
    start[pairs.b[p]! + 1]!++;
  }
  for (let i = 0; i < size; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, size);
  const partners = new Int32Array(start[size]!);
  for (let p = 0; p < pairs.a.length; p++) {
    partners[fill[pairs.a[p]!]!++] = pairs.b[p]!;
    partners[fill[pairs.b[p]!]!++] = pairs.a[p]!;
  }
  return { start, partners };
}

/**
 * Connected components over the match links, strongest link first, with a guard against chains: a link is
 * not followed when it would put two records in one cluster whose own comparison said they differ (scored
 * under the split threshold) or that a reviewer marked distinct. Must-links are followed first.
 */
export function clusterRecords(
  size: number,
  linkList: readonly Link[] | LinkTable,
  constraints: { readonly cannot?: readonly (readonly [number, number])[] | PairTable; readonly must?: readonly (readonly [number, number])[] } = {},
): Clustering {
  const links = toLinkTable(linkList);
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
  const cannotPairs = toPairTable(constraints.cannot);
  const cannot = adjacency(size, cannotPairs);
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
      for (let q = cannot.start[x]!; q < cannot.start[x + 1]!; q++) {
        const y = cannot.partners[q]!;
        if (find(y) === otherRoot) return [x, y];
      }
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
  const { a, b, probability } = links;
  const ordered = Uint32Array.from({ length: a.length }, (_, i) => i).sort((p, q) => probability[q]! - probability[p]! || a[p]! - a[q]! || b[p]! - b[q]!);
  const guarded = cannotPairs.a.length > 0;
  for (const l of ordered) {
    const ra = find(a[l]!);
    const rb = find(b[l]!);
    if (ra === rb) continue;
    const clash = guarded ? conflict(ra, rb) : undefined;
    if (clash) {
      refused.push({ a: a[l]!, b: b[l]!, probability: probability[l]!, conflict: clash });
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
