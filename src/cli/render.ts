import { RulesError, StewardError, type RuleIssue } from '../errors.js';
import type { RunSummary } from '../pipeline.js';
import type { ImportResult } from '../stages/import/import-stage.js';
import type { ResolvedRules } from '../rules/resolved.js';
import { redactUrl } from '../redact.js';
import path from 'node:path';
import { getConnector } from '../connectors/registry.js';
import { renderDedupe } from './render-dedupe.js';
import { count } from '../wording.js';
import { renderMerge, renderUnmerge } from './render-merge.js';
import type { UnmergeSummary } from '../merge-jobs.js';
import type { UndoSummary } from '../undo-jobs.js';
import { renderClean, renderUndo } from './render-clean.js';

/** A location as a person reads it: files relative to here, connection strings with their password removed. */
const show = (location: string) => {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return redactUrl(location);
  const rel = path.relative(process.cwd(), location);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : location;
};

export function renderIssue(issue: RuleIssue): string {
  const where = issue.file ? ` (${issue.file}${issue.line ? `:${issue.line}` : ''})` : '';
  return `✖ ${issue.path ? `${issue.path}: ` : ''}${issue.message}${where}`;
}

export function renderError(error: unknown): string {
  if (error instanceof RulesError) {
    const files = [...new Set(error.issues.map((i) => i.file).filter(Boolean))];
    return `${error.issues.map(renderIssue).join('\n')}\n${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in ${files.join(', ') || 'the rule file'}\n`;
  }
  if (error instanceof StewardError) {
    const { file, line, path: rulePath, record, hint } = error.context;
    // A message that names its file already is not followed by the same path again.
    const named = file !== undefined && !line && (error.message.includes(file) || error.message.includes(show(file)));
    const where = [file && !named && `${file}${line ? `:${line}` : ''}`, rulePath && `at ${rulePath}`, record && `record ${record}`].filter(Boolean).join(', ');
    return `✖ ${error.message}${where ? ` (${where})` : ''}\n${hint ? `  ${hint}\n` : ''}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `✖ unexpected failure: ${message}\n  (set STEWARD_DEBUG=1 to see where it happened)\n`;
}

export function errorJson(error: unknown): Record<string, unknown> {
  if (error instanceof RulesError) return { status: 'error', code: error.code, message: error.message, issues: error.issues };
  if (error instanceof StewardError) return { status: 'error', code: error.code, message: error.message, ...error.context };
  return { status: 'error', code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

const delimiterName = (d: string | undefined) => (d === undefined ? undefined : d === 'tab' ? 'tab' : JSON.stringify(d));

/** An import's lines: its source, id column, mapping and counts; `prefix` names a second source (`link `). */
function renderImport(imported: ImportResult, prefix: string): string[] {
  const lines: string[] = [];
  const label = (name: string) => `  ${`${prefix}${name}`.padEnd(10)} `;
  const details = [imported.source.details['encoding'], delimiterName(imported.source.details['delimiter'])].filter(Boolean).join(', ');
  lines.push(`  ${(prefix.trim() || 'source').padEnd(10)} ${imported.source.kind} ${show(imported.source.location)}${details ? ` (${details})` : ''}`);
  lines.push(`${label('id')}${imported.idColumn ? `column "${imported.idColumn}"` : 'row number'}`);
  const mapped = Object.entries(imported.mapping).map(([field, columns]) => `${columns.join(' | ')} → ${field}`);
  if (!prefix) lines.push(`${label('mapped')}${mapped.length > 0 ? mapped.join(', ') : '(no column matched a field)'}`);
  if (!prefix && imported.unmappedColumns.length > 0) lines.push(`${label('unmapped')}${imported.unmappedColumns.join(', ')} (kept in the workspace)`);
  const c = imported.counts;
  lines.push(`${label('read')}${c.read} row${c.read === 1 ? '' : 's'} = ${c.loaded} loaded + ${c.rejected} rejected`);
  if (c.rejected > 0) {
    lines.push(`${label('rejects')}${Object.entries(imported.rejectReasons).map(([code, n]) => `${code} ${n}`).join(', ')}`);
    for (const sample of imported.rejectSamples) lines.push(`             line ${sample.line}: ${sample.reason}`);
    if (c.rejected > imported.rejectSamples.length) lines.push(`             … all ${c.rejected} are in the workspace table stw_rejects${prefix ? ' of the link workspace' : ''}`);
  }
  return lines;
}

export function renderSummary(summary: RunSummary & { readonly unmerge?: UnmergeSummary | undefined; readonly undo?: UndoSummary | undefined }): string {
  const lines: string[] = [];
  const ok = summary.status === 'ok';
  lines.push(`${ok ? '✔' : '✖'} ${summary.command} ${summary.job}: ${summary.stages.join(' → ')} in ${summary.seconds.toFixed(2)} s`);
  if (summary.import) lines.push(...renderImport(summary.import, ''));
  // dedupe --link: the linked file's own source, id and counts (read = loaded + rejected), after the main one's.
  if (summary.link) lines.push(...renderImport(summary.link, 'link '));
  const normalized = summary.normalize;
  if (normalized) {
    const c = normalized.counts;
    lines.push(`  normalize  ${count(c.records, 'record')}: ${c.changed} changed (${count(c.changes, 'value')}), ${count(c.flags, 'value')} flagged${normalized.dryRun ? ' (dry run: nothing written)' : ''}`);
    for (const [field, byNormalizer] of Object.entries(normalized.changesByField)) {
      const flags = normalized.flagsByField[field];
      const flagText = flags ? `; flagged ${Object.entries(flags).map(([code, n]) => `${code} ${n}`).join(', ')}` : '';
      lines.push(`    ${field.padEnd(12)} ${Object.entries(byNormalizer).map(([name, n]) => `${name} ${n}`).join(', ')}${flagText}`);
    }
    for (const [field, flags] of Object.entries(normalized.flagsByField)) {
      if (normalized.changesByField[field]) continue;
      lines.push(`    ${field.padEnd(12)} flagged ${Object.entries(flags).map(([code, n]) => `${code} ${n}`).join(', ')}`);
    }
    if (normalized.dryRun || summary.command.startsWith('normalize')) {
      for (const s of normalized.samples) lines.push(`      ${s.sourceId} ${s.field}: ${JSON.stringify(s.before)} → ${JSON.stringify(s.after)} (${s.normalizer})`);
      for (const f of normalized.flagSamples) lines.push(`      ${f.sourceId} ${f.field}: ✖ ${f.reason}`);
    }
  }
  if (summary.dedupe) lines.push(...renderDedupe(summary.dedupe));
  if (summary.merge) lines.push(...renderMerge(summary.merge));
  if (summary.unmerge) lines.push(...renderUnmerge(summary.unmerge));
  if (summary.clean) lines.push(...renderClean(summary.clean));
  if (summary.undo) lines.push(...renderUndo(summary.undo));
  const exported = summary.export;
  if (exported) {
    const where = `${exported.target.kind} ${show(redactUrl(exported.target.location))}${exported.target.table ? ` table ${exported.target.table}` : ''}`;
    // A multi-table export counts records (each written as rows of several tables); a one-table export counts rows.
    const counted = (n: number, unit = exported.rows === 'golden' ? 'golden record' : exported.tables ? 'record' : 'row') => `${n} ${unit}${n === 1 ? '' : 's'}`;
    if (exported.tables) {
      const rows = Object.values(exported.tables).reduce((a, b) => a + b, 0);
      lines.push(`  written    ${counted(exported.counts.written)} as ${rows} row${rows === 1 ? '' : 's'} → ${where} (${exported.target.mode}, ${exported.checkpointRecords ? `a transaction and checkpoint per ${exported.checkpointRecords} records` : 'one transaction'})`);
      for (const [table, count] of Object.entries(exported.tables)) lines.push(`    ${table.padEnd(24)} ${count}`);
    } else {
      lines.push(`  written    ${counted(exported.counts.written)} → ${where} (${exported.target.mode})`);
    }
    if (exported.counts.rejected > 0) {
      const read = exported.counts.written + exported.counts.rejected;
      lines.push(`  exported   ${counted(read, exported.tables ? undefined : 'row')} = ${exported.counts.written} written + ${exported.counts.rejected} rejected by the target`);
      lines.push(`  rejects    ${Object.entries(exported.rejectReasons).map(([code, n]) => `${code} ${n}`).join(', ')}`);
      for (const sample of exported.rejectSamples) lines.push(`             row ${sample.row}${sample.recordId !== null ? ` (record ${sample.recordId})` : ''}: ${sample.reason}`);
      if (exported.counts.rejected > exported.rejectSamples.length) lines.push(`             … all ${exported.counts.rejected} are in the workspace table stw_export_rejects`);
    }
  }
  lines.push(`  workspace  ${show(summary.workspace)}`);
  for (const message of summary.messages) lines.push(`  ${ok ? 'note' : '✖'}       ${message}`);
  return `${lines.join('\n')}\n`;
}

export function summaryJson(summary: RunSummary & { readonly unmerge?: UnmergeSummary | undefined; readonly undo?: UndoSummary | undefined }): Record<string, unknown> {
  const imported = summary.import;
  const exported = summary.export;
  return {
    job: summary.job,
    command: summary.command,
    status: summary.status,
    run_id: summary.runId,
    workspace: summary.workspace,
    stages: summary.stages,
    counts: summary.counts,
    seconds: summary.seconds,
    ...(imported
      ? {
          source: imported.source,
          id_column: imported.idColumn,
          mapping: imported.mapping,
          unmapped_columns: imported.unmappedColumns,
          rejects: { by_reason: imported.rejectReasons, first: imported.rejectSamples, limit: imported.rejectLimit ?? null },
        }
      : {}),
    ...(summary.link
      ? {
          link: {
            source: summary.link.source,
            id_column: summary.link.idColumn,
            counts: summary.link.counts,
            rejects: { by_reason: summary.link.rejectReasons, first: summary.link.rejectSamples },
          },
        }
      : {}),
    ...(summary.normalize
      ? {
          normalize: {
            dry_run: summary.normalize.dryRun,
            counts: summary.normalize.counts,
            changes_by_field: summary.normalize.changesByField,
            flags_by_field: summary.normalize.flagsByField,
            samples: summary.normalize.samples,
            flag_samples: summary.normalize.flagSamples,
          },
        }
      : {}),
    ...(summary.dedupe ? { dedupe: summary.dedupe } : {}),
    ...(summary.merge ? { merge: summary.merge } : {}),
    ...(summary.unmerge ? { unmerge: summary.unmerge } : {}),
    ...(summary.clean ? { clean: summary.clean } : {}),
    ...(summary.undo ? { undo: summary.undo } : {}),
    ...(exported
      ? {
          target: exported.target,
          columns: exported.columns,
          ...(exported.tables ? { tables: exported.tables } : {}),
          ...(exported.checkpointRecords !== undefined ? { checkpoint_records: exported.checkpointRecords } : {}),
          target_rejects: { by_reason: exported.rejectReasons, first: exported.rejectSamples },
          ...(exported.resumedAt !== undefined ? { resumed_at: exported.resumedAt } : {}),
        }
      : {}),
    messages: summary.messages,
  };
}

export function renderCheck(rules: ResolvedRules, file: string): string {
  const lines = [`✔ ${file} is valid: job ${rules.job}${rules.files.length > 1 ? ` (extends ${rules.files.slice(1).join(' → ')})` : ''}`];
  lines.push(`  source     ${rules.source?.location ? `${rules.source.kind} ${show(redactUrl(rules.source.location))}` : '(none: give --input)'}`);
  lines.push(`  fields     ${rules.fields.map((f) => f.name + (f.required ? '*' : '')).join(', ') || '(none)'}`);
  lines.push(`  target     ${rules.target ? `${rules.target.kind} ${show(redactUrl(rules.target.location))}${rules.target.tables ? ` tables ${rules.target.tables.map((t) => t.name).join(', ')}` : getConnector(rules.target.kind).needsTable ? ` table ${rules.target.table}` : ''} (${rules.target.mode})` : '(none: give --output)'}`);
  if (rules.dedupe) lines.push(`  dedupe     ${rules.dedupe.blocking.length} blocking rules, ${rules.dedupe.compare.length} comparisons`);
  if (rules.merge) {
    const own = Object.entries(rules.merge.fields).map(([field, rule]) => `${field}: ${rule.text}`);
    lines.push(`  merge      survivor ${rules.merge.survivor.text}${rules.merge.tieBreakers.length > 0 ? ` (then ${rules.merge.tieBreakers.map((t) => t.text).join(', ')})` : ''}; ${own.length > 0 ? own.join(', ') : 'every field the survivor\'s'}`);
  }
  lines.push(`  workspace  ${show(rules.workspace)}`);
  return `${lines.join('\n')}\n`;
}

export function checkJson(rules: ResolvedRules): Record<string, unknown> {
  return {
    status: 'ok',
    job: rules.job,
    files: rules.files,
    workspace: rules.workspace,
    source: rules.source ? { ...rules.source, location: rules.source.location === undefined ? null : redactUrl(rules.source.location) } : null,
    fields: rules.fields,
    target: rules.target ? { ...rules.target, location: redactUrl(rules.target.location) } : null,
  };
}
