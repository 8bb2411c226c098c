import type { AuditReport, CheckStatus } from '../types.js';
import { binLabel, checksByStatus, fieldNames, formatChange, formatValue, int, percent, stripControls } from './format.js';

const MARK: Readonly<Record<CheckStatus, string>> = { pass: '✔', warn: '▲', fail: '✖' };
const BAR_WIDTH = 30;
const SAMPLES_SHOWN = 10;

/** Columns padded to their widest cell; the first column left-aligned, the rest right-aligned. */
function columns(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `${indent}${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd());
}

/** The audit for a terminal: status, the figures per field, every check, the record-completeness histogram. */
export function renderTable(report: AuditReport): string {
  const text = stripControls;
  const lines: string[] = [];
  lines.push(`${MARK[report.status]} audit ${text(report.job)}: ${report.status} · ${int(report.records)} record${report.records === 1 ? '' : 's'} · ${text(report.target)}`);

  const names = fieldNames(report);
  if (names.length > 0) {
    const rows = [['field', 'filled', 'complete', 'valid', 'validity', 'change']];
    for (const name of names) {
      const f = report.fields[name]!;
      rows.push([text(name), int(f.filled), percent(f.completeness), int(f.valid), percent(f.validity), formatChange(report.changes[name])]);
    }
    lines.push('', ...columns(rows, '  '));
  }

  if (report.checks.length > 0) {
    const checks = checksByStatus(report);
    const rows = checks.map((c) => [`${MARK[c.status]} ${text(c.name)}`, formatValue(c.metric, c.value), text(c.threshold), c.status === 'pass' ? '' : `(${c.severity})`]);
    const rendered = columns(rows, '  ');
    lines.push('', '  checks');
    checks.forEach((c, i) => {
      lines.push(rendered[i]!);
      if (c.status === 'fail' && c.samples.length > 0) {
        const shown = c.samples.slice(0, SAMPLES_SHOWN).map(text).join(', ');
        const more = c.samples.length > SAMPLES_SHOWN ? `, … ${c.samples.length - SAMPLES_SHOWN} more` : '';
        lines.push(`      e.g. ${shown}${more}`);
      }
    });
    const counts = { pass: 0, warn: 0, fail: 0 };
    for (const c of report.checks) counts[c.status] += 1;
    lines.push(`  ${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed`);
  }

  const rc = report.recordCompleteness;
  if (rc && rc.histogram.length > 0) {
    lines.push('', `  record completeness  mean ${percent(rc.mean)}`);
    const max = Math.max(...rc.histogram.map((b) => b.count), 1);
    const rows = rc.histogram.map((b) => {
      const width = b.count > 0 ? Math.max(1, Math.round((b.count / max) * BAR_WIDTH)) : 0;
      return [binLabel(b), `${'█'.repeat(width)}${' '.repeat(BAR_WIDTH - width)}`, int(b.count)];
    });
    lines.push(...columns(rows, '    '));
  }
  return `${lines.join('\n')}\n`;
}
