import levenshtein from 'fast-levenshtein';

/** "did you mean …" for a misspelt key or option: the closest candidate within a third of its length. */
export function suggest(given: string, candidates: readonly string[]): string | undefined {
  if (given.length < 3) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein.get(given.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  // Two edits always (a swapped pair of letters is two), more for long words.
  const limit = Math.max(2, Math.floor(Math.max(given.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}
