import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileFigures } from './audit-jobs.js';
import { buildReport } from './audit/build-report.js';
import { writeTextFile } from './audit/write-report.js';
import { connectorForLocation } from './connectors/registry.js';
import { readTableShape } from './connectors/sql/target-schema.js';
import { InputError, RulesError, RuntimeFailure } from './errors.js';
import { hasDedupe, mappedFields, renderRuleFile, type Measured, type TargetPlan } from './init/rule-file.js';
import { profileJob } from './profile-jobs.js';
import { shippedMapping } from './profile/field-guess.js';
import type { Profile } from './profile/types.js';
import { redactUrl, urlPassword } from './redact.js';
import { loadRules } from './rules/loader.js';
import type { ResolvedRules } from './rules/resolved.js';
import { foldHeader } from './stages/import/column-mapping.js';

export interface InitOptions {
  readonly file: string;
  /** The rule file to write; default rules.yaml. */
  readonly out?: string | undefined;
  /** A database table to load into: postgres://…#table, mysql://…#table, crm.db#table. */
  readonly target?: string | undefined;
  /** Overwrite an existing --out file. */
  readonly force?: boolean | undefined;
  readonly sample?: number | undefined;
  readonly cwd?: string | undefined;
  /** The time the audit figures are measured at (freshness); default now. */
  readonly now?: Date | undefined;
}

export interface InitSummary {
  readonly out: string;
  readonly text: string;
  readonly profile: Profile;
  /** Source column -> field (source_id for the id column), and the columns left unmapped. */
  readonly mapping: Readonly<Record<string, string>>;
  readonly unmapped: readonly string[];
  /** Environment variables the rule file reads (the target's connection string, when it has a password): set them before run. */
  readonly env: readonly { readonly name: string; readonly value: string }[];
}

/** A job name from a file name: letters, digits, _ . - only. */
export function jobName(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return base === '' ? 'import' : base;
}

/** The variable a rule file written by init reads a target connection string with a password from (as the README's examples do). */
export const TARGET_ENV = 'CRM_DATABASE_URL';

const ID_SPELLINGS = ['source_id', 'golden_id', 'legacy_id', 'external_id', 'import_id', 'source_key', 'legacy_key'];

/** Reads the target table and maps the export's columns to its columns by name (the field's shipped spellings too). */
async function planTarget(target: string, fields: readonly string[], merges: boolean): Promise<TargetPlan> {
  const hash = target.lastIndexOf('#');
  const location = hash === -1 ? target : target.slice(0, hash);
  const table = hash === -1 ? '' : target.slice(hash + 1);
  const connector = connectorForLocation(location);
  if (!connector?.sql || table === '') throw new InputError('BAD_FLAG', `--target must be a database table: postgres://…#table, mysql://…#table or crm.db#table, got ${JSON.stringify(redactUrl(target))}`);
  const caps = await connector.sql();
  const handle = await caps.open(location, false);
  let shape;
  try {
    shape = await readTableShape(handle.db, caps, table);
  } catch (error) {
    throw new RuntimeFailure('DB_FAILED', `reading table ${table} in ${handle.display} failed: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
  if (!shape) throw new InputError('TABLE_NOT_FOUND', `table "${table}" does not exist in ${handle.display}; create it first, or leave --target out and set the target in the rule file`);
  const byFold = new Map(shape.columns.map((c) => [foldHeader(c.name), c.name]));
  const { fields: shipped } = shippedMapping();
  const columns: Record<string, string> = {};
  const used = new Set<string>();
  const find = (spellings: readonly string[]) => spellings.map((s) => byFold.get(foldHeader(s))).find((c) => c !== undefined && !used.has(c));
  const idColumn = merges ? 'golden_id' : 'source_id';
  const idTarget = find([idColumn, ...ID_SPELLINGS]);
  const unique = idTarget !== undefined && shape.uniqueKeys.some((k) => k.length === 1 && k[0] === idTarget);
  if (idTarget !== undefined) {
    used.add(idTarget);
    if (idTarget !== idColumn) columns[idColumn] = idTarget;
  }
  const unmatched: string[] = [];
  for (const field of fields) {
    const base = field.replace(/_\d+$/, '');
    const spellings = field === base ? [field, ...(shipped.find((f) => f.name === field)?.from ?? [])] : [field];
    const column = find(spellings);
    if (column === undefined) {
      unmatched.push(field);
      continue;
    }
    used.add(column);
    if (column !== field) columns[field] = column;
  }
  const required = shape.columns.filter((c) => !c.nullable && !c.hasDefault && !c.generated && !c.autoFilled && !used.has(c.name)).map((c) => c.name);
  return { kind: connector.kind, location, locationEnv: urlPassword(location) === undefined ? undefined : TARGET_ENV, table, columns, key: unique ? idColumn : undefined, unmatched, required };
}

/**
 * The draft loaded as `steward check` loads it. init writes what it knows to be valid, so a draft that fails is
 * init's own bug: said so, with the draft's problems by rule path and line, not as a problem of the user's files.
 */
export function checkDraft(draft: string, out: string, source: string, env: Readonly<Record<string, string | undefined>>): ResolvedRules {
  try {
    return loadRules(out, { env, text: draft });
  } catch (error) {
    if (!(error instanceof RulesError)) throw error;
    const problems = error.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}${i.line ? ` (line ${i.line} of the draft)` : ''}`);
    throw new RuntimeFailure(
      'INIT_DRAFT_INVALID',
      `steward init drafted a rule file for ${source} that fails its own check; this is a bug in steward init, not in your file: ${problems.join('; ')}`,
      { hint: 'please report it with the first lines of the file; meanwhile start from a shipped rule file (rules/contacts.yaml)' },
    );
  }
}

/** Today's audit figures of the file under the draft rules, counted as `steward audit --input` counts them. */
async function measure(draft: string, out: string, source: string, env: Readonly<Record<string, string | undefined>>, now: Date): Promise<Measured> {
  // Checked from its text: no file is written before the rule file itself (none at a name a link could be planted at).
  const rules = checkDraft(draft, out, source, env);
  const audit = rules.audit!;
  const figures = await fileFigures(rules, audit, { read: 0, unreadable: 0 }, now);
  const report = buildReport(audit, figures, { target: '', job: rules.job, at: now.toISOString(), history: [] });
  return {
    records: report.records,
    fields: Object.fromEntries(Object.entries(report.fields).map(([f, v]) => [f, { completeness: v.completeness, validity: v.validity }])),
    recordMean: report.recordCompleteness?.mean,
  };
}

/**
 * `steward init`: profiles a file and writes a rule file for it, commented: the source with its encoding and
 * delimiter, the mapping, normalizers per kind, dedupe and merge from the fields present, an audit just under
 * today's figures, and the target (its columns read from the database when --target names a table).
 */
export async function initJob(options: InitOptions): Promise<InitSummary> {
  const cwd = options.cwd ?? process.cwd();
  const out = path.resolve(cwd, options.out ?? 'rules.yaml');
  if (existsSync(out) && !options.force) throw new InputError('OUT_EXISTS', `${options.out ?? 'rules.yaml'} already exists; steward init does not overwrite it (give --force, or another --out)`, { file: out });
  const file = path.resolve(cwd, options.file);
  const profile = await profileJob({ file, sample: options.sample });
  if (profile.columns.length === 0) throw new InputError('SOURCE_EMPTY', `${options.file} is empty: nothing to map (steward init needs a header line naming the columns)`);
  const { fields, id, unmapped } = mappedFields(profile);
  const names = fields.map((f) => f.name);
  const merges = hasDedupe(new Set(names));
  const target = options.target === undefined ? undefined : await planTarget(options.target, [...names, ...(merges ? ['record_ids'] : [])], merges);
  const dir = path.dirname(out);
  const relative = (to: string) => path.relative(dir, to).split(path.sep).join('/') || '.';
  const job = jobName(file);
  const input = {
    job,
    sourcePath: relative(file),
    sourceKind: connectorForLocation(file)?.kind ?? 'csv',
    command: `steward init ${path.basename(file)}${options.target ? ' --target …' : ''}`,
    profile: { ...profile, source: relative(file) },
    target,
    output: `${job}.clean.csv`,
  };
  // The draft reads the target's connection string from the environment as the user's runs will.
  const env = target?.locationEnv ? { ...process.env, [target.locationEnv]: target.location } : process.env;
  const measured = await measure(renderRuleFile(input), out, options.file, env, options.now ?? new Date());
  const text = renderRuleFile({ ...input, measured });
  await writeTextFile(out, text);
  const mapping: Record<string, string> = {};
  if (id) mapping[id.name] = 'source_id';
  for (const f of fields) if (!f.derived) mapping[f.column.name] = f.name;
  return { out, text, profile, mapping, unmapped: unmapped.map((c) => c.name), env: target?.locationEnv ? [{ name: target.locationEnv, value: redactUrl(target.location) }] : [] };
}
