import type { AuditFieldRules, AuditRules } from '../rules/schema.js';

/** What an audit counts, before any threshold is applied; the same whether the records came from a file, the workspace or SQL. */
export interface FieldTally {
  filled: number;
  valid: number;
  /** Filled values that repeat an earlier record's value (counted when the field has a `unique` check). */
  duplicates: number;
  /** Filled values found in the referenced table or file (when the field has `references`). */
  referenced: number;
  readonly emptySamples: string[];
  readonly invalidSamples: string[];
  readonly duplicateSamples: string[];
  readonly unreferencedSamples: string[];
}

export interface AuditFigures {
  records: number;
  readonly fields: Record<string, FieldTally>;
  record?: { mean: number; readonly bins: number[]; belowFloor: number; readonly belowSamples: string[] } | undefined;
  freshness?: { dated: number; stale: number; newestAgeDays: number | null; readonly staleSamples: string[] } | undefined;
  /** From the dedupe stage's clusters, when it ran: records that are not the first of their cluster. */
  dedupe?: { duplicates: number } | undefined;
  readonly notes: string[];
}

export function emptyTally(): FieldTally {
  return { filled: 0, valid: 0, duplicates: 0, referenced: 0, emptySamples: [], invalidSamples: [], duplicateSamples: [], unreferencedSamples: [] };
}

/** Record-score histogram: ten bins of 10% (the last one also holds 100%). */
export const BINS = 10;

export function binOf(score: number): number {
  return Math.min(BINS - 1, Math.floor(score * BINS + 1e-9));
}

/** The fields a record's score is made of, with their weights: the declared weights, else every audited field at 1. */
export function recordWeights(rules: AuditRules, fallbackFields: readonly string[]): [string, number][] {
  const declared = rules.record?.weights;
  if (declared && Object.keys(declared).length > 0) return Object.entries(declared);
  const fields = Object.keys(rules.fields).length > 0 ? Object.keys(rules.fields) : fallbackFields;
  return fields.map((f) => [f, 1]);
}

/** Floor of the record score as a share ("60%" -> 0.6). */
export function floorOf(rules: AuditRules): number {
  return Number((rules.record?.floor ?? '50%').replace('%', '').trim()) / 100;
}

/** The fields the audit counts: those with checks, those a record score weighs, and the freshness field. */
export function auditedFields(rules: AuditRules, fallbackFields: readonly string[]): string[] {
  const fields = new Set(Object.keys(rules.fields).length > 0 ? Object.keys(rules.fields) : fallbackFields);
  if (rules.record) for (const [f] of recordWeights(rules, fallbackFields)) fields.add(f);
  return [...fields];
}

/** Whether a field's declared validity rules accept a (filled, trimmed) value. */
export function createValueRules(field: AuditFieldRules | undefined): ((value: string) => boolean) | undefined {
  if (!field) return undefined;
  const tests: ((value: string) => boolean)[] = [];
  if (field.pattern !== undefined) {
    const pattern = new RegExp(field.pattern, 'u');
    tests.push((v) => pattern.test(v));
  }
  if (field.accepted_values) {
    const accepted = new Set(field.accepted_values.map((v) => v.trim().toLowerCase()));
    tests.push((v) => accepted.has(v.toLowerCase()));
  }
  for (const [bound, ok] of [
    [field.min, (c: number) => c >= 0],
    [field.max, (c: number) => c <= 0],
  ] as const) {
    if (bound === undefined) continue;
    if (typeof bound === 'number') {
      tests.push((v) => {
        const n = Number(v);
        return v !== '' && Number.isFinite(n) && ok(n - bound);
      });
    } else tests.push((v) => ok(v < bound ? -1 : v > bound ? 1 : 0));
  }
  if (field.length) {
    const { min = 0, max = Infinity } = field.length;
    tests.push((v) => [...v].length >= min && [...v].length <= max);
  }
  return tests.length === 0 ? undefined : (v) => tests.every((t) => t(v));
}

/** Days between an ISO date (or date-time) and now; undefined when the value is not a date. */
export function ageInDays(value: string, now: Date): number | undefined {
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) return undefined;
  return (now.getTime() - time) / 86_400_000;
}

export function addSample(samples: string[], id: string, limit: number): void {
  if (samples.length < limit) samples.push(id);
}
