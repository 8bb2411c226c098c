import path from 'node:path';
import { connectorForLocation, connectors } from '../connectors/registry.js';
import { InputError } from '../errors.js';
import { parseRejectLimit, SOURCE_ID_COLUMN } from './resolve.js';
import { redactUrl } from '../redact.js';
import type { ResolvedRules, ResolvedSource, ResolvedTarget } from './resolved.js';

export interface RuleOverrides {
  /** Replaces the rule file's source: a file path, or a database location with #table. */
  readonly input?: string | undefined;
  /** Replaces the rule file's target. */
  readonly output?: string | undefined;
  readonly workspace?: string | undefined;
  readonly create?: boolean | undefined;
  readonly maxRejects?: string | undefined;
  /** Rows per database write (replaces target.batch_size). */
  readonly batchSize?: number | undefined;
  /** Commit in checkpointed chunks so a killed export can be resumed (target.resumable). */
  readonly resumable?: boolean | undefined;
  /** Names the source's id column (must exist), replacing the rule file's source.id. */
  readonly idColumn?: string | undefined;
  readonly cwd?: string | undefined;
}

function splitLocation(value: string): { location: string; table?: string } {
  const hash = value.lastIndexOf('#');
  if (hash > 0) return { location: value.slice(0, hash), table: value.slice(hash + 1) || undefined } as { location: string; table?: string };
  return { location: value };
}

function pick(value: string, flag: string) {
  const connector = connectorForLocation(value);
  if (!connector) {
    const endings = connectors.flatMap((c) => c.extensions ?? []).join(', ');
    const schemes = connectors.flatMap((c) => (c.schemes ?? []).map((s) => `${s}://`)).join(', ');
    throw new InputError('UNKNOWN_LOCATION', `cannot tell what kind of ${flag} "${redactUrl(value)}" is; use a file ending in ${endings}, or a ${schemes} URL (add #table for a database table)`);
  }
  return connector;
}

/** Command-line flags win over the rule file: --input replaces the source, --output the target. */
export function applyOverrides(rules: ResolvedRules, overrides: RuleOverrides): ResolvedRules {
  const cwd = overrides.cwd ?? process.cwd();
  let source = rules.source;
  let target = rules.target;
  if (overrides.input !== undefined) {
    const connector = pick(overrides.input, '--input');
    const { location, table } = splitLocation(overrides.input);
    // Options written without a location (extends: contacts + encoding: windows-1252) are meant for --input.
    const same = rules.source?.kind === connector.kind || rules.source?.kind === undefined;
    const next: ResolvedSource = {
      kind: connector.kind,
      location: connector.isFile ? path.resolve(cwd, location) : location,
      table: table ?? (same ? rules.source?.table : undefined),
      encoding: same ? (rules.source?.encoding ?? 'auto') : 'auto',
      delimiter: same ? (rules.source?.delimiter ?? 'auto') : 'auto',
      id: rules.source?.id,
      maxRejects: rules.source?.maxRejects,
    };
    if (connector.needsTable && !next.table) throw new InputError('NO_TABLE', `--input ${connector.kind} needs a table: add #table to it (e.g. crm.db#contacts)`);
    source = next;
  }
  if (overrides.maxRejects !== undefined) {
    const text = overrides.maxRejects.trim();
    const limit = /^\d+$/.test(text) ? parseRejectLimit(Number(text)) : /^\d+(\.\d+)?\s*%$/.test(text) ? parseRejectLimit(text) : undefined;
    if (!limit || ('percent' in limit && limit.percent > 100)) {
      throw new InputError('BAD_FLAG', `--max-rejects must be a count (10) or a percentage (5%), got "${overrides.maxRejects}"`);
    }
    if (!source) throw new InputError('NO_SOURCE', '--max-rejects needs a source');
    source = { ...source, maxRejects: limit };
  }
  if (overrides.idColumn !== undefined) {
    if (!source) throw new InputError('NO_SOURCE', '--id-column needs a source (--input or source: in the rule file)');
    source = { ...source, id: { columns: [overrides.idColumn], strict: true } };
  }
  if (overrides.output !== undefined) {
    const connector = pick(overrides.output, '--output');
    const { location, table } = splitLocation(overrides.output);
    const base = rules.target;
    const mode = base?.declaredMode ?? 'upsert';
    const next: ResolvedTarget = {
      kind: connector.kind,
      location: connector.isFile ? path.resolve(cwd, location) : location,
      table: table ?? base?.table ?? rules.job.replace(/[^A-Za-z0-9_]/g, '_'),
      // A file is always written whole, so a file target's mode is always replace.
      mode: connector.supportsUpsert ? mode : 'replace',
      declaredMode: mode,
      key: base?.key ?? (mode === 'upsert' ? [SOURCE_ID_COLUMN] : []),
      create: base?.create ?? false,
      columns: base?.columns ?? {},
      unmapped: base?.unmapped ?? false,
      clusterId: base?.clusterId ?? false,
      keyDeclared: base?.keyDeclared ?? false,
      formulaGuard: base?.formulaGuard ?? true,
      batchSize: base?.batchSize ?? 1000,
      truncate: base?.truncate ?? false,
      resumable: base?.resumable ?? false,
      checkpointRows: base?.checkpointRows ?? 50000,
      // A database given without #table keeps a multi-table target's tables: the same migration, elsewhere.
      tables: base?.tables && connector.sql && table === undefined ? base.tables : undefined,
    };
    target = next;
  }
  if (overrides.create && target) target = { ...target, create: true };
  if (overrides.batchSize !== undefined && target) target = { ...target, batchSize: overrides.batchSize };
  if (overrides.resumable && target) {
    if (target.mode !== 'upsert') throw new InputError('BAD_FLAG', `--resumable needs mode upsert into a database table; the target is ${target.kind} with mode ${target.mode}`);
    target = { ...target, resumable: true };
  }
  return {
    ...rules,
    source,
    target,
    workspace: overrides.workspace !== undefined ? path.resolve(cwd, overrides.workspace) : rules.workspace,
  };
}
