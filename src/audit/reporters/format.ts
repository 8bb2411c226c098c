import type { AuditReport, CheckStatus, HistogramBin } from '../types.js';

/** Metrics whose value is a share 0..1 (shown as a percentage); the rest are counts or days. */
export const SHARE_METRICS: ReadonlySet<string> = new Set([
  'completeness',
  'validity',
  'duplicate_rate',
  'reference_rate',
  'stale_rate',
  'record_score',
  'below_floor_rate',
  'dedupe_duplicate_rate',
  'completeness_drop',
]);

export const isShare = (metric: string): boolean => SHARE_METRICS.has(metric);

/** A finite number, or 0: a report is rendered even when a figure came out NaN. */
const finite = (n: number) => (Number.isFinite(n) ? n : 0);

export const int = (n: number): string => Math.round(finite(n)).toLocaleString('en-US');

/** 0.953 → "95.3%". */
export const percent = (share: number): string => `${(finite(share) * 100).toFixed(1)}%`;

/** A check's value as a person reads it: shares as percentages, counts as whole numbers, days with one decimal at most. */
export function formatValue(metric: string, value: number): string {
  if (isShare(metric)) return percent(value);
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? int(value) : value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** A completeness change (a difference of shares) in percentage points: "-2.1 pt", "+0.5 pt"; "" when unknown. */
export function formatChange(change: number | undefined): string {
  if (change === undefined || !Number.isFinite(change)) return '';
  const points = change * 100;
  const rounded = Math.abs(points) < 0.05 ? 0 : points;
  return `${rounded > 0 ? '+' : rounded < 0 ? '-' : '±'}${Math.abs(rounded).toFixed(1)} pt`;
}

/** A histogram bin's label: "0–10%", …, "90–100%". */
export const binLabel = (bin: HistogramBin): string => `${Math.round(finite(bin.from) * 100)}–${Math.round(finite(bin.to) * 100)}%`;

/** The classname part for a check: its field, or "records" for checks of whole records or the table. */
export const checkSubject = (field: string | null): string => field ?? 'records';

/** Checks in the order a reader wants them: failures, then warnings, then passes; stable otherwise. */
export function checksByStatus(report: AuditReport): AuditReport['checks'] {
  const rank: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2 };
  return [...report.checks].sort((a, b) => rank[a.status] - rank[b.status]);
}

/** Control characters (C0, DEL, C1) from user data would move a terminal's cursor or change its colours. */
export const stripControls = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');

/** Characters XML 1.0 does not allow anywhere, even escaped (lone surrogates included). */
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for XML or HTML, safe in element content and in quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_ILLEGAL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** HTML has no &apos; in HTML 4; &#39; works everywhere. */
export const escapeHtml = (text: string): string => escapeXml(text).replace(/&apos;/g, '&#39;');

/** The fields in a stable order: as the report lists them. */
export const fieldNames = (report: AuditReport): string[] => Object.keys(report.fields);
