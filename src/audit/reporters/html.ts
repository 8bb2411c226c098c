import type { AuditReport, CheckResult, CheckStatus } from '../types.js';
import { binLabel, checksByStatus, escapeHtml, fieldNames, formatChange, formatValue, int, percent } from './format.js';

/** Every value from the data goes through this: field names, ids, messages, target and job are user data. */
const h = escapeHtml;

const MARK: Readonly<Record<CheckStatus, string>> = { pass: '✔', warn: '▲', fail: '✖' };
const PALETTE = ['#0969da', '#bf3989', '#1a7f37', '#bc4c00', '#8250df', '#0a7c86', '#9a6700', '#cf222e'];
const SAMPLES_SHOWN = 100;
/** Runs in the trend table, this one included. */
const TABLE_RUNS = 6;

/** A share clamped to 0..1 for drawing (the printed figure stays as computed). */
const clamp = (share: number) => (Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0);
/** SVG coordinates with one decimal: small files, stable output. */
const n = (x: number) => String(Math.round(x * 10) / 10);
const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** An ISO time as a short label: "2026-11-24 10:00"; anything else as given. */
const when = (at: string) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(at) ? at.slice(0, 16).replace('T', ' ') : at);
const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

const CSS = `
:root { color-scheme: light; --pass: #1a7f37; --warn: #9a6700; --fail: #cf222e; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #fff; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600; font-size: 14px; vertical-align: middle; }
td[class^="status-"], th { white-space: nowrap; }
.status-pass { color: var(--pass); } .status-warn { color: var(--warn); } .status-fail { color: var(--fail); }
.badge.status-pass { background: var(--pass); color: #fff; } .badge.status-warn { background: var(--warn); color: #fff; } .badge.status-fail { background: var(--fail); color: #fff; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.down { color: var(--fail); } td.up { color: var(--pass); }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
svg { display: block; max-width: 100%; height: auto; font: 12px system-ui, sans-serif; }
svg text { fill: #1f2328; } svg .muted { fill: var(--muted); }
.track { fill: #eaeef2; } .bar-completeness { fill: #0969da; } .bar-validity { fill: #1a7f37; } .bar-histogram { fill: #8250df; }
.grid { stroke: #eaeef2; stroke-width: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 6px 0; }
.legend li::before { content: ""; display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; background: var(--swatch); }
.failure { border-left: 4px solid var(--fail); padding: 4px 12px; margin: 10px 0; background: #fff8f8; }
.failure h3 { margin: 2px 0; font-size: 15px; }
.samples { display: flex; flex-wrap: wrap; gap: 4px; list-style: none; padding: 0; margin: 6px 0; }
.empty { color: var(--muted); font-style: italic; }
span.muted { color: var(--muted); }
`;

function header(report: AuditReport): string {
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const c of report.checks) counts[c.status] += 1;
  const rc = report.recordCompleteness;
  return `<header id="summary">
<h1>steward audit: ${h(report.job)} <span class="badge status-${report.status}" id="status">${MARK[report.status]} ${report.status}</span></h1>
<dl class="meta">
<dt>target</dt><dd>${h(report.target)}</dd>
<dt>run at</dt><dd>${h(report.at)}</dd>
<dt>records</dt><dd>${int(report.records)}</dd>
${rc ? `<dt>record completeness</dt><dd>mean ${percent(rc.mean)}</dd>\n` : ''}<dt>checks</dt><dd>${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed</dd>
</dl>
</header>`;
}

/** Two horizontal bars per field, completeness above validity, each with its percentage. */
function fillRates(report: AuditReport): string {
  const names = fieldNames(report);
  if (names.length === 0) return '<p class="empty">No fields were audited.</p>';
  return shareBars(
    'fill-rates',
    names.map((name) => ({ name, completeness: report.fields[name]!.completeness, validity: report.fields[name]!.validity })),
    { completeness: 'completeness (filled / records)', validity: 'validity (valid / filled)', aria: 'completeness and validity per field' },
  );
}

/**
 * Two horizontal bars per row (a field, a column), completeness above validity, each with its percentage; a
 * validity nothing measured is drawn as an empty track marked "n/a". Shared by the audit and the profile pages.
 */
export function shareBars(
  id: string,
  rows: readonly { readonly name: string; readonly completeness: number; readonly validity: number | undefined }[],
  labels: { readonly completeness: string; readonly validity: string; readonly aria: string },
): string {
  const labelWidth = 190, barWidth = 600, rowHeight = 44, top = 28, width = labelWidth + barWidth + 70;
  const height = top + rows.length * rowHeight;
  const drawn = rows.map(({ name, completeness, validity }, i) => {
    const y = top + i * rowHeight;
    const bar = (kind: 'completeness' | 'validity', share: number | undefined, dy: number) =>
      `<rect class="track" x="${labelWidth}" y="${n(y + dy)}" width="${barWidth}" height="14" rx="2"/>` +
      (share === undefined
        ? `<text class="muted" x="${labelWidth + barWidth + 8}" y="${n(y + dy + 11)}">n/a</text>`
        : `<rect class="bar-${kind}" x="${labelWidth}" y="${n(y + dy)}" width="${n(clamp(share) * barWidth)}" height="14" rx="2"><title>${h(name)} ${kind} ${percent(share)}</title></rect>` +
          `<text x="${labelWidth + barWidth + 8}" y="${n(y + dy + 11)}">${percent(share)}</text>`);
    return `<g class="field-row" data-field="${h(name)}">
<text x="${labelWidth - 10}" y="${n(y + 19)}" text-anchor="end"><title>${h(name)}</title>${h(shorten(name, 24))}</text>
${bar('completeness', completeness, 2)}
${bar('validity', validity, 20)}
</g>`;
  });
  const legend = `<rect class="bar-completeness" x="${labelWidth}" y="4" width="12" height="12"/><text x="${labelWidth + 18}" y="14">${h(labels.completeness)}</text>` +
    `<rect class="bar-validity" x="${labelWidth + 250}" y="4" width="12" height="12"/><text x="${labelWidth + 268}" y="14">${h(labels.validity)}</text>`;
  return `<svg id="${h(id)}" class="chart" role="img" aria-label="${h(labels.aria)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
${legend}
${drawn.join('\n')}
</svg>`;
}

function fieldTable(report: AuditReport): string {
  const names = fieldNames(report);
  if (names.length === 0) return '';
  const rows = names.map((name) => {
    const f = report.fields[name]!;
    const change = report.changes[name];
    const trend = change === undefined || !Number.isFinite(change) || Math.abs(change) < 0.0005 ? '' : change < 0 ? ' down' : ' up';
    return `<tr><td><code>${h(name)}</code></td><td class="num">${int(f.filled)}</td><td class="num">${percent(f.completeness)}</td><td class="num">${int(f.valid)}</td><td class="num">${percent(f.validity)}</td><td class="num${trend}">${formatChange(change)}</td></tr>`;
  });
  return `<table id="fields">
<thead><tr><th>field</th><th class="num">filled</th><th class="num">completeness</th><th class="num">valid</th><th class="num">validity</th><th class="num">change</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** Vertical bars: how many records score in each 10% band of weighted completeness. */
function histogram(report: AuditReport): string {
  const rc = report.recordCompleteness;
  if (!rc || rc.histogram.length === 0) return '';
  const bins = rc.histogram;
  const left = 50, chartHeight = 200, top = 20, slot = 64, width = left + bins.length * slot + 10, height = top + chartHeight + 40;
  const max = Math.max(...bins.map((b) => b.count), 1);
  const ticks = [0, 0.5, 1].map((t) => {
    const y = top + chartHeight - t * chartHeight;
    return `<line class="grid" x1="${left}" x2="${width - 10}" y1="${n(y)}" y2="${n(y)}"/><text class="muted" x="${left - 6}" y="${n(y + 4)}" text-anchor="end">${int(max * t)}</text>`;
  });
  const bars = bins.map((b, i) => {
    const barHeight = (b.count / max) * chartHeight;
    const x = left + i * slot + 8;
    const y = top + chartHeight - barHeight;
    return `<g class="bin"><rect class="bar-histogram" x="${n(x)}" y="${n(y)}" width="${slot - 16}" height="${n(barHeight)}"><title>${binLabel(b)}: ${int(b.count)} records</title></rect>` +
      `<text x="${n(x + (slot - 16) / 2)}" y="${n(y - 4)}" text-anchor="middle">${int(b.count)}</text>` +
      `<text class="muted" x="${n(x + (slot - 16) / 2)}" y="${top + chartHeight + 16}" text-anchor="middle">${binLabel(b)}</text></g>`;
  });
  return `<h2>Record completeness</h2>
<p>Mean weighted completeness per record: <strong>${percent(rc.mean)}</strong>. Records by score:</p>
<svg id="histogram" class="chart" role="img" aria-label="records by completeness score" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
${ticks.join('\n')}
${bars.join('\n')}
</svg>`;
}

function failure(c: CheckResult): string {
  const shown = c.samples.slice(0, SAMPLES_SHOWN).map((s) => `<li><code>${h(s)}</code></li>`);
  const more = c.samples.length > SAMPLES_SHOWN ? `<li>… ${c.samples.length - SAMPLES_SHOWN} more</li>` : '';
  return `<article class="failure">
<h3>✖ ${h(c.name)}</h3>
<p>${h(c.message)}</p>
<p>value <strong>${formatValue(c.metric, c.value)}</strong>, threshold <code>${h(c.threshold)}</code>, severity ${c.severity}</p>
${c.samples.length > 0 ? `<p>Sample records (${c.samples.length}):</p>\n<ul class="samples">${shown.join('')}${more}</ul>` : ''}
</article>`;
}

function checks(report: AuditReport): string {
  const failing = report.checks.filter((c) => c.status === 'fail');
  const failures = `<section id="failures">
<h2>Failing checks</h2>
${failing.length > 0 ? failing.map(failure).join('\n') : '<p class="empty">No check failed.</p>'}
</section>`;
  if (report.checks.length === 0) return failures;
  const rows = checksByStatus(report).map((c) =>
    `<tr class="check-${c.status}"><td class="status-${c.status}">${MARK[c.status]} ${c.status}</td><td>${h(c.name)}</td><td class="num">${formatValue(c.metric, c.value)}</td><td><code>${h(c.threshold)}</code></td><td>${c.severity}</td><td>${h(c.message)}</td></tr>`,
  );
  return `${failures}
<section>
<h2>All checks</h2>
<table id="checks">
<thead><tr><th>status</th><th>check</th><th class="num">value</th><th>threshold</th><th>severity</th><th>message</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

/** One line per field over the earlier runs and this one, plus the mean as a thicker dashed line; then the figures as a table. */
function trend(report: AuditReport): string {
  const names = fieldNames(report);
  const runs = [
    ...report.history.map((e) => ({ label: e.at, status: e.status, records: e.records, completeness: e.completeness })),
    { label: report.at, status: report.status, records: report.records, completeness: Object.fromEntries(names.map((f) => [f, report.fields[f]!.completeness])) },
  ];
  if (report.history.length === 0) return `<h2>Trend</h2>\n<p class="empty" id="trend">This is the first run: no earlier runs to compare.</p>`;
  const left = 50, right = 20, top = 16, chartHeight = 220, width = 860, height = top + chartHeight + 44;
  const step = runs.length > 1 ? (width - left - right) / (runs.length - 1) : 0;
  const x = (i: number) => left + i * step;
  const y = (share: number) => top + chartHeight - clamp(share) * chartHeight;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((t) => `<line class="grid" x1="${left}" x2="${width - right}" y1="${n(y(t))}" y2="${n(y(t))}"/><text class="muted" x="${left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${t * 100}%</text>`);
  // At most about 8 labels on the axis, always the first and this run; the chart keeps every point.
  const every = Math.ceil(runs.length / 8);
  const labelled = (i: number) => i === 0 || i === runs.length - 1 || (i % every === 0 && runs.length - 1 - i >= every / 2);
  const xLabels = runs.map((r, i) => !labelled(i) ? '' : `<text class="muted" x="${n(x(i))}" y="${top + chartHeight + 18}" text-anchor="${i === 0 ? 'start' : i === runs.length - 1 ? 'end' : 'middle'}">${h(i === runs.length - 1 ? 'this run' : shorten(when(r.label), 16))}</text>`);
  const line = (values: readonly (number | undefined)[], color: string, cls: string, name: string) => {
    const points = values.map((v, i) => (v === undefined || !Number.isFinite(v) ? undefined : `${n(x(i))},${n(y(v))}`));
    const dots = values.map((v, i) => (v === undefined || !Number.isFinite(v) ? '' : `<circle cx="${n(x(i))}" cy="${n(y(v))}" r="3" fill="${color}"><title>${h(name)}: ${percent(v)}</title></circle>`)).join('');
    // A field missing from a run breaks its line rather than drawing a false slope.
    const segments: string[][] = [[]];
    for (const p of points) (p === undefined ? segments.push([]) : segments[segments.length - 1]!.push(p));
    const paths = segments.filter((s) => s.length > 0).map((s) => `<polyline class="${cls}" points="${s.join(' ')}" fill="none" stroke="${color}" stroke-width="${cls === 'trend-mean' ? 3 : 2}"${cls === 'trend-mean' ? ' stroke-dasharray="6 4"' : ''}/>`);
    return `<g class="series" data-series="${h(name)}">${paths.join('')}${dots}</g>`;
  };
  const series = names.map((f, i) => line(runs.map((r) => r.completeness[f]), PALETTE[i % PALETTE.length]!, 'trend-field', f));
  const means = runs.map((r) => mean(Object.values(r.completeness).filter((v) => Number.isFinite(v))));
  series.push(line(means, '#1f2328', 'trend-mean', 'mean'));
  const legend = [...names.map((f, i) => `<li style="--swatch: ${PALETTE[i % PALETTE.length]}">${h(f)}</li>`), `<li style="--swatch: #1f2328">mean of the fields each run measured (dashed)</li>`];
  // The table shows the last few runs; the chart above shows them all.
  const first = Math.max(0, runs.length - TABLE_RUNS);
  // Earlier runs come from the history (a file the user keeps): their status is text like any other value.
  const head = runs.slice(first).map((r, j) => `<th class="num">${first + j === runs.length - 1 ? 'this run' : h(when(r.label))}<br><span class="status-${h(r.status)}">${MARK[r.status] ?? ''} ${h(r.status)}</span>, ${int(r.records)} rec.</th>`);
  const body = [...names, null].map((f) => {
    const cells = runs.slice(first).map((r, j) => {
      const i = first + j;
      const v = f === null ? means[i] : r.completeness[f];
      return `<td class="num">${v === undefined || !Number.isFinite(v) ? '' : percent(v)}</td>`;
    });
    const change = f === null ? (means.length > 1 ? means[means.length - 1]! - means[means.length - 2]! : undefined) : report.changes[f];
    const cls = change === undefined || Math.abs(change) < 0.0005 ? '' : change < 0 ? ' down' : ' up';
    return `<tr><td>${f === null ? '<strong>mean</strong>' : `<code>${h(f)}</code>`}</td>${cells.join('')}<td class="num${cls}">${formatChange(change)}</td></tr>`;
  });
  return `<h2>Trend</h2>
<p>Completeness per field over the last ${report.history.length} run${report.history.length === 1 ? '' : 's'} and this one (oldest first).</p>
<svg id="trend" class="chart" role="img" aria-label="completeness per field over runs" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
${grid.join('\n')}
${xLabels.filter(Boolean).join('\n')}
${series.join('\n')}
</svg>
<ul class="legend">${legend.join('')}</ul>
<table id="changes">
<thead><tr><th>field</th>${head.join('')}<th class="num">change</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>`;
}

/**
 * The audit as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched. The content security
 * policy forbids scripts and every network load, so even a value that slipped its escaping could not run or call out.
 */
export function renderHtml(report: AuditReport): string {
  return htmlPage(
    `steward audit: ${report.job} (${report.status})`,
    `${header(report)}
<h2>Fill rates</h2>
${fillRates(report)}
${fieldTable(report)}
${histogram(report)}
${checks(report)}
${trend(report)}`,
  );
}

/** A self-contained page around `body` (already escaped): the shared style, a content security policy that allows no script and no network. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
