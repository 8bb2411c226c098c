import type { AuditRules } from '../rules/schema.js';
import { checks } from './checks/registry.js';
import { BINS, type AuditFigures } from './figures.js';
import type { AuditReport, CheckStatus, FieldFigures, TrendEntry } from './types.js';

const RANK: Readonly<Record<CheckStatus, number>> = { pass: 0, warn: 1, fail: 2 };

/** The report of an audit: figures per field, every check's verdict, and the trend against earlier runs. */
export function buildReport(
  rules: AuditRules,
  figures: AuditFigures,
  context: { readonly target: string; readonly job: string; readonly at: string; readonly history: readonly TrendEntry[]; readonly failOnRegression?: number | undefined },
): AuditReport {
  const previous = context.history.at(-1);
  const results = checks.flatMap((check) => check.run({ rules, figures, previous, failOnRegression: context.failOnRegression }));
  const fields: Record<string, FieldFigures> = {};
  const changes: Record<string, number> = {};
  for (const [field, t] of Object.entries(figures.fields)) {
    const completeness = figures.records === 0 ? 0 : t.filled / figures.records;
    fields[field] = {
      filled: t.filled,
      completeness: round(completeness),
      valid: t.valid,
      validity: round(t.filled === 0 ? 1 : t.valid / t.filled),
      ...(rules.fields[field]?.unique !== undefined ? { duplicates: t.duplicates } : {}),
    };
    const before = previous?.completeness[field];
    if (before !== undefined) changes[field] = round(completeness - before);
  }
  const status = results.reduce<CheckStatus>((worst, c) => (RANK[c.status] > RANK[worst] ? c.status : worst), 'pass');
  return {
    status,
    records: figures.records,
    fields,
    checks: results,
    target: context.target,
    at: context.at,
    job: context.job,
    recordCompleteness: figures.record
      ? { mean: round(figures.record.mean), histogram: figures.record.bins.map((count, b) => ({ from: b / BINS, to: (b + 1) / BINS, count })) }
      : undefined,
    history: context.history,
    changes,
    ...(figures.notes.length > 0 ? { notes: [...figures.notes] } : {}),
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** What a run keeps for the trend: its status, record count and each field's completeness. */
export function trendEntry(report: AuditReport): TrendEntry {
  return { at: report.at, status: report.status, records: report.records, completeness: Object.fromEntries(Object.entries(report.fields).map(([f, x]) => [f, x.completeness])) };
}
