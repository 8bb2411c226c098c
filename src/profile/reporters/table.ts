import { int, percent, stripControls } from '../../audit/reporters/format.js';
import type { ColumnProfile, Profile, SourceDetail } from '../types.js';
import { count } from '../../wording.js';

const text = stripControls;
const CELL = 28;
const cut = (s: string, max = CELL) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Columns padded to their widest cell, left-aligned but for the numbers. */
function columns(rows: readonly (readonly string[])[], numeric: ReadonlySet<number>, indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => `${indent}${row.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

const detail = (label: string, d: SourceDetail | undefined) => (d ? [`  ${label}: ${text(d.value)} (${d.confidence}: ${text(d.reason)})`] : []);

/** The kind as a person reads it: a date with its order and how sure. */
export function kindLabel(c: ColumnProfile): string {
  if (c.kind === 'date' && c.dateOrder) return `date ${c.dateOrder.order}${c.dateOrder.basis === 'certain' ? '' : ` (${c.dateOrder.basis})`}`;
  if ((c.kind === 'phone' || c.kind === 'postcode') && c.defaultCountry) return `${c.kind} (${c.defaultCountry})`;
  return c.kind.replace('_', ' ');
}

export const fieldLabel = (c: ColumnProfile): string => (c.field ? `${c.field.field} ${Math.round(c.field.confidence * 100)}%` : '—');

/** The profile for a terminal: the source, one line per column, then each column's top values and shapes. */
export function renderProfileTable(profile: Profile): string {
  const lines = [`profile of ${text(profile.source)}`];
  lines.push(...detail('encoding', profile.encoding), ...detail('delimiter', profile.delimiter));
  lines.push(`  rows: ${int(profile.rows)}${profile.unreadable > 0 ? ` (${int(profile.unreadable)} unreadable)` : ''} · columns: ${profile.columns.length} · profiled: ${profile.sampled ? `sampled, ${count(profile.profiled, 'row')}` : count(profile.profiled, 'row')} (${text(profile.method)})`);
  const rows = [['column', 'kind', 'fill', 'distinct', 'valid', 'maps to', 'top shape']];
  for (const c of profile.columns) {
    rows.push([cut(text(c.name)), kindLabel(c), percent(c.fill), int(c.distinct), c.validity === undefined ? '—' : percent(c.validity), fieldLabel(c), cut(text(c.shapes[0]?.value ?? ''), 20)]);
  }
  lines.push('', ...columns(rows, new Set([2, 3, 4]), '  '));
  lines.push('', '  values');
  for (const c of profile.columns) {
    const top = c.top.map((t) => `${cut(text(t.value), 24)} (${int(t.count)})`).join(', ');
    const shapes = c.shapes.map((s) => `${cut(text(s.value), 20)} (${int(s.count)})`).join(', ');
    lines.push(`  ${text(c.name)}: ${c.filled === 0 ? 'empty' : `${int(c.filled)} filled${c.placeholders > 0 ? `, ${int(c.placeholders)} placeholder${c.placeholders === 1 ? '' : 's'}` : ''}`}`);
    if (top) lines.push(`    top: ${top}`);
    if (shapes) lines.push(`    shapes: ${shapes}`);
    if (c.field) lines.push(`    maps to ${text(c.field.field)} (${Math.round(c.field.confidence * 100)}%, by ${c.field.by}: ${text(c.field.reason)})`);
  }
  for (const note of profile.notes) lines.push(`  note: ${text(note)}`);
  return `${lines.join('\n')}\n`;
}
