import type { AuditRules } from '../rules/schema.js';
import { normalizeOwnValues, type FieldPipeline } from '../stages/normalize/field-pipelines.js';

/** Flags that say a value is not valid (a warning such as email_domain_typo or date_order_conflict is not). */
export function isInvalidFlag(code: string): boolean {
  return /^(invalid|unparseable|unknown)_/.test(code) || code === 'suspicious_name' || code === 'unmapped_value';
}

const NONE: ReadonlySet<string> = new Set();

/** The fields that flags (rows of [field, code, …], as normalize writes them) say are invalid. */
export function invalidFields(flags: Iterable<readonly [string, string, ...unknown[]]>): ReadonlySet<string> {
  let invalid: Set<string> | undefined;
  for (const [field, code] of flags) if (isInvalidFlag(code)) (invalid ??= new Set()).add(field);
  return invalid ?? NONE;
}

/** Normalizes a record's values in place, as the normalize stage would, and returns the fields flagged invalid. */
export function normalizeForVerdicts(pipelines: readonly FieldPipeline[], values: Record<string, string>): ReadonlySet<string> {
  return pipelines.length === 0 ? NONE : invalidFields(normalizeOwnValues(pipelines, values, { log: false }).flags);
}

/** The fields whose checks need each value's verdict (validity, uniqueness, references): only they are normalized. */
export function verdictFields(audit: AuditRules): Set<string> {
  return new Set(Object.entries(audit.fields).filter(([, f]) => f.validity !== undefined || f.unique !== undefined || f.references !== undefined).map(([name]) => name));
}
