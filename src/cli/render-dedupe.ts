import type { DedupeSummary, PairExplanation } from '../dedupe-jobs.js';
import type { Evaluation } from '../matching/evaluate.js';
import { count } from '../wording.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const signed = (w: number) => `${w >= 0 ? '+' : ''}${w.toFixed(2)}`;
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The dedupe part of a run summary: blocking per rule, the model, the clusters. */
export function renderDedupe(d: DedupeSummary): string[] {
  const lines: string[] = [];
  lines.push(`  ${d.analyzeOnly ? 'blocking' : 'dedupe  '}   ${d.mode === 'link' ? 'link mode, ' : ''}${count(d.counts.records, 'record')}, ${count(d.counts.candidatePairs, 'candidate pair')}`);
  const width = Math.max(...d.rules.map((r) => r.rule.length), 4);
  for (const r of d.rules) {
    const skipped = r.skippedBlocks > 0 ? `; ${r.skippedBlocks} block${r.skippedBlocks === 1 ? '' : 's'} over the cap skipped (${int(r.skippedPairs)} pairs)` : '';
    lines.push(`    ${r.rule.padEnd(width)}  ${int(r.pairs).padStart(12)} pairs, ${int(r.newPairs).padStart(12)} new; largest block ${r.largestBlock}${skipped}`);
  }
  if (d.analyzeOnly) {
    for (const o of d.oversized.slice(0, 10)) lines.push(`    ✖ over the cap: ${o.rule} = "${o.key}" (${int(o.size)} records, ${int(o.pairs)} pairs)`);
    return lines;
  }
  const c = d.counts;
  if (d.model) {
    lines.push(`  model      Fellegi-Sunter, m from ${d.model.mFrom}${d.model.mFrom === 'em' ? ` (${count(d.model.iterations, 'iteration')}${d.model.converged ? '' : ', not converged'})` : ''}; ${percent(d.model.candidateLambda)} of candidate pairs match, a random pair 1 in ${int(1 / d.model.lambda)}`);
  }
  lines.push(`  clusters   ${int(c.clusters ?? 0)} (${int(c.multiRecordClusters ?? 0)} with duplicates; ${count(c.duplicates ?? 0, 'duplicate record')}); ${count(c.matchPairs ?? 0, 'pair')} ≥ ${d.thresholds?.match}, ${int(c.reviewPairs ?? 0)} to review${(c.decidedPairs ?? 0) > 0 ? ` (${int(c.decidedPairs!)} more already decided)` : ''}`);
  if ((c.refusedLinks ?? 0) > 0) {
    lines.push(`  split      ${int(c.refusedLinks!)} weak link${c.refusedLinks === 1 ? '' : 's'} not followed: they would have joined records that scored as different`);
    for (const r of d.refused.slice(0, 3)) lines.push(`             ${r.idA} ~ ${r.idB} (${r.probability.toFixed(3)}) would join ${r.conflict[0]} and ${r.conflict[1]}`);
  }
  const time = Object.entries(d.seconds).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ');
  if (time) lines.push(`  timing     ${time}`);
  for (const [what, o] of Object.entries(d.outputs)) lines.push(`  ${what.padEnd(10)} ${int(o.rows)} row${o.rows === 1 ? '' : 's'} → ${o.file}`);
  return lines;
}

export function renderExplanation(e: PairExplanation): string {
  const lines = [`${e.idA} ~ ${e.idB}: match probability ${e.probability.toFixed(4)} (weight ${signed(e.weight)}) → ${e.decision}`];
  lines.push(`  start from the chance that two random records match: ${signed(e.prior)}`);
  const width = Math.max(...e.steps.map((s) => s.name.length), 5);
  for (const s of e.steps) {
    const values = s.level === 'null' ? '' : ` (${JSON.stringify(s.valueA)} vs ${JSON.stringify(s.valueB)})`;
    const tf = s.termFrequency !== undefined ? `; the value is held by ${percent(s.termFrequency)} of records` : '';
    lines.push(`  ${s.name.padEnd(width)}  ${s.level.padEnd(22)} ${signed(s.weight).padStart(7)}  = ${signed(s.total).padStart(7)}   ${s.description}${values}${tf}`);
  }
  lines.push(`  thresholds: match ≥ ${e.thresholds.match}, review ≥ ${e.thresholds.review}; weight w gives probability 1 / (1 + 2^-w)`);
  if (e.cluster.a !== undefined || e.cluster.b !== undefined) {
    lines.push(`  clusters: ${e.idA} in ${e.cluster.a ?? '?'}, ${e.idB} in ${e.cluster.b ?? '?'}${e.cluster.a === e.cluster.b ? ' (together)' : ' (apart)'}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderEvaluation(e: Evaluation & { truthKind: string }): string {
  const lines = [
    `precision ${e.precision.toFixed(4)}  recall ${e.recall.toFixed(4)}  F1 ${e.f1.toFixed(4)}`,
    `  pairs      ${int(e.truePositives)} right of ${int(e.predictedPairs)} predicted; ${int(e.truePairs)} true pairs (${e.truthKind === 'pairs' ? 'from a list of pairs' : 'from entity ids'})`,
    `  clusters   ${int(e.predictedClusters)} predicted over ${int(e.records)} records${e.trueClusters !== undefined ? `; ${int(e.trueClusters)} true entities` : ''}`,
  ];
  if (e.unknownIds > 0) lines.push(`  ✖ ${int(e.unknownIds)} ids of the truth are not in the clusters file (counted as missed)`);
  return `${lines.join('\n')}\n`;
}
