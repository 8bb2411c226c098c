import { parseKeyPart, TRANSFORM_NAMES } from '../matching/blocking-keys.js';
import { normalizers } from '../normalizers/registry.js';
import type { RulesParsed } from './schema.js';
import { suggest } from './suggest.js';

/** The keys a normalize list adds (`key` for [email]: email.key); a step is a name or { name: options }. */
export function normalizerKeys(steps: readonly (string | Readonly<Record<string, unknown>>)[]): string[] {
  const names = steps.map((step) => (typeof step === 'string' ? step : Object.keys(step)[0]!));
  return [...new Set(names.flatMap((name) => normalizers.find((n) => n.name === name)?.keys ?? []))];
}

/** The keys a field's normalizers add (`key` for an email field: email.key). */
function keysOf(entry: RulesParsed['fields'][string] | undefined): string[] {
  if (!entry || typeof entry === 'string' || Array.isArray(entry)) return [];
  return normalizerKeys(entry.normalize ?? []);
}

/**
 * What is wrong with a record key a rule reads (`last_name.metaphone`, `email.key`, `company.key.lower`): a segment
 * after the field that is neither a transform nor a key its normalizers add would read nothing at all, so a
 * blocking rule with `last_name.metafone` would put every record in no block. Undefined when it reads something,
 * or when its first segment is not a field (the callers say that in their own words).
 */
export function recordKeyProblem(text: string, fields: RulesParsed['fields'] | undefined): string | undefined {
  const parsed = parseKeyPart(text);
  if ('error' in parsed) return parsed.error;
  const [base, ...rest] = parsed.key.split('.');
  if (rest.length === 0 || !fields || !(base! in fields)) return undefined;
  const keys = keysOf(fields[base!]);
  const key = rest.join('.');
  if (keys.includes(key)) return undefined;
  const transforms = TRANSFORM_NAMES.filter((t) => !t.endsWith('N'));
  // The unknown segment is the last before the transforms: `last_name.metafone` → "metafone".
  const segments = text.split('.');
  const hint = suggest(rest[rest.length - 1]!, [...transforms, ...keys]);
  if (hint) segments[rest.length] = hint;
  const added = keys.length > 0 ? `a key ${base}'s normalizers add (${keys.join(', ')})` : `a key of ${base} (its normalizers add none)`;
  return `"${text}" reads "${key}" of ${base}, which is neither a transform (${TRANSFORM_NAMES.join(', ')}) nor ${added}${hint ? `; did you mean "${segments.join('.')}"?` : ''}`;
}
