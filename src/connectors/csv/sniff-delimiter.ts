/** Candidate delimiters, in the order that wins a tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Picks the delimiter from the first records of a file: the candidate that appears in the header and
 * splits the most following lines into the header's number of cells (quotes respected).
 */
export function sniffDelimiter(sample: string, fallback = ','): string {
  const lines = splitRecords(sample, 21);
  if (lines.length === 0) return fallback;
  let best: { delimiter: string; score: number; cells: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const header = counts[0]!;
    if (header === 0) continue;
    const rest = counts.slice(1);
    const agreeing = rest.length === 0 ? 1 : rest.filter((c) => c === header).length / rest.length;
    const score = agreeing;
    if (!best || score > best.score || (score === best.score && header > best.cells)) best = { delimiter, score, cells: header };
  }
  return best?.delimiter ?? fallback;
}

/** Records (not physical lines) of the sample, at most `limit`, the last possibly cut short dropped. */
function splitRecords(sample: string, limit: number): string[] {
  const out: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < sample.length && out.length < limit; i++) {
    const c = sample[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (i > start) out.push(sample.slice(start, i));
      if (c === '\r' && sample[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  return out;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === delimiter && !inQuotes) count++;
  }
  return count;
}
