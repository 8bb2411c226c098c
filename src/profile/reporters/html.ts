import { htmlPage, shareBars } from '../../audit/reporters/html.js';
import { escapeHtml, int, percent } from '../../audit/reporters/format.js';
import type { Profile, SourceDetail } from '../types.js';
import { fieldLabel, kindLabel } from './table.js';

/** Every value from the data goes through this: column names, values and the source are user data. */
const h = escapeHtml;

const detail = (label: string, d: SourceDetail | undefined) => (d ? `<dt>${label}</dt><dd>${h(d.value)} <span class="muted">(${h(d.confidence)}: ${h(d.reason)})</span></dd>\n` : '');

/** The profile as one self-contained HTML page: the source, a fill and a validity bar per column, the column table, top values and shapes. */
export function renderProfileHtml(profile: Profile): string {
  const header = `<header id="summary">
<h1>steward profile: ${h(profile.source)}</h1>
<dl class="meta">
${detail('encoding', profile.encoding)}${detail('delimiter', profile.delimiter)}<dt>rows</dt><dd>${int(profile.rows)}${profile.unreadable > 0 ? ` (${int(profile.unreadable)} unreadable)` : ''}</dd>
<dt>profiled</dt><dd>${profile.sampled ? 'sampled, ' : ''}${int(profile.profiled)} rows: ${h(profile.method)}</dd>
</dl>
</header>`;
  const chart = profile.columns.length === 0
    ? '<p class="empty">The source has no columns.</p>'
    : shareBars(
        'columns-chart',
        profile.columns.map((c) => ({ name: c.name, completeness: c.fill, validity: c.validity })),
        { completeness: 'fill (filled / rows, placeholders empty)', validity: 'valid for its kind (valid / filled)', aria: 'fill and validity per column' },
      );
  const rows = profile.columns.map(
    (c) =>
      `<tr><td><code>${h(c.name)}</code></td><td>${h(kindLabel(c))}</td><td class="num">${percent(c.fill)}</td><td class="num">${int(c.distinct)}</td><td class="num">${c.validity === undefined ? '—' : percent(c.validity)}</td><td>${h(fieldLabel(c))}${c.field ? `<br><span class="muted">${h(c.field.reason)}</span>` : ''}</td>` +
      `<td>${c.top.map((t) => `<code>${h(t.value)}</code> ${int(t.count)}`).join('<br>')}</td><td>${c.shapes.map((s) => `<code>${h(s.value)}</code> ${int(s.count)}`).join('<br>')}</td></tr>`,
  );
  const table = `<table id="columns">
<thead><tr><th>column</th><th>kind</th><th class="num">fill</th><th class="num">distinct</th><th class="num">valid</th><th>maps to</th><th>top values</th><th>shapes</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  const notes = profile.notes.length > 0 ? `<h2>Notes</h2>\n<ul id="notes">${profile.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : '';
  return htmlPage(`steward profile: ${profile.source}`, `${header}\n<h2>Fill and validity</h2>\n${chart}\n<h2>Columns</h2>\n${table}\n${notes}`);
}
