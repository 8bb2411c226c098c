import { existsSync, readFileSync } from 'node:fs';
import { appendFileSafely } from './connectors/atomic-file.js';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from './errors.js';
import { buildReport, trendEntry } from './audit/build-report.js';
import { collectFromRecords } from './audit/collect-records.js';
import { auditedFields, type AuditFigures } from './audit/figures.js';
import { createEmptyTest, placeholderList } from './audit/placeholders.js';
import type { AuditReport, TrendEntry } from './audit/types.js';
import { dedupeDuplicates, workspaceRecords } from './audit/workspace-records.js';
import { collectFromTable, tableValues } from './audit/sql-figures.js';
import { loadWith, withRun, type RunOptions, type RunSummary } from './pipeline.js';
import { redactUrl } from './redact.js';
import type { ResolvedRules } from './rules/resolved.js';
import type { AuditRules } from './rules/schema.js';
import { sourceFigures } from './audit/source-records.js';
import { verdictFields } from './audit/verdicts.js';
import type { Workspace } from './workspace/workspace.js';

export interface AuditOptions extends RunOptions {
  /** Audit a database table in place, counting in SQL: a connection string or SQLite file. */
  readonly db?: string | undefined;
  readonly table?: string | undefined;
  /** A JSON Lines file of earlier runs, instead of the workspace. */
  readonly history?: string | undefined;
  /** --fail-on-regression: the largest drop of a field's completeness since the last run ("2%"). */
  readonly failOnRegression?: string | undefined;
  /** The time the audit runs at (reproducible reports and freshness); default now. */
  readonly now?: Date | undefined;
}

export interface AuditSummary extends RunSummary {
  readonly report: AuditReport;
}

function requireAudit(rules: ResolvedRules): AuditRules {
  if (!rules.audit) throw new InputError('NO_AUDIT', 'the rule file has no audit: section (checks and thresholds); extends: contacts brings a default audit for contacts');
  return rules.audit;
}

function parseShare(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (!match || Number(match[1]) > 100) throw new InputError('BAD_FLAG', `${flag} must be a percentage like 2%, got ${JSON.stringify(text)}`);
  return Number(match[1]) / 100;
}

/** A history line as steward writes it; anything else (an edited or planted file) is refused, not rendered. */
function isTrendEntry(value: unknown): value is TrendEntry {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  const completeness = e['completeness'];
  return (
    typeof e['at'] === 'string' &&
    (e['status'] === 'pass' || e['status'] === 'warn' || e['status'] === 'fail') &&
    typeof e['records'] === 'number' &&
    completeness !== null &&
    typeof completeness === 'object' &&
    !Array.isArray(completeness) &&
    Object.values(completeness).every((v) => typeof v === 'number')
  );
}

/** Earlier runs, oldest first: from --history FILE (JSON Lines) or the workspace. */
async function readHistory(workspace: Workspace, file: string | undefined, target: string): Promise<TrendEntry[]> {
  if (file !== undefined) {
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => {
        if (line.trim() === '') return undefined;
        let entry: unknown;
        try {
          entry = JSON.parse(line);
        } catch {
          throw new InputError('BAD_HISTORY', `the history file ${file} has a line that is not JSON (line ${i + 1})`, { file, line: i + 1 });
        }
        if (!isTrendEntry(entry)) {
          throw new InputError('BAD_HISTORY', `the history file ${file} has a line that is not an audit run (line ${i + 1}): expected { at, status: pass|warn|fail, records, completeness }`, { file, line: i + 1 });
        }
        return entry;
      })
      .filter((e): e is TrendEntry => e !== undefined);
  }
  const rows = await workspace.db.selectFrom('stw_audits').selectAll().where('target', '=', target).orderBy('id').execute();
  return rows.map((r) => ({ at: r.at, status: r.status as TrendEntry['status'], records: r.records, completeness: JSON.parse(r.completeness) as Record<string, number> }));
}

async function storeRun(workspace: Workspace, file: string | undefined, runId: number, report: AuditReport): Promise<void> {
  const entry = trendEntry(report);
  if (file !== undefined) {
    appendFileSafely(file, `${JSON.stringify(entry)}\n`);
    return;
  }
  await workspace.db
    .insertInto('stw_audits')
    .values({ run_id: runId, at: entry.at, target: report.target, status: entry.status, records: entry.records, completeness: JSON.stringify(entry.completeness) })
    .execute();
}

/** Allowed values of each field with `references`: a CSV column, or a table's column (in the audited database or `db`). */
async function loadReferences(rules: ResolvedRules, audit: AuditRules, db: string | undefined): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const [field, spec] of Object.entries(audit.fields)) {
    const ref = spec.references;
    if (!ref) continue;
    if (ref.file !== undefined) {
      const file = path.resolve(rules.dir, ref.file);
      if (!existsSync(file)) throw new InputError('NO_FILE', `audit.fields.${field}.references.file: ${ref.file} not found`, { file });
      const rows = parse(readFileSync(file), { bom: true, columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
      if (rows.length > 0 && !(ref.column in rows[0]!)) {
        throw new InputError('NO_COLUMN', `audit.fields.${field}.references: ${ref.file} has no column "${ref.column}"; it has ${Object.keys(rows[0]!).join(', ')}`, { file });
      }
      out.set(field, new Set(rows.map((r) => (r[ref.column] ?? '').trim())));
    } else if (ref.table !== undefined) {
      const location = ref.db !== undefined ? path.resolve(rules.dir, ref.db) : db;
      if (location === undefined) throw new InputError('NO_DB', `audit.fields.${field}.references names table ${ref.table}: give its database as references.db, or audit with --db`);
      out.set(field, new Set(await tableValues(ref.db !== undefined && /^[a-z]+:\/\//.test(ref.db) ? ref.db : location, ref.table, ref.column)));
    } else {
      throw new InputError('BAD_RULES', `audit.fields.${field}.references needs file or table`);
    }
  }
  return out;
}

/** The figures of an audit of the rule file's source read straight (no workspace): what `steward audit --input` counts. */
export async function fileFigures(rules: ResolvedRules, audit: AuditRules, tally: { read: number; unreadable: number }, now: Date): Promise<AuditFigures> {
  const canonical = rules.fields.map((f) => f.name);
  const references = await loadReferences(rules, audit, undefined);
  const audited = new Set([...auditedFields(audit, canonical), ...(audit.freshness ? [audit.freshness.field] : [])]);
  return sourceFigures(rules, audit, verdictFields(audit), audited, tally, { isEmpty: createEmptyTest(placeholderList(audit)), fields: canonical, references, now });
}

/** `steward audit`: completeness and validity checks with thresholds on a file (read straight), the workspace, or a database table. */
export async function auditJob(rulesFile: string, options: AuditOptions = {}): Promise<AuditSummary> {
  const rules = loadWith(rulesFile, options);
  const audit = requireAudit(rules);
  const failOnRegression = parseShare(options.failOnRegression, '--fail-on-regression');
  if ((options.db === undefined) !== (options.table === undefined)) throw new InputError('BAD_FLAG', 'a database audit needs both --db URL and --table T');
  const now = options.now ?? new Date();
  const isEmpty = createEmptyTest(placeholderList(audit));
  const canonical = rules.fields.map((f) => f.name);
  let report: AuditReport | undefined;
  const summary = await withRun(rules, options.db ? 'audit --db' : 'audit', async (workspace, runId) => {
    const stages: string[] = [];
    const counts: RunSummary['counts'] = {};
    let figures: AuditFigures;
    let target: string;
    if (options.db !== undefined) {
      target = `${redactUrl(options.db)}#${options.table}`;
      const references = await loadReferences(rules, audit, options.db);
      figures = await collectFromTable(audit, options.db, options.table!, { isEmpty, placeholders: placeholderList(audit), rules, references, now });
    } else if (options.input !== undefined) {
      // A file is read straight into the audit: no import into the workspace (which keeps only the history).
      target = redactUrl(rules.source!.location!);
      const tally = { read: 0, unreadable: 0 };
      figures = await fileFigures(rules, audit, tally, now);
      Object.assign(counts, { read: tally.read });
      if (tally.unreadable > 0) figures.notes.push(`${tally.unreadable.toLocaleString('en-US')} of ${tally.read.toLocaleString('en-US')} rows could not be read and are not counted (steward import lists them with reasons)`);
    } else {
      const source = await workspace.db.selectFrom('stw_sources').select(['location']).executeTakeFirst();
      if (!source) throw new InputError('NOTHING_IMPORTED', `the workspace ${workspace.file} holds no records yet; give --input FILE (or run steward import first)`);
      // The data audited is the source imported into the workspace: one trend, however the audit was started.
      target = redactUrl(source.location);
      const references = await loadReferences(rules, audit, undefined);
      figures = await collectFromRecords(audit, workspaceRecords(workspace), { isEmpty, fields: canonical, references, now });
      const duplicates = await dedupeDuplicates(workspace);
      if (duplicates !== undefined) figures.dedupe = { duplicates };
    }
    const history = await readHistory(workspace, options.history, target);
    report = buildReport(audit, figures, { target, job: rules.job, at: now.toISOString(), history, failOnRegression });
    await storeRun(workspace, options.history, runId, report);
    stages.push('audit');
    counts.records = report.records;
    const failing = report.checks.filter((c) => c.status === 'fail');
    const messages = [...figures.notes, ...(failing.length > 0 ? [`${failing.length} check${failing.length === 1 ? '' : 's'} failed: ${failing.map((c) => c.name).join(', ')}`] : [])];
    return { status: report.status === 'fail' ? ('thresholds' as const) : ('ok' as const), stages, counts, messages };
  });
  return { ...summary, report: report! };
}
