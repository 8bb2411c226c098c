import { count } from '../wording.js';
import type { CleanSummary } from '../clean-jobs.js';
import type { UndoSummary } from '../undo-jobs.js';
import { renderUnmerge } from './render-merge.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** A clean in place: where, the counts (rows read, changed, cells), each field's, and a few before → after. */
export function renderClean(c: CleanSummary): string[] {
  const n = c.counts;
  const lines = [
    `  in place   ${c.target} table ${c.layout.table} (key ${c.layout.key}), ${count(c.batchSize, 'row')} per transaction`,
    `  mapped     ${Object.entries(c.layout.columns).map(([field, columns]) => `${columns.join(' | ')} → ${field}`).join(', ') || '(no column matched a field)'}`,
    `  ${c.dryRun ? 'would clean' : 'cleaned   '} ${count(n.rowsRead, 'row')} read: ${count(n.rowsChanged, 'row')} changed (${count(n.cellsChanged, 'cell')})${c.dryRun ? '' : ` in ${count(n.batches, 'batch', 'batches')}`}, the others left as they are`,
  ];
  for (const [field, f] of Object.entries(c.byField)) {
    const parts = [`changed ${int(f.changed)}`];
    if (f.invalid > 0) parts.push(`flagged invalid ${int(f.invalid)} (kept as they are)`);
    if (f.notWritten > 0) parts.push(`not written ${int(f.notWritten)} (no text column for the value or a part the normalizer moved out)`);
    lines.push(`    ${field.padEnd(12)} ${parts.join('; ')}`);
  }
  for (const s of c.samples) lines.push(`      ${s.key} ${s.column}: ${JSON.stringify(s.before)} → ${JSON.stringify(s.after)}`);
  if (c.run !== undefined && n.cellsChanged > 0) lines.push(`  run        ${c.run} (steward undo --run ${c.run} puts every cell back)`);
  return lines;
}

/** An undo: a clean's rows and cells given back their old values, or a merge's as unmerge shows it. */
export function renderUndo(u: UndoSummary): string[] {
  const c = u.counts;
  if (u.kind === 'merge') return renderUnmerge({ mergeRun: u.run, golden: u.golden, target: u.target, counts: c, status: u.status });
  return [
    `  undo       clean run ${u.run} in ${u.target}: ${count(c.survivorsRestored, 'row')} given back ${count(c.cellsRestored, 'old value')} in ${count(c.batches, 'batch', 'batches')}`,
    `  status     ${u.status === 'undone' ? 'the clean run is fully undone' : 'the clean run is partly undone'}`,
  ];
}
