import { InputError, RuntimeFailure, StewardError } from '../../errors.js';
import type { ResolvedRules } from '../../rules/resolved.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { WorkspaceDatabase } from '../../workspace/workspace-schema.js';
import type { Kysely } from 'kysely';
import type { StageOptions } from '../import/import-stage.js';
import { createFieldPipelines, normalizeOwnValues } from './field-pipelines.js';

export interface NormalizeCounts {
  readonly records: number;
  /** Records with at least one changed value. */
  readonly changed: number;
  readonly changes: number;
  readonly flags: number;
}

export interface NormalizeResult {
  readonly counts: NormalizeCounts;
  readonly dryRun: boolean;
  /** field -> normalizer -> values changed. */
  readonly changesByField: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** field -> flag code -> count. */
  readonly flagsByField: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** A few before → after per field and normalizer, in record order. */
  readonly samples: readonly { readonly sourceId: string; readonly field: string; readonly before: string; readonly after: string; readonly normalizer: string }[];
  readonly flagSamples: readonly { readonly sourceId: string; readonly field: string; readonly code: string; readonly reason: string }[];
  /** Output fields after normalizing, in order (fields a normalizer added come after the mapped ones). */
  readonly fields: readonly string[];
}

const PAGE = 2000;
const ROWS_PER_STATEMENT = 64;
const SAMPLES_PER_KIND = 3;

export function hasNormalizers(rules: ResolvedRules): boolean {
  return rules.fields.some((f) => f.normalize.length > 0);
}

export function requireNormalizers(rules: ResolvedRules): void {
  if (!hasNormalizers(rules)) throw new InputError('NO_NORMALIZERS', 'the rule file declares no normalizers (fields.<name>.normalize); extends: contacts brings sensible defaults');
}

/**
 * Normalizes every record's imported values and stores the result beside them in stw_normalized (changed
 * values, keys, changes, flags), in one transaction; --dry-run computes the same and writes nothing.
 */
export async function normalizeRecords(rules: ResolvedRules, workspace: Workspace, options: StageOptions & { dryRun?: boolean }): Promise<NormalizeResult> {
  const source = await workspace.db.selectFrom('stw_sources').selectAll().executeTakeFirst();
  if (!source) throw new InputError('NOTHING_IMPORTED', `the workspace ${workspace.file} holds no import yet; run steward import first`);
  const pipelines = createFieldPipelines(rules.fields);
  const dryRun = options.dryRun ?? false;
  const changesByField: Record<string, Record<string, number>> = {};
  const flagsByField: Record<string, Record<string, number>> = {};
  const samples: { sourceId: string; field: string; before: string; after: string; normalizer: string }[] = [];
  const flagSamples: { sourceId: string; field: string; code: string; reason: string }[] = [];
  const mappedFields = Object.keys(JSON.parse(source.mapping) as Record<string, string[]>);
  const mappedSet = new Set(mappedFields);
  const added = new Set<string>();
  let records = 0;
  let changedRecords = 0;
  let changeCount = 0;
  let flagCount = 0;

  type Writer = (id: number, changed: string, keys: string, changes: string | null, flags: string | null) => void;
  const work = async (db: Kysely<WorkspaceDatabase>, write: Writer | undefined) => {
    // Pages through a prepared statement: the workspace's one connection may be held by the transaction.
    const readPage = workspace.prepareAll<{ id: number; source_id: string; data: string }, [number, number]>(
      db.selectFrom('stw_records').select(['id', 'source_id', 'data']).where('id', '>', 0).orderBy('id').limit(PAGE),
    );
    let after = 0;
    for (;;) {
      const page = readPage(after, PAGE);
      if (page.length === 0) break;
      for (const record of page) {
        const result = normalizeOwnValues(pipelines, JSON.parse(record.data) as Record<string, string>);
        records += 1;
        if (result.changes.length > 0) changedRecords += 1;
        changeCount += result.changes.length;
        flagCount += result.flags.length;
        for (const [field, before, afterValue, normalizer] of result.changes) {
          const byField = (changesByField[field] ??= {});
          const count = (byField[normalizer] = (byField[normalizer] ?? 0) + 1);
          // The first few of each kind, in record order, are the sample.
          if (count <= SAMPLES_PER_KIND) samples.push({ sourceId: record.source_id, field, before, after: afterValue, normalizer });
          if (before === '' && !mappedSet.has(field)) added.add(field);
        }
        for (const [field, code, reason] of result.flags) {
          const byField = (flagsByField[field] ??= {});
          const count = (byField[code] = (byField[code] ?? 0) + 1);
          if (count <= SAMPLES_PER_KIND) flagSamples.push({ sourceId: record.source_id, field, code, reason });
        }
        write?.(
          record.id,
          JSON.stringify(result.changed),
          JSON.stringify(result.keys),
          result.changes.length > 0 ? JSON.stringify(result.changes) : null,
          result.flags.length > 0 ? JSON.stringify(result.flags) : null,
        );
      }
      after = page[page.length - 1]!.id;
      options.onProgress?.({ stage: 'normalize', count: records });
    }
  };

  const canonicalOrder = rules.fields.map((f) => f.name);
  const fieldsAfter = () => [
    ...mappedFields,
    ...[...added].sort((a, b) => rank(canonicalOrder, a) - rank(canonicalOrder, b) || a.localeCompare(b)),
  ];

  try {
    if (dryRun) {
      await work(workspace.db, undefined);
    } else {
      await workspace.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('stw_normalized').execute();
        const blank = { id: 0, run_id: 0, changed: '', keys: '', changes: null, flags: null };
        const insertOne = workspace.prepare<unknown[]>(trx.insertInto('stw_normalized').values(blank));
        const insertMany = workspace.prepare<unknown[]>(trx.insertInto('stw_normalized').values(Array.from({ length: ROWS_PER_STATEMENT }, () => blank)));
        let pending: unknown[] = [];
        await work(trx, (id, changed, keys, changes, flags) => {
          pending.push(id, options.runId, changed, keys, changes, flags);
          if (pending.length === ROWS_PER_STATEMENT * 6) {
            insertMany(...pending);
            pending = [];
          }
        });
        for (let i = 0; i < pending.length; i += 6) insertOne(...pending.slice(i, i + 6));
        await trx.updateTable('stw_sources').set({ fields: JSON.stringify(fieldsAfter()) }).execute();
      });
    }
  } catch (error) {
    if (error instanceof StewardError) throw error;
    throw new RuntimeFailure('NORMALIZE_FAILED', `normalizing the workspace ${workspace.file} failed; it keeps its previous values: ${(error as Error).message}`, {}, { cause: error });
  }
  return {
    counts: { records, changed: changedRecords, changes: changeCount, flags: flagCount },
    dryRun,
    changesByField: sortKeys(changesByField, canonicalOrder),
    flagsByField: sortKeys(flagsByField, canonicalOrder),
    samples,
    flagSamples,
    fields: fieldsAfter(),
  };
}

function rank(order: readonly string[], field: string): number {
  const index = order.indexOf(field);
  return index === -1 ? order.length : index;
}

function sortKeys<T>(object: Record<string, T>, order: readonly string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => rank(order, a) - rank(order, b) || a.localeCompare(b)));
}
