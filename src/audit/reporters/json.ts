import type { AuditReport } from '../types.js';

/** Keys first in this order; any other key of the object follows in its own order. */
function ordered<T extends object>(value: T, first: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const key of first) if (key in source && source[key] !== undefined) out[key] = source[key];
  for (const [key, v] of Object.entries(source)) if (!(key in out)) out[key] = v;
  return out;
}

const REPORT_KEYS = ['status', 'records', 'fields', 'checks'];
const FIELD_KEYS = ['filled', 'completeness', 'valid', 'validity'];
const CHECK_KEYS = ['name', 'field', 'metric', 'value', 'threshold', 'severity', 'status', 'samples'];

/**
 * The audit as JSON for machines: the contract keys (status, records, fields, checks) first and in a fixed
 * order, then the rest of the report (message, target, at, job, recordCompleteness, history, changes).
 */
export function renderJson(report: AuditReport): string {
  const fields: Record<string, unknown> = {};
  for (const [name, figures] of Object.entries(report.fields)) fields[name] = ordered(figures, FIELD_KEYS);
  const body = ordered({ ...report, fields, checks: report.checks.map((c) => ordered(c, CHECK_KEYS)) }, REPORT_KEYS);
  return `${JSON.stringify(body, null, 2)}\n`;
}
