import type { BlockingKeyPart } from './blocking-keys.js';
import type { MatchRecord } from './types.js';

export interface BlockingRule {
  /** As written in the rule file: `email.key`, `last_name.metaphone + first_name.initial`. */
  readonly text: string;
  readonly parts: readonly BlockingKeyPart[];
}

export interface OversizedBlock {
  readonly rule: string;
  readonly key: string;
  readonly size: number;
  readonly pairs: number;
}

export interface RuleStats {
  readonly rule: string;
  readonly blocks: number;
  /** Pairs the rule's blocks hold (within the cap), counting those an earlier rule already found. */
  readonly pairs: number;
  /** Pairs no earlier rule found: what the rule adds. */
  readonly newPairs: number;
  readonly largestBlock: number;
  readonly skippedBlocks: number;
  readonly skippedPairs: number;
}

export interface BlockingResult {
  /** Candidate pairs as record indexes, a[i] < b[i] in dedupe mode; in link mode a is from side 0. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** For each pair, a bit per blocking rule whose key the two records share (bit r for rule r). */
  readonly sharedRules: Uint32Array;
  readonly count: number;
  readonly rules: readonly RuleStats[];
  readonly oversized: readonly OversizedBlock[];
}

export interface BlockingOptions {
  /** Blocks with more records than this are skipped and reported, never cut silently. */
  readonly maxBlockSize: number;
  /** Link mode: record i belongs to side[i] (0 or 1); only pairs across sides are candidates. */
  readonly side?: Uint8Array | undefined;
  /** Count only (analyze): no pair arrays are kept. */
  readonly countOnly?: boolean;
}

const SEP = '\u001f';
/** Each pair records the rules it shares as bits of one 32-bit mask. */
export const MAX_BLOCKING_RULES = 32;

/** A record's key for one rule, or undefined when a part is empty (an empty key blocks nothing). */
export function ruleKey(rule: BlockingRule, record: MatchRecord): string | undefined {
  let key = '';
  for (let p = 0; p < rule.parts.length; p++) {
    const value = rule.parts[p]!.value(record);
    if (value === '') return undefined;
    key = p === 0 ? value : key + SEP + value;
  }
  return key;
}

/** Each record's value of one key part as a number (-1 when empty), the transform run once per distinct value. */
export function partValues(part: BlockingKeyPart, records: readonly MatchRecord[]): { ids: Int32Array; count: number } {
  const ids = new Int32Array(records.length);
  const byRaw = new Map<string, number>();
  // Without transforms (only trimming, which is idempotent) a value's own entry is its raw entry: one map.
  const byValue = part.transforms.length === 0 ? byRaw : new Map<string, number>();
  let count = 0;
  for (let i = 0; i < records.length; i++) {
    const raw = records[i]![part.key];
    if (raw === undefined) {
      ids[i] = -1;
      continue;
    }
    let id = byRaw.get(raw);
    if (id === undefined) {
      const value = part.transform(raw);
      if (value === '') id = -1;
      else {
        id = byValue.get(value);
        if (id === undefined) byValue.set(value, (id = count++));
      }
      if (raw !== value || byValue !== byRaw) byRaw.set(raw, id);
    }
    ids[i] = id;
  }
  return { ids, count };
}

/**
 * Each record's key for one rule as a small number (-1 for no key), numbered in first-seen order: pairs
 * compare numbers, not strings, and the key texts need not be kept (a block's text is its first record's key).
 * `parts` caches part values across rules (last_name.metaphone serves several).
 */
export function ruleKeys(rule: BlockingRule, records: readonly MatchRecord[], parts = new Map<string, { ids: Int32Array; count: number }>()): { ids: Int32Array; count: number } {
  const columns = rule.parts.map((part) => parts.get(part.text) ?? parts.set(part.text, partValues(part, records)).get(part.text)!);
  // One part: its numbers are the keys already, in first-seen order (a copy: blocking marks skipped records).
  if (columns.length === 1) return { ids: columns[0]!.ids.slice(), count: columns[0]!.count };
  const ids = new Int32Array(records.length);
  // The parts' numbers combine into one number while that stays exact; else into text.
  let range = 1;
  for (const column of columns) range *= Math.max(1, column.count);
  const exact = range < Number.MAX_SAFE_INTEGER;
  const numbers = new Map<number | string, number>();
  for (let i = 0; i < records.length; i++) {
    let key: number | string = exact ? 0 : '';
    let empty = false;
    for (const column of columns) {
      const id = column.ids[i]!;
      if (id < 0) {
        empty = true;
        break;
      }
      key = exact ? (key as number) * column.count + id : `${key as string},${id}`;
    }
    if (empty) {
      ids[i] = -1;
      continue;
    }
    let id = numbers.get(key);
    if (id === undefined) numbers.set(key, (id = numbers.size));
    ids[i] = id;
  }
  return { ids, count: numbers.size };
}

/** The records of each key, in record order; keys in first-seen order. */
function blocksOf(ids: Int32Array, keys: number): { start: Int32Array; members: Int32Array } {
  const start = new Int32Array(keys + 1);
  for (const id of ids) if (id >= 0) start[id + 1]!++;
  for (let key = 0; key < keys; key++) start[key + 1]! += start[key]!;
  const fill = start.slice(0, keys);
  const members = new Int32Array(start[keys]!);
  ids.forEach((id, i) => {
    if (id >= 0) members[fill[id]!++] = i;
  });
  return { start, members };
}

class PairBuffer {
  a = new Int32Array(1 << 16);
  b = new Int32Array(1 << 16);
  r = new Uint32Array(1 << 16);
  count = 0;
  push(x: number, y: number, rule: number): void {
    if (this.count === this.a.length) {
      const grow = (old: Int32Array) => {
        const next = new Int32Array(old.length * 2);
        next.set(old);
        return next;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      const rules = new Uint32Array(this.r.length * 2);
      rules.set(this.r);
      this.r = rules;
    }
    this.a[this.count] = x;
    this.b[this.count] = y;
    this.r[this.count] = rule;
    this.count++;
  }
}

/**
 * Candidate pairs from several blocking rules, OR-ed: a pair is produced by the first rule whose key the two
 * records share, so no pair is compared twice. Deterministic: blocks in first-seen order, records in index order.
 */
export function blockPairs(rules: readonly BlockingRule[], records: readonly MatchRecord[], options: BlockingOptions): BlockingResult {
  if (rules.length > MAX_BLOCKING_RULES) throw new RangeError(`at most ${MAX_BLOCKING_RULES} blocking rules, got ${rules.length}`);
  const parts = new Map<string, { ids: Int32Array; count: number }>();
  const numbered = rules.map((rule) => ruleKeys(rule, records, parts));
  const keys = numbered.map((n) => n.ids);
  const blockCounts = numbered.map((n) => n.count);
  const side = options.side;
  const out = new PairBuffer();
  const stats: RuleStats[] = [];
  const oversized: OversizedBlock[] = [];
  for (let r = 0; r < rules.length; r++) {
    const mine = keys[r]!;
    const count = blockCounts[r]!;
    const { start, members: all } = blocksOf(mine, count);
    let pairs = 0;
    let newPairs = 0;
    let largest = 0;
    let skippedBlocks = 0;
    let skippedPairs = 0;
    for (let key = 0; key < count; key++) {
      const members = all.subarray(start[key]!, start[key + 1]!);
      if (members.length < 2) continue;
      const blockPairsCount = side ? crossCount(members, side) : (members.length * (members.length - 1)) / 2;
      if (blockPairsCount === 0) continue;
      if (members.length > options.maxBlockSize) {
        skippedBlocks++;
        skippedPairs += blockPairsCount;
        oversized.push({ rule: rules[r]!.text, key: ruleKey(rules[r]!, records[members[0]!]!)!.split(SEP).join(' + '), size: members.length, pairs: blockPairsCount });
        // Its pairs were not produced here, so a later rule that shares another key must still produce them.
        for (const m of members) mine[m] = -1;
        continue;
      }
      largest = Math.max(largest, members.length);
      pairs += blockPairsCount;
      for (let x = 0; x < members.length; x++) {
        const i = members[x]!;
        for (let y = x + 1; y < members.length; y++) {
          const j = members[y]!;
          let first = i;
          let second = j;
          if (side) {
            if (side[i] === side[j]) continue;
            if (side[i] === 1) {
              first = j;
              second = i;
            }
          }
          const shared = sharedRules(keys, i, j);
          // An earlier rule whose key the two share has produced this pair already.
          if (shared & ((1 << r) - 1)) continue;
          newPairs++;
          if (!options.countOnly) out.push(first, second, shared);
        }
      }
    }
    stats.push({ rule: rules[r]!.text, blocks: count, pairs, newPairs, largestBlock: largest, skippedBlocks, skippedPairs });
  }
  return { a: out.a.subarray(0, out.count), b: out.b.subarray(0, out.count), sharedRules: out.r.subarray(0, out.count), count: options.countOnly ? stats.reduce((s, r) => s + r.newPairs, 0) : out.count, rules: stats, oversized };
}

/** A bit per rule whose key records i and j share (at most MAX_BLOCKING_RULES rules). */
function sharedRules(keys: readonly Int32Array[], i: number, j: number): number {
  let mask = 0;
  for (let q = 0; q < keys.length; q++) {
    const k = keys[q]![i]!;
    if (k >= 0 && k === keys[q]![j]) mask |= 1 << q;
  }
  return mask >>> 0;
}


function crossCount(members: Int32Array, side: Uint8Array): number {
  let left = 0;
  for (const m of members) if (side[m] === 0) left++;
  return left * (members.length - left);
}
