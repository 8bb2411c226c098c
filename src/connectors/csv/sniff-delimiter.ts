/** Candidate delimiters, in the order that wins a tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Picks the delimiter from the first records of a file: the candidate that appears in the header and
 * splits the most following lines into the header's number of cells (quotes respected).
 */
export function sniffDelimiter(sample: string, fallback = ','): string {
  return scoreDelimiter(sample, fallback).delimiter;
}

/** The sniffed delimiter and how sure: the share of the sampled lines that split into the header's cell count. */
export interface DelimiterGuess {
  readonly delimiter: string;
  /** 0..1: the share of lines after the header that agree with it (1 for a header alone); 0 when no candidate was in the header. */
  readonly agreement: number;
  /** Lines after the header that were looked at. */
  readonly lines: number;
  /** Another candidate that scored as well (a tie decided by the header's cell count), if any. */
  readonly runnerUp?: string | undefined;
  /** Whether any candidate occurs in the header: false for a file of one column (or no header line). */
  readonly inHeader: boolean;
}

export function scoreDelimiter(sample: string, fallback = ','): DelimiterGuess {
  const lines = splitRecords(sample, 21);
  if (lines.length === 0) return { delimiter: fallback, agreement: 0, lines: 0, inHeader: false };
  let best: { delimiter: string; score: number; cells: number } | undefined;
  let runnerUp: { delimiter: string; score: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const header = counts[0]!;
    if (header === 0) continue;
    const rest = counts.slice(1);
    const agreeing = rest.length === 0 ? 1 : rest.filter((c) => c === header).length / rest.length;
    const score = agreeing;
    if (!best || score > best.score || (score === best.score && header > best.cells)) {
      if (best) runnerUp = best;
      best = { delimiter, score, cells: header };
    } else if (!runnerUp || score > runnerUp.score) runnerUp = { delimiter, score };
  }
  if (!best) return { delimiter: fallback, agreement: 0, lines: lines.length - 1, inHeader: false };
  return { delimiter: best.delimiter, agreement: best.score, lines: lines.length - 1, runnerUp: runnerUp && runnerUp.score === best.score ? runnerUp.delimiter : undefined, inHeader: true };
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
