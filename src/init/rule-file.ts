import { RECORD_ID } from '../profile/field-guess.js';
import type { ColumnProfile, Profile } from '../profile/types.js';
import { kindLabel } from '../profile/reporters/table.js';
import { parse as parseYaml } from 'yaml';
import { redactUrl } from '../redact.js';
import { normalizerKeys } from '../rules/record-keys.js';
import { count } from '../wording.js';

/** A column profiled with the field it maps to (a guess at least this sure is written as a mapping). */
export const MAP_CONFIDENCE = 0.5;

/** A value as YAML: JSON's double-quoted strings are YAML too, whatever they hold. */
const q = (value: string): string => JSON.stringify(value);
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The target table, read from the database: field -> its column, the key, and what could not be mapped. */
export interface TargetPlan {
  readonly kind: string;
  readonly location: string;
  /** The environment variable the rule file reads the location from, when it holds a password (never written in clear). */
  readonly locationEnv?: string | undefined;
  readonly table: string;
  readonly columns: Readonly<Record<string, string>>;
  /** The output column (golden_id or source_id, renamed by columns) an upsert is keyed by: it has a unique key of the table. */
  readonly key?: string | undefined;
  readonly unmatched: readonly string[];
  readonly required: readonly string[];
}

/** What the audit measured on the file with the draft rules: today's figures that the thresholds go just under. */
export interface Measured {
  readonly records: number;
  readonly fields: Readonly<Record<string, { readonly completeness: number; readonly validity: number }>>;
  readonly recordMean?: number | undefined;
}

export interface RuleFileInput {
  readonly job: string;
  /** The source file as the rule file names it (relative to the rule file). */
  readonly sourcePath: string;
  /** The connector that reads the source file (csv, jsonl): the rule file's source key. */
  readonly sourceKind: string;
  readonly command: string;
  readonly profile: Profile;
  readonly target?: TargetPlan | undefined;
  /** The output file of a job without --target (relative to the rule file). */
  readonly output: string;
  readonly measured?: Measured | undefined;
}

export interface MappedField {
  readonly name: string;
  readonly column: ColumnProfile;
  /** Filled by another field's normalizer (first and last name from a full name), not read from a column. */
  readonly derived?: boolean;
}

/** The base field of a numbered one: email_2 -> email. */
const baseOf = (field: string) => field.replace(/_\d+$/, '');

/** The normalize list for a field, from its name and what its column holds. */
export function normalizersFor(field: string, column: ColumnProfile): string {
  const base = baseOf(field);
  const country = column.defaultCountry;
  switch (column.kind) {
    case 'email':
      return '[email]';
    case 'phone':
      return country ? `[{ phone: { default_country: ${country} } }]` : '[phone]';
    case 'date':
      return `[{ date: { order: ${column.dateOrder?.order ?? 'MDY'}${base === 'birth_date' ? ', time: drop' : ''} } }]`;
    case 'postcode':
      return country ? `[{ postcode: { default_country: ${country} } }]` : '[postcode]';
    case 'country':
      return '[text, country]';
    case 'company':
      return '[company]';
    default:
  }
  if (['first_name', 'middle_name', 'last_name', 'full_name'].includes(base)) return '[text, name]';
  if (base === 'company') return '[company]';
  if (base === 'street') return '[street]';
  if (base === 'website') return '[{ text: { case: lower } }]';
  if (base === 'notes') return '[{ text: { collapse_whitespace: false } }]';
  return '[text]';
}

/** The fields of the rule file: each mapped column, then first and last name when only a full name is there. */
export function mappedFields(profile: Profile): { fields: MappedField[]; id?: ColumnProfile | undefined; unmapped: ColumnProfile[] } {
  const fields: MappedField[] = [];
  const unmapped: ColumnProfile[] = [];
  let id: ColumnProfile | undefined;
  for (const column of profile.columns) {
    const guess = column.field;
    if (!guess || guess.confidence < MAP_CONFIDENCE) unmapped.push(column);
    else if (guess.field === RECORD_ID) id = column;
    else if (guess.field.startsWith(`${RECORD_ID}_`)) unmapped.push(column);
    else fields.push({ name: guess.field, column });
  }
  const names = new Set(fields.map((f) => f.name));
  const full = fields.find((f) => f.name === 'full_name');
  if (full && !names.has('first_name') && !names.has('last_name')) {
    fields.push({ name: 'first_name', column: full.column, derived: true }, { name: 'last_name', column: full.column, derived: true });
  }
  return { fields, id, unmapped };
}

/** The keys (email.key, street.number) a field's normalize list adds: a blocking rule or comparison reads only those. */
function keysOfList(list: string): ReadonlySet<string> {
  return new Set(normalizerKeys(parseYaml(list) as (string | Record<string, unknown>)[]));
}

/**
 * Dedupe and merge from the fields present. `keyed(field, key)` says whether the field's normalizers add that key
 * (an email column whose values made it text gets [text], which adds no email.key): without it a rule reads the
 * field's own value, case ignored.
 */
function dedupeSection(names: ReadonlySet<string>, keyed: (field: string, key: string) => boolean = () => true): string[] {
  const has = (...f: string[]) => f.every((x) => names.has(x));
  const key = (field: string) => (keyed(field, 'key') ? `${field}.key` : `${field}.lower`);
  const blocking: [string, string][] = [];
  if (has('email')) blocking.push([key('email'), keyed('email', 'key') ? 'same address, +tags and Gmail dots ignored' : 'same text, case ignored (the values are not single addresses)']);
  if (has('phone')) blocking.push(['phone', 'same number (E.164)']);
  if (has('mobile')) blocking.push(['mobile', 'same mobile number']);
  if (has('last_name', 'first_name', 'postcode')) blocking.push(['last_name.metaphone + first_name.initial + postcode', 'same surname sound and initial at one postcode']);
  if (has('company', 'last_name', 'first_name')) blocking.push([`${key('company')} + last_name.metaphone + first_name.initial`, 'colleagues compared only with namesakes']);
  if (has('street', 'last_name')) blocking.push([`${key('street')} + last_name.initial`, 'one address']);
  if (has('birth_date', 'first_name')) blocking.push(['birth_date + first_name.initial', 'same birthday']);
  if (has('birth_date', 'last_name')) blocking.push(['birth_date + last_name.initial', 'same birthday, a changed first name']);
  if (blocking.length === 0) return ['# No dedupe: the file has no email, phone or name fields to find duplicates by.'];
  const compare: [string, string][] = [];
  if (has('first_name')) compare.push(['first_name', has('last_name') ? '{ method: name, swap_with: last_name }' : 'name']);
  if (has('last_name')) compare.push(['last_name', has('first_name') ? '{ method: name, swap_with: first_name }' : 'name']);
  if (has('email')) compare.push(['email', 'email']);
  if (has('phone')) compare.push(['phone', 'phone']);
  if (has('mobile')) compare.push(['mobile', 'phone']);
  if (has('company')) compare.push(['company', 'company']);
  if (has('street')) compare.push(['street', keyed('street', 'key') ? '{ method: jaccard, field: street.key }' : 'jaccard']);
  if (has('city')) compare.push(['city', 'jaro_winkler']);
  if (has('postcode')) compare.push(['postcode', 'postcode']);
  if (has('birth_date')) compare.push(['birth_date', 'date']);
  const width = Math.max(...blocking.map(([b]) => b.length));
  return [
    '# Duplicates: records sharing every key of one blocking rule are compared, and an unsupervised model weighs',
    '# each comparison. Rules chosen from the fields this file has; see what each produces with',
    '#   steward dedupe --rules THIS_FILE --analyze-blocking',
    'dedupe:',
    '  blocking:',
    ...blocking.map(([b, why]) => `    - ${b.padEnd(width)}  # ${why}`),
    '  compare:',
    ...compare.map(([f, c]) => `    ${f}: ${c}`),
    '  thresholds: { match: 0.9, review: 0.5, split: 0.05 }',
    '',
    '# Golden records: one per group of duplicates. The most complete record survives; its values stay unless a',
    '# field\'s rule says otherwise. An empty value never replaces a filled one.',
    'merge:',
    '  survivor: most_complete',
    ...(has('updated_at') || has('created_at') ? [`  tie_breakers: [${[...(has('updated_at') ? ['most_recent(updated_at)'] : []), ...(has('created_at') ? ['oldest(created_at)'] : [])].join(', ')}]`] : []),
    ...(() => {
      const weights = [['email', 3], ['phone', 2], ['first_name', 2], ['last_name', 2]].filter(([f]) => names.has(f as string));
      return weights.length > 0 ? [`  weights: { ${weights.map(([f, w]) => `${f}: ${w}`).join(', ')} }`] : [];
    })(),
    ...(() => {
      const rules: string[] = [];
      if (has('email')) rules.push('    email: { rule: union, list: other_emails }   # the other addresses of a group go to other_emails');
      if (has('phone')) rules.push('    phone: { rule: union, list: other_phones }');
      if (has('first_name')) rules.push('    first_name: longest                          # Robert over Bob');
      if (has('notes')) rules.push('    notes: longest');
      if (has('created_at')) rules.push('    created_at: min');
      if (has('updated_at')) rules.push('    updated_at: max');
      return rules.length > 0 ? ['  fields:', ...rules] : [];
    })(),
  ];
}

/** Whether the rule file gets dedupe and merge sections: the fields give at least one blocking rule. */
export function hasDedupe(names: ReadonlySet<string>): boolean {
  return dedupeSection(names).length > 1;
}

/** A threshold just under today's figure: a drop of more than about a point fails, today's run passes. */
export function justUnder(share: number): string {
  return `">= ${Math.max(0, Math.floor(share * 100 - 1))}%"`;
}

/** Fields whose validity the normalizers judge (a flag says a value is invalid). */
const JUDGED = new Set(['email', 'phone', 'date', 'postcode', 'country']);

function auditSection(fields: readonly MappedField[], measured: Measured | undefined): string[] {
  const audited = fields.filter((f) => !f.derived);
  const lines = [
    '# Audit (steward audit): thresholds just under the figures of this file today, so the first CI run passes',
    '# and a regression fails. Placeholders (N/A, unknown, -, test@test.com, …) count as empty.',
    'audit:',
  ];
  if (audited.length > 0) lines.push('  fields:');
  for (const f of audited) {
    const m = measured?.fields[f.name];
    const checks = [`completeness: ${m ? justUnder(m.completeness) : '">= 0%"'}`];
    if (JUDGED.has(f.column.kind)) checks.push(`validity: ${m ? justUnder(m.validity) : '">= 0%"'}`);
    lines.push(`    ${f.name}: { ${checks.join(', ')} }${m ? `   # today ${pct(m.completeness)} filled${JUDGED.has(f.column.kind) ? `, ${pct(m.validity)} valid` : ''}` : ''}`);
  }
  if (audited.length > 0) {
    const weights = audited.map((f) => `${f.name}: ${({ email: 3, phone: 2, last_name: 2 } as Record<string, number>)[f.name] ?? 1}`);
    lines.push('  record:', '    # A record\'s weighted share of filled fields; ways to reach a person weigh most.', `    weights: { ${weights.join(', ')} }`);
    lines.push(`    completeness: ${measured?.recordMean !== undefined ? justUnder(measured.recordMean) : '">= 0%"'}${measured?.recordMean !== undefined ? `   # today ${pct(measured.recordMean)}` : ''}`);
  } else {
    lines.push('  # No field is audited yet: map a column to a field above, then give it checks here (fields: { email: { completeness: ">= 95%" } }).');
  }
  // A tenth under today, rounded down (12 rows today: 10 pass, 9 fail); a file with no rows today has no floor yet.
  const rows = !measured ? 1 : measured.records === 0 ? 0 : Math.max(1, Math.floor(measured.records * 0.9));
  const why = !measured ? '' : measured.records === 0 ? '   # today no rows: raise it once the file has some' : `   # today ${count(measured.records, 'row')}: fewer than ${count(rows, 'row')} fails`;
  lines.push(`  rows: ">= ${rows}"${why}`);
  return lines;
}

function targetSection(input: RuleFileInput, fields: readonly MappedField[]): string[] {
  const t = input.target;
  if (!t) {
    return [
      '# Where the cleaned records go. For a database, e.g.:',
      '#   target: { postgres: ${CRM_DATABASE_URL}, table: contacts, mode: upsert, create: true }',
      'target:',
      `  csv: ${q(input.output)}`,
      '  unmapped: true          # also export the columns no field maps, as they are',
    ];
  }
  const lines = [
    `# The target table, as the database describes it: its columns mapped from the fields by name.`,
    'target:',
    t.locationEnv
      ? `  ${t.kind}: \${${t.locationEnv}}   # ${redactUrl(t.location)}: its password is read from the environment, never written here`
      : `  ${t.kind}: ${q(t.location)}`,
    `  table: ${q(t.table)}`,
    t.key ? `  mode: upsert\n  key: [${q(t.key)}]           # a unique key of the table: a re-run updates the same rows` : '  mode: insert            # the table has no unique key the records carry: a re-run adds the rows again',
    '  create: true            # adds the columns the table lacks (record_ids, other_emails, …) as text; false keeps the table as it is',
    '  unmapped: false',
  ];
  const entries = Object.entries(t.columns);
  if (entries.length > 0) {
    lines.push('  columns:                # output column -> table column');
    for (const [field, column] of entries) lines.push(`    ${field}: ${q(column)}`);
  }
  if (t.unmatched.length > 0) lines.push(`  # Fields with no column of that name in the table (created as text columns): ${fields.filter((f) => t.unmatched.includes(f.name)).map((f) => f.name).join(', ')}`);
  if (t.required.length > 0) lines.push(`  # NOT NULL columns without a default that nothing is written to (map a field to each): ${t.required.join(', ')}`);
  return lines;
}

/** The rule file, commented so a person can edit it. Deterministic: the same profile gives the same text. */
export function renderRuleFile(input: RuleFileInput): string {
  const p = input.profile;
  const { fields, id, unmapped } = mappedFields(p);
  const names = new Set(fields.map((f) => f.name));
  const lines: string[] = [
    `# Written by \`${input.command}\` from a profile of ${count(p.rows, 'row')} (${p.sampled ? `sampled: ${p.method}` : p.method}).`,
    '# Edit it freely: `steward check` validates it, `steward run` runs it, `steward audit` checks it.',
    `job: ${q(input.job)}`,
    '',
    'source:',
    `  ${input.sourceKind}: ${q(input.sourcePath)}   # relative to this file`,
  ];
  if (p.encoding) lines.push(`  encoding: ${q(p.encoding.value)}   # ${p.encoding.confidence}: ${p.encoding.reason}`);
  if (p.delimiter) lines.push(`  delimiter: ${q(p.delimiter.value === 'tab' ? '\t' : p.delimiter.value)}   # ${p.delimiter.confidence}: ${p.delimiter.reason}`);
  if (id) lines.push(`  id: ${q(id.name)}   # ${id.field!.reason} (${Math.round(id.field!.confidence * 100)}%)`);
  else lines.push('  # id: no column holds a unique id: the row number is the record id');
  lines.push('', '# Canonical field <- source column, with the normalizers the normalize stage runs, in order.');
  lines.push(fields.length > 0 ? 'fields:' : 'fields: {}   # no column looked like a field steward knows: map them by hand (see the columns below)');
  for (const f of fields) {
    const c = f.column;
    if (f.derived) {
      lines.push(`  ${f.name}: { from: ${q(f.name)}, normalize: [text, name] }   # filled from full_name by its name normalizer`);
      continue;
    }
    const about = `${kindLabel(c)}, ${pct(c.fill)} filled${c.validity !== undefined ? `, ${pct(c.validity)} valid` : ''}; ${c.field!.reason} (${Math.round(c.field!.confidence * 100)}%)`;
    lines.push(`  ${f.name}: { from: ${q(c.name)}, normalize: ${normalizersFor(f.name, c)} }   # ${about}`);
  }
  if (unmapped.length > 0) {
    lines.push('', '# Columns no field maps: kept in the workspace as they are (and exported when target.unmapped is true).', '# Map one by adding a field: my_field: { from: "Column", normalize: [text] }');
    for (const c of unmapped) lines.push(`#   ${q(c.name)}: ${kindLabel(c)}, ${pct(c.fill)} filled${c.field ? `; maybe ${c.field.field} (${Math.round(c.field.confidence * 100)}%)` : ''}`);
  }
  const keys = new Map(fields.map((f) => [f.name, keysOfList(f.derived ? '[text, name]' : normalizersFor(f.name, f.column))]));
  lines.push('', ...dedupeSection(names, (field, key) => keys.get(field)?.has(key) ?? false), '', ...auditSection(fields, input.measured), '', ...targetSection(input, fields));
  return `${lines.join('\n')}\n`;
}
