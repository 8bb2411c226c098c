import { count } from '../wording.js';
import type { MergeSummary, UnmergeSummary } from '../merge-jobs.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** The merge part of a summary: the counts (records = golden + merged away), a dry run's clusters, what changed in place. */
export function renderMerge(m: MergeSummary): string[] {
  const c = m.counts;
  const lines = [
    `  merge      survivor ${m.survivor}${m.tieBreakers.length > 0 ? ` (then ${m.tieBreakers.join(', ')})` : ''}; ${int(c.records)} records = ${int(c.golden)} golden + ${int(c.mergedAway)} merged away; ${count(c.multiRecordClusters, 'cluster')} with duplicates, ${count(c.conflicts, 'conflict')}`,
  ];
  const own = Object.entries(m.rules).filter(([, rule]) => rule !== 'master');
  if (own.length > 0) lines.push(`  fields     ${own.map(([field, rule]) => `${field}: ${rule}`).join(', ')}; the others: the survivor's value`);
  for (const cluster of m.clusters) {
    lines.push(`  golden ${cluster.goldenId}: survivor ${cluster.survivor}, merging ${cluster.mergedAway.join(', ')}`);
    const width = Math.max(8, ...Object.keys(cluster.values).map((k) => k.length));
    for (const [column, value] of Object.entries(cluster.values)) {
      const from = cluster.lineage[column];
      lines.push(`    ${column.padEnd(width)}  ${JSON.stringify(value)}  ← ${from?.record ?? '?'} (${from?.rule ?? '?'})`);
    }
    for (const conflict of cluster.conflicts) {
      lines.push(`    ✖ conflict ${conflict.field}: ${conflict.values.map((v) => `${JSON.stringify(v.value)} (${v.records.join(', ')})`).join(' vs ')} → ${JSON.stringify(conflict.chosen)} by ${conflict.rule}`);
    }
  }
  if (m.planOut) lines.push(`  plan       ${count(m.planOut.clusters, 'cluster')} → ${m.planOut.file}`);
  const p = m.inPlace;
  if (p) {
    const removal = p.layout.softDelete ? `flagged ${p.layout.softDelete.column} = ${String(p.layout.softDelete.value)}` : 'deleted';
    lines.push(`  in place   ${p.target} table ${p.layout.table} (key ${p.layout.key}); related: ${p.layout.children.map((l) => `${l.table}.${l.column}`).join(', ') || '(none)'}`);
    lines.push(
      `  batches    ${int(p.counts.committed)} of ${int(p.counts.batches)} committed now${p.counts.alreadyCommitted > 0 ? `, ${int(p.counts.alreadyCommitted)} by the interrupted run` : ''} (${count(p.batchSize, 'cluster')} each, one transaction per batch)`,
    );
    lines.push(`  changed    ${count(p.counts.survivorsUpdated, 'survivor row')} updated, ${count(p.counts.rowsRemoved, 'merged-away row')} ${removal}, ${count(p.counts.childRowsRepointed, 'related row')} re-pointed`);
  }
  return lines;
}

export function renderUnmerge(u: UnmergeSummary): string[] {
  const c = u.counts;
  return [
    `  unmerge    merge run ${u.mergeRun}${u.golden !== undefined ? `, golden record ${u.golden}` : ''} in ${u.target}: ${count(c.clusters, 'cluster')} in ${count(c.batches, 'batch', 'batches')} restored`,
    `  restored   ${count(c.rowsRestored, 'merged-away row')}, ${count(c.childRowsRestored, 'related row')} pointed back, ${count(c.survivorsRestored, 'survivor row')} given back their old values`,
    `  status     ${u.status === 'undone' ? 'the merge run is fully undone' : 'the merge run is partly undone (other clusters stay merged)'}`,
  ];
}
