import { levenshtein } from './levenshtein.js';

// Words are runs of letters and digits: whitespace, punctuation and symbols separate them.
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** The set of lower-cased words of a text ("Acme, Inc." -> {acme, inc}). */
export function tokenSet(text: string): Set<string> {
  const set = new Set<string>();
  for (const token of text.toLowerCase().split(SEPARATORS)) if (token !== '') set.add(token);
  return set;
}

/** Size of the intersection of two sets, iterating the smaller one. */
function intersectionSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let count = 0;
  for (const token of small) if (large.has(token)) count++;
  return count;
}

/** Jaccard index of two word sets: |A ∩ B| / |A ∪ B|; 1 for two empty sets. */
export function jaccardSets(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const common = intersectionSize(a, b);
  return common / (a.size + b.size - common);
}

/** Token-set Jaccard of two texts: word order, case and punctuation ignored. */
export function jaccard(a: string, b: string): number {
  return jaccardSets(tokenSet(a), tokenSet(b));
}

/** Whether two word sets hold the same words. */
export function sameTokens(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && intersectionSize(a, b) === a.size;
}

/** Edit similarity in [0, 1]: 1 - levenshtein / longer length. */
function ratio(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
}

/**
 * Token-set ratio in [0, 1] (as in fuzzywuzzy): the sorted common words against each side's sorted words, best
 * edit similarity of the three; 1 when one side's words are all in the other ("Acme" vs "Acme Corp").
 */
export function tokenSetRatio(a: string, b: string): number {
  const setA = tokenSet(a);
  const setB = tokenSet(b);
  const common: string[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (const token of setA) (setB.has(token) ? common : onlyA).push(token);
  for (const token of setB) if (!setA.has(token)) onlyB.push(token);
  const base = common.sort().join(' ');
  const withA = [base, ...onlyA.sort()].join(' ').trim();
  const withB = [base, ...onlyB.sort()].join(' ').trim();
  if (base === '') return ratio(withA, withB);
  return Math.max(ratio(base, withA), ratio(base, withB), ratio(withA, withB));
}
