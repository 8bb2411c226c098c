import type { AuditReport, CheckStatus } from '../types.js';
import { checksByStatus, escapeHtml, fieldNames, formatChange, formatValue, int, percent, stripControls } from './format.js';

const EMOJI: Readonly<Record<CheckStatus, string>> = { pass: '✅', warn: '⚠️', fail: '❌' };
const SAMPLES_SHOWN = 50;

/**
 * User data as Markdown text that stays one table cell and shows as written: line breaks and control characters as
 * spaces, Markdown punctuation backslash-escaped (`|` would end the cell, `*` `_` `[` `$` would format), then
 * HTML-ish characters as entities (after, so the `#` of an entity is never escaped).
 */
export function escapeMarkdown(text: string): string {
  return stripControls(text.replace(/\r\n|[\u2028\u2029]/g, ' '))
    .replace(/[\\`*_[\]#|~$]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Names and ids from the data in <code>: GitHub does not turn `@someone` inside code into a mention. */
const code = (text: string) => `<code>${escapeMarkdown(text)}</code>`;

/** The audit for a pull-request comment or a GitHub job summary. */
export function renderMarkdown(report: AuditReport): string {
  const out: string[] = [];
  const plural = report.records === 1 ? '' : 's';
  out.push(`### ${EMOJI[report.status]} steward audit ${code(report.job)}: **${report.status}**`, '');
  const rc = report.recordCompleteness ? `; mean record completeness ${percent(report.recordCompleteness.mean)}` : '';
  out.push(`${int(report.records)} record${plural} in ${code(report.target)}${rc} (${escapeMarkdown(report.at)})`, '');

  const names = fieldNames(report);
  if (names.length > 0) {
    out.push('| field | filled | completeness | valid | validity | change |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const name of names) {
      const f = report.fields[name]!;
      out.push(`| ${code(name)} | ${int(f.filled)} | ${percent(f.completeness)} | ${int(f.valid)} | ${percent(f.validity)} | ${formatChange(report.changes[name])} |`);
    }
    out.push('');
  }

  const checks = checksByStatus(report);
  if (checks.length > 0) {
    out.push('| | check | value | threshold | severity |', '| --- | --- | ---: | --- | --- |');
    for (const c of checks) {
      out.push(`| ${EMOJI[c.status]} ${c.status} | ${escapeMarkdown(c.name)} | ${formatValue(c.metric, c.value)} | ${escapeMarkdown(c.threshold)} | ${c.severity} |`);
    }
    out.push('');
  }

  for (const c of checks) {
    if (c.status !== 'fail') continue;
    const more = c.samples.length > SAMPLES_SHOWN ? [`- … ${c.samples.length - SAMPLES_SHOWN} more`] : [];
    out.push(
      '<details>',
      // Inside an HTML block Markdown is not parsed, so backslashes would show: entities only.
      `<summary>❌ ${escapeHtml(c.name)}: ${c.samples.length} sample${c.samples.length === 1 ? '' : 's'}</summary>`,
      '',
      escapeMarkdown(c.message),
      '',
      ...c.samples.slice(0, SAMPLES_SHOWN).map((s) => `- ${code(s)}`),
      ...more,
      '',
      '</details>',
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
