import path from 'node:path';
import iconv from 'iconv-lite';
import { connectors, getConnector } from '../connectors/registry.js';
import { getNormalizer } from '../normalizers/registry.js';
import type { WriteMode } from '../connectors/types.js';
import type { RulesParsed, SourceRules, TargetRules } from './schema.js';
import type { RejectLimit, ResolvedField, ResolvedRules, ResolvedSource, ResolvedTarget } from './resolved.js';

type Report = (path: (string | number)[], message: string) => void;

/** The column every export starts with: the record's id in its source. */
export const SOURCE_ID_COLUMN = 'source_id';

function connectorKeysOf(block: Record<string, unknown>): string[] {
  return connectors.map((c) => c.kind).filter((kind) => typeof block[kind] === 'string');
}

/** Checks that need more than one key at a time: small functions adding issues. */
export function crossCheck(rules: RulesParsed, report: Report): void {
  if (rules.source) checkSource(rules.source, report);
  if (rules.target) checkTarget(rules, rules.target, report);
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
  const known = new Set([SOURCE_ID_COLUMN, ...Object.keys(rules.fields ?? {})]);
  const keys = target.key === undefined ? [] : Array.isArray(target.key) ? target.key : [target.key];
  keys.forEach((key, i) => {
    if (!known.has(key)) report(['target', 'key', ...(Array.isArray(target.key) ? [i] : [])], `key column "${key}" is not a field; known: ${[...known].join(', ')}`);
  });
  const renamed = new Map<string, string>();
  for (const [column, to] of Object.entries(target.columns ?? {})) {
    if (!known.has(column)) report(['target', 'columns', column], `"${column}" is not a field; known: ${[...known].join(', ')}`);
    renamed.set(column, to);
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
    formulaGuard: target.formula_guard,
    batchSize: target.batch_size,
  };
}
