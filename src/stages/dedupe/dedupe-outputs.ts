import { createCsvWriter } from '../../connectors/csv/csv-writer.js';
import type { OutputValue, TargetSpec } from '../../connectors/types.js';
import { NULL_LEVEL } from '../../matching/types.js';
import { toProbability } from '../../matching/fellegi-sunter.js';
import { clusterIds, decisionKey, type DedupeResult } from './dedupe-stage.js';

const BATCH = 5000;

async function writeCsv(file: string, columns: string[], rows: () => Iterable<OutputValue[]>): Promise<number> {
  const writer = createCsvWriter({ kind: 'csv', location: file, table: '', mode: 'replace', key: [], create: true, formulaGuard: true, batchSize: BATCH } as TargetSpec);
  async function* batches() {
    let batch: OutputValue[][] = [];
    for (const row of rows()) {
      batch.push(row);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return (await writer.write(columns, batches())).written;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** clusters.csv: record_id,cluster_id for every record, singletons included, in input order. */
export function writeClusters(file: string, result: DedupeResult): Promise<number> {
  const clusters = clusterIds(result);
  return writeCsv(file, ['record_id', 'cluster_id'], function* () {
    for (let i = 0; i < clusters.length; i++) yield [result.input.ids[i]!, clusters[i]!];
  });
}

/** Pair indexes with probability in [min, max), strongest first, ties in id order. */
function pairsBetween(result: DedupeResult, min: number, max = Infinity): number[] {
  const { weight, a, b } = result.pairs;
  const ids = result.input.ids;
  const picked: number[] = [];
  for (let p = 0; p < weight.length; p++) {
    const probability = toProbability(weight[p]!);
    if (probability >= min && probability < max) picked.push(p);
  }
  return picked.sort((p, q) => weight[q]! - weight[p]! || (ids[a[p]!]! < ids[a[q]!]! ? -1 : ids[a[p]!]! > ids[a[q]!]! ? 1 : 0) || (ids[b[p]!]! < ids[b[q]!]! ? -1 : 1));
}

function levelLabel(result: DedupeResult, p: number, c: number): string {
  const level = result.pairs.levels[p * result.comparisons.length + c]!;
  return level === NULL_LEVEL ? 'null' : result.comparisons[c]!.levels[level]!.label;
}

/** pairs.csv: every scored candidate pair at or above `min`, with each comparison's level. */
export function writePairs(file: string, result: DedupeResult, min: number): Promise<number> {
  const names = result.comparisons.map((c) => c.name);
  return writeCsv(file, ['id_a', 'id_b', 'probability', 'match_weight', 'decision', ...names], function* () {
    for (const p of pairsBetween(result, min)) {
      const probability = toProbability(result.pairs.weight[p]!);
      const decision = probability >= result.thresholds.match ? 'match' : probability >= result.thresholds.review ? 'review' : 'distinct';
      yield [
        result.input.ids[result.pairs.a[p]!]!,
        result.input.ids[result.pairs.b[p]!]!,
        String(round(probability, 6)),
        String(round(result.pairs.weight[p]!, 3)),
        decision,
        ...names.map((_, c) => levelLabel(result, p, c)),
      ];
    }
  });
}

/** The fields a reviewer sees side by side: every field a comparison reads (normalizer keys left out). */
function reviewFields(result: DedupeResult): string[] {
  const fields: string[] = [];
  for (const c of result.comparisons) for (const f of c.reads) if (!f.includes('.') && !fields.includes(f)) fields.push(f);
  return fields;
}

/**
 * review.csv: the uncertain pairs (between the review and match thresholds), both records' fields side by
 * side, the probability and each comparison's level, and a `decision` column to fill with match or distinct for
 * `steward review apply`. A pair a reviewer already decided keeps its row with the decision filled in: the file is
 * the whole review, and a decision can be changed there and applied again.
 */
export function writeReview(file: string, result: DedupeResult): Promise<number> {
  const fields = reviewFields(result);
  const names = result.comparisons.map((c) => c.name);
  const columns = ['id_a', 'id_b', 'decision', 'probability', 'match_weight', ...fields.flatMap((f) => [`${f}_a`, `${f}_b`]), ...names.map((n) => `level_${n}`)];
  return writeCsv(file, columns, function* () {
    for (const p of pairsBetween(result, result.thresholds.review, result.thresholds.match)) {
      const ra = result.input.records[result.pairs.a[p]!]!;
      const rb = result.input.records[result.pairs.b[p]!]!;
      yield [
        result.input.ids[result.pairs.a[p]!]!,
        result.input.ids[result.pairs.b[p]!]!,
        result.decided.get(decisionKey(result.input.ids[result.pairs.a[p]!]!, result.input.ids[result.pairs.b[p]!]!)) ?? null,
        String(round(toProbability(result.pairs.weight[p]!), 6)),
        String(round(result.pairs.weight[p]!, 3)),
        ...fields.flatMap((f) => [ra[f] ?? null, rb[f] ?? null]),
        ...names.map((_, c) => levelLabel(result, p, c)),
      ];
    }
  });
}
