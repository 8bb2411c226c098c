import { getNormalizer } from '../../normalizers/registry.js';
import type { Flag, NormalizeFn } from '../../normalizers/types.js';
import type { ResolvedField } from '../../rules/resolved.js';

export interface FieldPipeline {
  readonly field: string;
  readonly steps: readonly { readonly name: string; readonly fn: NormalizeFn }[];
  /** `<field>.<key>` names, built once per key: per-record string building was a measurable cost. */
  readonly keyNames: Map<string, string>;
}

/** [field, before, after, normalizer] */
export type Change = [string, string, string, string];
/** [field, code, reason, normalizer] */
export type FlagRow = [string, string, string, string];

export interface NormalizedRecord {
  readonly values: Record<string, string>;
  /** Only the fields whose value changed or was set, with their final value. */
  readonly changed: Record<string, string>;
  readonly keys: Record<string, string>;
  readonly changes: Change[];
  readonly flags: FlagRow[];
}

/** The other fields a field's normalizers read from the record (a phone's or postcode's country). */
export function fieldsRead(field: ResolvedField): string[] {
  return field.normalize.flatMap((step) => getNormalizer(step.name).reads?.(step.options) ?? []).filter((other) => other !== field.name);
}

/**
 * Builds one pipeline per field that declares normalizers, ordered so that a field another one reads
 * (phone reads country) is normalized first; otherwise in rule order.
 */
export function createFieldPipelines(fields: readonly ResolvedField[]): FieldPipeline[] {
  const declared = fields.filter((f) => f.normalize.length > 0);
  const reads = new Map<string, Set<string>>();
  const pipelines = new Map<string, FieldPipeline>();
  for (const field of declared) {
    const steps = field.normalize.map((step) => ({ name: step.name, fn: getNormalizer(step.name).create(step.options, field.name) }));
    reads.set(field.name, new Set(fieldsRead(field)));
    pipelines.set(field.name, { field: field.name, steps, keyNames: new Map() });
  }
  const ordered: FieldPipeline[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (name: string) => {
    if (placed.has(name) || !pipelines.has(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const needed of reads.get(name) ?? []) place(needed);
    visiting.delete(name);
    placed.add(name);
    ordered.push(pipelines.get(name)!);
  };
  for (const field of declared) place(field.name);
  return ordered;
}

/** The field whose normalizer set a change's value into another, empty field (`name (from full_name)`); undefined for a field's own change. */
export function setFrom(change: Change): string | undefined {
  return / \(from (.+)\)$/.exec(change[3])?.[1];
}

/** Runs every pipeline over one record's values. Pure: the input is not changed. */
export function normalizeValues(pipelines: readonly FieldPipeline[], input: Readonly<Record<string, string>>): NormalizedRecord {
  return normalizeOwnValues(pipelines, { ...input });
}

/**
 * The same, normalizing `values` in place (for a record object the caller has just parsed and owns). With
 * `log: false` only the values and flags are kept (`changed`, `keys` and `changes` stay empty): what a caller
 * that only needs the verdicts, such as the audit, asks for over millions of records.
 */
export function normalizeOwnValues(pipelines: readonly FieldPipeline[], values: Record<string, string>, options: { readonly log?: boolean } = {}): NormalizedRecord {
  const log = options.log ?? true;
  const changed: Record<string, string> = {};
  const keys: Record<string, string> = {};
  const changes: Change[] = [];
  const flags: FlagRow[] = [];
  const context = { record: values };
  for (const pipeline of pipelines) {
    const field = pipeline.field;
    let value = values[field];
    if (value === undefined || value.trim() === '') continue;
    for (const step of pipeline.steps) {
      const out = step.fn(value, context);
      if (out.value !== value) {
        if (log) changes.push([field, value, out.value, step.name]);
        value = out.value;
        values[field] = value;
        if (log) changed[field] = value;
      }
      if (out.flags) for (const flag of out.flags as Flag[]) flags.push([field, flag.code, flag.reason, step.name]);
      if (out.keys && log) {
        for (const key in out.keys) {
          let name = pipeline.keyNames.get(key);
          if (name === undefined) pipeline.keyNames.set(key, (name = `${field}.${key}`));
          keys[name] = out.keys[key]!;
        }
      }
      if (out.set) {
        for (const other in out.set) {
          const given = out.set[other]!;
          const current = values[other];
          if (given !== '' && (current === undefined || current.trim() === '')) {
            if (log) changes.push([other, current ?? '', given, `${step.name} (from ${field})`]);
            values[other] = given;
            if (log) changed[other] = given;
          }
        }
      }
    }
  }
  return { values, changed, keys, changes, flags };
}
