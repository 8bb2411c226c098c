import type { AuditFieldRules, AuditRules } from '../../rules/schema.js';
import type { AuditFigures, FieldTally } from '../figures.js';
import { formatValue, meets, parseThreshold } from '../threshold.js';
import type { CheckResult, Severity, TrendEntry } from '../types.js';

/** A check as the rule file writes it: a threshold, or { threshold, severity }. */
export type CheckSpec = string | { readonly threshold: string; readonly severity?: Severity | undefined };

export interface CheckContext {
  readonly rules: AuditRules;
  readonly figures: AuditFigures;
  /** The last stored run, for checks against the trend. */
  readonly previous?: TrendEntry | undefined;
  /** --fail-on-regression: the largest drop of a field's completeness allowed (a share). */
  readonly failOnRegression?: number | undefined;
}

/** A check: one small module plus one registry line; it turns figures into verdicts. */
export interface CheckDefinition {
  readonly name: string;
  readonly description: string;
  run(context: CheckContext): CheckResult[];
}

/** Evaluates one measured value against a declared threshold. */
export function verdict(
  spec: CheckSpec,
  defaultSeverity: Severity,
  measured: { name: string; field: string | null; metric: string; value: number; share: boolean; samples: readonly string[]; what: string },
): CheckResult {
  const text = typeof spec === 'string' ? spec : spec.threshold;
  const severity = (typeof spec === 'string' ? undefined : spec.severity) ?? defaultSeverity;
  const threshold = parseThreshold(text);
  const ok = meets(measured.value, threshold);
  return {
    name: measured.name,
    field: measured.field,
    metric: measured.metric,
    value: measured.share ? Math.round(measured.value * 1e6) / 1e6 : measured.value,
    threshold: threshold.text,
    severity,
    status: ok ? 'pass' : severity,
    samples: ok ? [] : measured.samples,
    message: `${measured.what}: ${formatValue(measured.value, measured.share)}, needs ${threshold.text}`,
  };
}

/** n of m as a share; `empty` when m is 0. */
export function share(n: number, m: number, empty: number): number {
  return m === 0 ? empty : n / m;
}

/**
 * A check of each field that declares it: `pick` finds its threshold in the field's rules, `measure` the
 * share it is about. Fields a table does not have (no tally) are skipped.
 */
export function perFieldCheck(
  { rules, figures }: CheckContext,
  pick: (spec: AuditFieldRules) => CheckSpec | undefined,
  measure: (field: string, tally: FieldTally, spec: AuditFieldRules) => { name: string; metric: string; value: number; samples: readonly string[]; what: string },
): CheckResult[] {
  return Object.entries(rules.fields).flatMap(([field, spec]) => {
    const threshold = pick(spec);
    const tally = figures.fields[field];
    if (threshold === undefined || !tally) return [];
    return [verdict(threshold, spec.severity, { field, share: true, ...measure(field, tally, spec) })];
  });
}
