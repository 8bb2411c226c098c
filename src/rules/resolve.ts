import path from 'node:path';
import iconv from 'iconv-lite';
import { connectors, getConnector } from '../connectors/registry.js';
import { getNormalizer } from '../normalizers/registry.js';
import type { WriteMode } from '../connectors/types.js';
import { getComparator } from '../matching/comparators/registry.js';
import { parseKeyPart } from '../matching/blocking-keys.js';
import { recordKeyProblem } from './record-keys.js';
import { parseRuleCall, ruleCallProblem, survivorshipRules } from '../stages/merge/survivorship/registry.js';
import type { DedupeRules, MergeFieldRule, MergeRules, RulesParsed, SourceRules, TargetRules } from './schema.js';
import type { RejectLimit, ResolvedDedupe, ResolvedField, ResolvedFieldRule, ResolvedMerge, ResolvedRules, ResolvedSource, ResolvedTarget } from './resolved.js';
import { suggest } from './suggest.js';
import { checkTargetTables, toTargetTables } from './target-tables.js';

type Report = (path: (string | number)[], message: string) => void;

/** The column every export starts with: the record's id in its source. */
export const SOURCE_ID_COLUMN = 'source_id';
/** The columns a golden record starts with: its id (the survivor's source id) and the ids merged into it. */
export const GOLDEN_ID_COLUMN = 'golden_id';
export const RECORD_IDS_COLUMN = 'record_ids';

function connectorKeysOf(block: Record<string, unknown>): string[] {
  return connectors.map((c) => c.kind).filter((kind) => typeof block[kind] === 'string');
}

/** Checks that need more than one key at a time: small functions adding issues. */
export function crossCheck(rules: RulesParsed, report: Report): void {
  if (rules.source) checkSource(rules.source, report);
  if (rules.target) checkTarget(rules, rules.target, report);
  if (rules.dedupe) checkDedupe(rules, rules.dedupe, report);
  if (rules.merge) checkMerge(rules, rules.merge, report);
  for (const [name, entry] of Object.entries(rules.fields ?? {})) {
    if (name === SOURCE_ID_COLUMN) report(['fields', name], `"${SOURCE_ID_COLUMN}" is reserved for the record id; declare the id column with source.id`);
    void entry;
  }
}

function checkSource(source: SourceRules, report: Report): void {
  // No connector key is allowed: a base file may give only options (id, encoding) and --input the location.
  const kinds = connectorKeysOf(source as Record<string, unknown>);
  if (kinds.length > 1) report(['source', kinds[1]!], `source has ${kinds.join(' and ')}; choose one`);
  const kind = kinds[0];
  if (kind && getConnector(kind).needsTable && !source.table) report(['source', 'table'], `a ${kind} source needs table: (the table to read)`);
  if (typeof source.encoding === 'string' && source.encoding !== 'auto' && !iconv.encodingExists(source.encoding)) {
    report(['source', 'encoding'], `unknown encoding "${source.encoding}"; use auto, utf-8, utf-16le, utf-16be, windows-1252, latin1, gb18030, big5, shift_jis or another iconv-lite name`);
  }
}

function checkTarget(rules: RulesParsed, target: TargetRules, report: Report): void {
  const kinds = connectorKeysOf(target as Record<string, unknown>);
  if (kinds.length === 0) report(['target'], `needs one of ${connectors.map((c) => c.kind).join(', ')} (e.g. sqlite: crm.db)`);
  if (kinds.length > 1) report(['target', kinds[1]!], `target has ${kinds.join(' and ')}; choose one`);
  const kind = kinds[0];
  if (target.tables) return checkTargetTables(rules, target, kind, report);
  const known = new Set([SOURCE_ID_COLUMN, ...(rules.merge ? [GOLDEN_ID_COLUMN, RECORD_IDS_COLUMN] : []), ...Object.keys(rules.fields ?? {})]);
  const keys = target.key === undefined ? [] : Array.isArray(target.key) ? target.key : [target.key];
  keys.forEach((key, i) => {
    if (!known.has(key)) report(['target', 'key', ...(Array.isArray(target.key) ? [i] : [])], `key column "${key}" is not a field; known: ${[...known].join(', ')}`);
  });
  const renamed = new Map<string, string>();
  for (const [column, to] of Object.entries(target.columns ?? {})) {
    if (!known.has(column)) report(['target', 'columns', column], `"${column}" is not a field; known: ${[...known].join(', ')}`);
    renamed.set(column, to);
  }
  if (target.resumable && (target.mode !== 'upsert' || (kind !== undefined && !getConnector(kind).supportsUpsert))) {
    report(['target', 'resumable'], `resumable needs mode upsert into a database table (a re-run must be able to write a row twice); the target is ${kind ?? '?'} with mode ${target.mode}`);
  }
  // Output names must stay unique, or one column would overwrite another.
  const outputs = new Map<string, string>();
  for (const field of known) {
    const name = renamed.get(field) ?? field;
    const clash = outputs.get(name);
    if (clash !== undefined) report(['target', 'columns', renamed.has(field) ? field : clash], `"${clash}" and "${field}" would both be written as column "${name}"`);
    else outputs.set(name, field);
  }
}

/** A blocking rule as written: "a + b", or a list of keys. */
export function blockingParts(rule: string | readonly string[]): string[] {
  return (typeof rule === 'string' ? rule.split('+') : [...rule]).map((part) => part.trim()).filter(Boolean);
}

function checkDedupe(rules: RulesParsed, dedupe: DedupeRules, report: Report): void {
  const fields = new Set(Object.keys(rules.fields ?? {}));
  const known = () => [...fields].join(', ');
  (dedupe.blocking ?? []).forEach((rule, r) => {
    const parts = blockingParts(rule);
    if (parts.length === 0) report(['dedupe', 'blocking', r], 'a blocking rule needs at least one key');
    parts.forEach((part, i) => {
      const parsed = parseKeyPart(part);
      const at = ['dedupe', 'blocking', r, ...(Array.isArray(rule) ? [i] : [])];
      if ('error' in parsed) return report(at, parsed.error);
      const base = parsed.key.split('.')[0]!;
      if (!fields.has(base)) return report(at, `"${part}" reads "${base}", which is not a field; known: ${known()}`);
      const problem = recordKeyProblem(part, rules.fields);
      if (problem) report(at, problem);
    });
  });
  for (const [name, entry] of Object.entries(dedupe.compare ?? {})) {
    const field = typeof entry === 'string' ? name : ((entry as { field?: string }).field ?? name);
    // A normalizer's key (street.key) is compared as its field's: the field must exist.
    const at = ['dedupe', 'compare', name, ...(typeof entry === 'string' || !(entry as { field?: string }).field ? [] : ['field'])];
    if (!fields.has(field.split('.')[0]!)) report(at, `compares "${field}", which is not a field; known: ${known()}`);
    else if (field.includes('.')) {
      const problem = recordKeyProblem(field, rules.fields);
      if (problem) report(at, problem);
    }
    const swap = typeof entry === 'object' ? (entry as { swap_with?: unknown }).swap_with : undefined;
    if (typeof swap === 'string' && !fields.has(swap)) report(['dedupe', 'compare', name, 'swap_with'], `"${swap}" is not a field; known: ${known()}`);
  }
  if (Object.keys(dedupe.compare ?? {}).length === 0) report(['dedupe', 'compare'], 'needs at least one comparison (e.g. email: email)');
  const t = dedupe.thresholds;
  if (t && t.review > t.match) report(['dedupe', 'thresholds', 'review'], `review (${t.review}) must not be above match (${t.match})`);
  if (t && t.split >= t.review) report(['dedupe', 'thresholds', 'split'], `split (${t.split}) must be below review (${t.review})`);
}

/** A field rule as written: its rule text, or { rule, into, list }. */
function fieldRuleParts(entry: MergeFieldRule | undefined): { rule: string; into?: string[] | undefined; list?: string | undefined; separator?: string | undefined; object: boolean } {
  if (entry === undefined || typeof entry === 'string') return { rule: entry ?? 'master', object: false };
  return { ...entry, object: true };
}

function checkMerge(rules: RulesParsed, merge: MergeRules, report: Report): void {
  const fields = new Set(Object.keys(rules.fields ?? {}));
  const known = () => [...fields].join(', ');
  const notAField = (name: string) => {
    const hint = suggest(name, [...fields]);
    return hint ? `did you mean "${hint}"? known: ${known()}` : `known: ${known()}`;
  };
  const checkCall = (text: string, use: 'field' | 'record', at: (string | number)[]) => {
    const call = parseRuleCall(text);
    const problem = ruleCallProblem(call, use);
    if (problem) {
      const hint = problem.startsWith('unknown') ? suggest(call.name, survivorshipRules.map((r) => r.name)) : undefined;
      return report(at, hint ? `unknown rule "${call.text}"; did you mean "${hint}"?` : problem);
    }
    if (call.argument && !fields.has(call.argument)) report(at, `"${call.text}" reads "${call.argument}", which is not a field; ${notAField(call.argument)}`);
    if (call.name === 'source_priority' && !merge.source_priority && !(typeof merge.survivor === 'object')) {
      report(at, 'source_priority needs merge.source_priority: the systems in order of trust (e.g. [crm, legacy_erp, webform])');
    }
  };
  if (typeof merge.survivor === 'string') checkCall(merge.survivor, 'record', ['merge', 'survivor']);
  (merge.tie_breakers ?? []).forEach((text, i) => checkCall(text, 'record', ['merge', 'tie_breakers', i]));
  for (const field of Object.keys(merge.weights ?? {})) if (!fields.has(field)) report(['merge', 'weights', field], `"${field}" is not a field; ${notAField(field)}`);
  const claimed = new Map<string, string>();
  const checkFieldRule = (entry: MergeFieldRule | undefined, at: (string | number)[], field?: string) => {
    const parts = fieldRuleParts(entry);
    checkCall(parts.rule, 'field', parts.object ? [...at, 'rule'] : at);
    if ((parts.into || parts.list) && parseRuleCall(parts.rule).name !== 'union') report(at, `into and list belong to the union rule; "${parts.rule}" keeps one value`);
    if (field === undefined) return;
    for (const [i, target] of (parts.into ?? []).entries()) {
      if (target === field) report([...at, 'into', i], `"${field}" cannot take its own other values`);
      const by = claimed.get(target);
      if (by) report([...at, 'into', i], `"${target}" already takes the values of "${by}"`);
      claimed.set(target, field);
    }
  };
  checkFieldRule(merge.default, ['merge', 'default']);
  for (const [field, entry] of Object.entries(merge.fields ?? {})) {
    if (!fields.has(field)) report(['merge', 'fields', field], `"${field}" is not a field; ${notAField(field)}`);
    checkFieldRule(entry, ['merge', 'fields', field], field);
  }
  for (const [target, by] of claimed) {
    if (merge.fields?.[target] !== undefined) report(['merge', 'fields', target], `"${target}" takes the other values of "${by}" (union into), so it cannot have its own rule`);
  }
}

function toFieldRule(entry: MergeFieldRule | undefined, field: string | undefined): ResolvedFieldRule {
  const parts = fieldRuleParts(entry);
  const call = parseRuleCall(parts.rule);
  const union = call.name === 'union';
  return { ...call, into: parts.into ?? [], list: union ? (parts.list ?? (field === undefined ? undefined : `${field}_others`)) : undefined, separator: parts.separator ?? ';' };
}

function toMerge(merge: MergeRules): ResolvedMerge {
  const survivor = typeof merge.survivor === 'string' ? parseRuleCall(merge.survivor) : parseRuleCall('source_priority');
  return {
    survivor,
    tieBreakers: merge.tie_breakers.map(parseRuleCall),
    weights: merge.weights,
    sourceField: merge.source_field,
    sourcePriority: typeof merge.survivor === 'object' ? merge.survivor.source_priority : (merge.source_priority ?? []),
    defaultRule: toFieldRule(merge.default, undefined),
    fields: Object.fromEntries(Object.entries(merge.fields).map(([field, entry]) => [field, toFieldRule(entry, field)])),
    batchSize: merge.batch_size,
    inPlace: {
      table: merge.in_place.table,
      key: merge.in_place.key,
      children: merge.in_place.children,
      discoverChildren: merge.in_place.discover_children,
      softDelete: merge.in_place.soft_delete,
    },
  };
}

function toDedupe(dedupe: DedupeRules): ResolvedDedupe {
  return {
    blocking: dedupe.blocking.map((rule) => {
      const parts = blockingParts(rule);
      return { text: parts.join(' + '), parts };
    }),
    maxBlockSize: dedupe.max_block_size,
    compare: Object.entries(dedupe.compare).map(([name, entry]) => {
      const method = typeof entry === 'string' ? entry : (entry as { method: string }).method;
      const { method: _m, field, term_frequency, ...rest } = typeof entry === 'string' ? { method: entry } : (entry as { method: string; field?: string; term_frequency?: boolean });
      void _m;
      return { name, method, field: field ?? name, termFrequency: term_frequency, options: getComparator(method).options.parse(rest) };
    }),
    thresholds: dedupe.thresholds,
    uSamplePairs: dedupe.u_sample_pairs,
    em: { maxIterations: dedupe.em.max_iterations, tolerance: dedupe.em.tolerance },
    seed: dedupe.seed,
    workers: dedupe.workers,
  };
}

export function parseRejectLimit(value: number | string | undefined): RejectLimit | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return { count: value };
  const trimmed = value.trim();
  if (trimmed.endsWith('%')) return { percent: Number(trimmed.slice(0, -1).trim()) };
  return { count: Number(trimmed) };
}

export function resolveRules(rules: RulesParsed, meta: { file: string; dir: string; files: string[]; secrets: string[]; explicit?: ReadonlySet<string> }): ResolvedRules {
  const fields: ResolvedField[] = Object.entries(rules.fields).map(([name, entry]) => {
    const spec = typeof entry === 'string' || Array.isArray(entry) ? { from: entry, required: false, normalize: [] } : entry;
    const from = spec.from === undefined ? [] : Array.isArray(spec.from) ? [...spec.from] : [spec.from];
    if (!from.includes(name)) from.push(name);
    const normalize = (spec.normalize ?? []).map((step) => {
      if (typeof step === 'string') return { name: step, options: getNormalizer(step).options.parse({}) };
      const [stepName, options] = Object.entries(step)[0]!;
      // A lookup file is relative to the rule file, like every other path in it.
      const withFile = options && typeof options === 'object' && typeof (options as { file?: unknown }).file === 'string' ? { ...options, file: path.resolve(meta.dir, (options as { file: string }).file) } : options;
      return { name: stepName, options: withFile };
    });
    return { name, from, required: spec.required ?? false, normalize, explicit: meta.explicit?.has(name) ?? false };
  });
  return {
    job: rules.job,
    file: meta.file,
    dir: meta.dir,
    files: meta.files,
    workspace: rules.workspace ?? path.join(meta.dir, '.steward', `${rules.job}.db`),
    source: rules.source ? toSource(rules.source) : undefined,
    fields,
    target: rules.target ? toTarget(rules.target, rules.job) : undefined,
    dedupe: rules.dedupe ? toDedupe(rules.dedupe) : undefined,
    merge: rules.merge ? toMerge(rules.merge) : undefined,
    audit: rules.audit,
    secrets: meta.secrets,
  };
}

function toSource(source: SourceRules): ResolvedSource {
  const kind = connectorKeysOf(source as Record<string, unknown>)[0];
  const id = source.id === undefined ? undefined : Array.isArray(source.id) ? { columns: source.id, strict: false } : { columns: [source.id], strict: true };
  return {
    kind,
    location: kind === undefined ? undefined : ((source as Record<string, unknown>)[kind] as string),
    table: source.table,
    encoding: source.encoding,
    delimiter: source.delimiter,
    id,
    maxRejects: parseRejectLimit(source.max_rejects),
  };
}

function toTarget(target: TargetRules, job: string): ResolvedTarget {
  const kind = connectorKeysOf(target as Record<string, unknown>)[0]!;
  return {
    kind,
    location: (target as Record<string, unknown>)[kind] as string,
    table: target.table ?? job.replace(/[^A-Za-z0-9_]/g, '_'),
    // A file is always written whole, so a file target's mode is always replace; declaredMode remembers
    // what the rule file said, for when --output points the job at a table instead.
    mode: getConnector(kind).supportsUpsert ? (target.mode as WriteMode) : 'replace',
    declaredMode: target.mode as WriteMode,
    key: target.key === undefined ? (target.mode === 'upsert' ? [SOURCE_ID_COLUMN] : []) : Array.isArray(target.key) ? target.key : [target.key],
    create: target.create,
    columns: target.columns ?? {},
    unmapped: target.unmapped,
    clusterId: target.cluster_id,
    keyDeclared: target.key !== undefined,
    formulaGuard: target.formula_guard,
    batchSize: target.batch_size,
    truncate: target.truncate,
    resumable: target.resumable,
    checkpointRows: target.checkpoint_rows,
    tables: target.tables ? toTargetTables(target.tables) : undefined,
  };
}
