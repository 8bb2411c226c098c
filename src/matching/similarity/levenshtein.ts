import fastLevenshtein from 'fast-levenshtein';

/** Levenshtein edit distance (insertions, deletions, substitutions), via fast-levenshtein. */
export function levenshtein(a: string, b: string): number {
  return a === b ? 0 : fastLevenshtein.get(a, b);
}
