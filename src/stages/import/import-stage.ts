import { getConnector } from '../../connectors/registry.js';
import type { SourceRow, SourceSpec } from '../../connectors/types.js';
import { InputError, RuntimeFailure, StewardError } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import type { RejectLimit, ResolvedRules, ResolvedSource } from '../../rules/resolved.js';
import type { Workspace } from '../../workspace/workspace.js';
import { ColumnMapper } from './column-mapping.js';

export interface ImportCounts {
  /** Data rows read from the source (blank lines are not rows). */
  readonly read: number;
  readonly loaded: number;
  readonly rejected: number;
}

export interface ImportResult {
  readonly counts: ImportCounts;
  readonly source: { readonly kind: string; readonly location: string; readonly details: Readonly<Record<string, string>> };
  readonly idColumn: string | null;
  /** field -> source columns. */
  readonly mapping: Readonly<Record<string, readonly string[]>>;
  readonly unmappedColumns: readonly string[];
  /** Reject counts by reason code. */
  readonly rejectReasons: Readonly<Record<string, number>>;
  /** The first rejects, for the summary; all of them are in the workspace. */
  readonly rejectSamples: readonly { readonly line: number; readonly code: string; readonly reason: string }[];
  readonly rejectLimit?: { readonly limit: string; readonly breached: boolean } | undefined;
}

export interface ProgressEvent {
  readonly stage: string;
  readonly count: number;
}

export interface StageOptions {
  readonly runId: number;
  readonly onProgress?: ((event: ProgressEvent) => void) | undefined;
}

const REJECT_SAMPLES = 10;
const RECORDS_PER_STATEMENT = 64;

/** A source with its location known (from the rule file or --input). */
export type LocatedSource = ResolvedSource & { readonly kind: string; readonly location: string };

/** What a connector's reader needs of the rule file's source: a table source reads in the order of its id candidates. */
export function readerSpec(source: LocatedSource): SourceSpec {
  return { kind: source.kind, location: source.location, table: source.table, encoding: source.encoding, delimiter: source.delimiter, orderBy: source.id?.columns ?? [] };
}

/**
 * Reads the source, maps columns to fields and replaces the workspace's records and rejects with what
 * it read, in one transaction: every row is either a record or a reject with its line and reason.
 */
export async function importSource(rules: ResolvedRules, workspace: Workspace, options: StageOptions): Promise<ImportResult> {
  const source = rules.source;
  if (!source?.kind || source.location === undefined) {
    throw new InputError('NO_SOURCE', 'nothing to import: the rule file names no source; add one (e.g. source: { csv: contacts.csv }) or pass --input FILE');
  }
  const connector = getConnector(source.kind);
  const reader = await connector.openReader(readerSpec(source as LocatedSource));
  const location = connector.isFile ? source.location : redactUrl(source.location);
  const kind = source.kind;
  try {
    const mapper = new ColumnMapper(rules.fields, source.id?.columns ?? []);
    mapper.update(reader.columns);
    if (reader.columns.length > 0) checkColumns(rules, source, mapper, reader.columns, location);

    let read = 0;
    let loaded = 0;
    let rejected = 0;
    // Record ids follow source order; a row found to be a duplicate later leaves its id unused.
    let nextId = 0;
    const reasons: Record<string, number> = {};
    const samples: { line: number; code: string; reason: string }[] = [];
    const runId = options.runId;

    await workspace.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('stw_normalized').execute();
      await trx.deleteFrom('stw_pairs').execute();
      await trx.deleteFrom('stw_clusters').execute();
      await trx.deleteFrom('stw_records').execute();
      await trx.deleteFrom('stw_rejects').execute();
      await trx.deleteFrom('stw_sources').execute();
      // The hot path: one Kysely-built statement, prepared once, run per row inside this transaction.
      const blank = { id: 0, run_id: 0, source_id: '', line: 0, data: '', raw: '' };
      const insertRecord = workspace.prepare<[number, number, string, number, string, string]>(trx.insertInto('stw_records').values(blank));
      // Rows go in RECORDS_PER_STATEMENT at a time: far fewer calls into SQLite than one per row.
      const insertRecords = workspace.prepare<unknown[]>(trx.insertInto('stw_records').values(Array.from({ length: RECORDS_PER_STATEMENT }, () => blank)));
      let pending: unknown[] = [];
      const flushRecords = async () => {
        if (pending.length === 0) return;
        const params = pending;
        pending = [];
        if (params.length === RECORDS_PER_STATEMENT * 6) {
          try {
            insertRecords(...params);
            loaded += RECORDS_PER_STATEMENT;
            return;
          } catch (error) {
            if (!workspace.isUniqueViolation(error)) throw error;
            // A duplicate id somewhere in this batch: the statement was undone; go row by row to find it.
          }
        }
        for (let i = 0; i < params.length; i += 6) {
          const [id, run, sourceId, line, data, raw] = params.slice(i, i + 6) as [number, number, string, number, string, string];
          try {
            insertRecord(id, run, sourceId, line, data, raw);
            loaded += 1;
          } catch (error) {
            if (!workspace.isUniqueViolation(error)) throw error;
            const first = await trx.selectFrom('stw_records').select('line').where('source_id', '=', sourceId).executeTakeFirst();
            reject(line, sourceId, 'DUPLICATE_ID', `id "${sourceId}" was already used by the row on line ${first?.line ?? '?'}`, raw);
          }
        }
      };
      const insertReject = workspace.prepare<[number, number, string | null, string, string, string]>(
        trx.insertInto('stw_rejects').values({ run_id: 0, line: 0, source_id: null, code: '', reason: '', raw: '' }),
      );
      const reject = (line: number, sourceId: string | null, code: string, reason: string, raw: string) => {
        rejected += 1;
        reasons[code] = (reasons[code] ?? 0) + 1;
        if (samples.length < REJECT_SAMPLES) samples.push({ line, code, reason });
        insertReject(runId, line, sourceId, code, reason, raw);
      };

      for await (const batch of reader.batches()) {
        mapper.update(reader.columns);
        const fields = mapper.mappedFields();
        const jsonKeys = fields.map((f) => `${JSON.stringify(f.name)}:`);
        const idColumn = mapper.idColumn;
        for (const row of batch as SourceRow[]) {
          read += 1;
          if ('error' in row) {
            reject(row.line, null, row.error.code, row.error.message, row.raw);
            continue;
          }
          const cells = row.cells;
          const raw = row.raw ?? JSON.stringify(cells);
          let sourceId: string;
          if (idColumn >= 0) {
            sourceId = (cells[idColumn] ?? '').trim();
            if (sourceId === '') {
              reject(row.line, null, 'MISSING_ID', `the id column "${reader.columns[idColumn]}" is empty`, raw);
              continue;
            }
          } else if (source.id?.strict) {
            reject(row.line, null, 'MISSING_ID', `the id column "${source.id.columns[0]}" is missing`, raw);
            continue;
          } else {
            sourceId = String(read);
          }
          // The canonical values as a JSON object, written directly: this loop runs once per source row.
          let data = '{';
          let missing: string | undefined;
          for (let f = 0; f < fields.length; f++) {
            const field = fields[f]!;
            let value = '';
            for (const index of field.columns) {
              const cell = cells[index] ?? '';
              if (cell.trim() !== '') {
                value = cell;
                break;
              }
            }
            if (value === '' && field.required && missing === undefined) missing = field.name;
            data += (f === 0 ? '' : ',') + jsonKeys[f] + JSON.stringify(value);
          }
          data += '}';
          if (missing === undefined) {
            const unmappedRequired = mapper.fields.find((f) => f.required && f.columns.length === 0);
            if (unmappedRequired) missing = unmappedRequired.name;
          }
          if (missing !== undefined) {
            reject(row.line, sourceId, 'REQUIRED_MISSING', `required field ${missing} is empty`, raw);
            continue;
          }
          nextId += 1;
          pending.push(nextId, runId, sourceId, row.line, data, raw);
          if (pending.length === RECORDS_PER_STATEMENT * 6) await flushRecords();
        }
        options.onProgress?.({ stage: 'import', count: read });
      }
      await flushRecords();
      await trx
        .insertInto('stw_sources')
        .values({
          run_id: runId,
          kind,
          location,
          columns: JSON.stringify(reader.columns),
          mapping: JSON.stringify(mapper.describe(reader.columns)),
          id_column: mapper.idColumn >= 0 ? reader.columns[mapper.idColumn]! : null,
          details: JSON.stringify(reader.details),
          raw_format: JSON.stringify(reader.rawFormat),
        })
        .execute();
    });

    const limit = source.maxRejects;
    return {
      counts: { read, loaded, rejected },
      source: { kind, location, details: { ...reader.details } },
      idColumn: mapper.idColumn >= 0 ? reader.columns[mapper.idColumn]! : null,
      mapping: mapper.describe(reader.columns),
      unmappedColumns: mapper.unmappedColumns(reader.columns.length).map((i) => reader.columns[i]!),
      rejectReasons: Object.fromEntries(Object.entries(reasons).sort(([a], [b]) => a.localeCompare(b))),
      rejectSamples: samples.sort((a, b) => a.line - b.line),
      rejectLimit: limit ? { limit: describeLimit(limit), breached: isBreached(limit, rejected, read) } : undefined,
    };
  } catch (error) {
    if (error instanceof StewardError) throw error;
    throw new RuntimeFailure('IMPORT_FAILED', `import from ${location} failed; the workspace keeps its previous records: ${(error as Error).message}`, {}, { cause: error });
  } finally {
    await reader.close();
  }
}

function checkColumns(rules: ResolvedRules, source: ResolvedSource, mapper: ColumnMapper, columns: readonly string[], location: string): void {
  const problems: string[] = [];
  if (source.id?.strict && mapper.idColumn === -1) {
    problems.push(`the id column "${source.id.columns[0]}" (source.id) is not in ${location}`);
  }
  for (const field of mapper.fields) {
    if (field.required && field.columns.length === 0) {
      const spellings = rules.fields.find((f) => f.name === field.name)?.from ?? [];
      problems.push(`required field ${field.name} matches no column (looked for ${spellings.slice(0, 8).map((s) => `"${s}"`).join(', ')}${spellings.length > 8 ? ', …' : ''})`);
    }
  }
  if (problems.length > 0) {
    throw new InputError('COLUMNS_MISSING', `${problems.join('; ')}. Columns in the source: ${columns.map((c) => JSON.stringify(c)).join(', ')}`, { file: location });
  }
}

export function describeLimit(limit: RejectLimit): string {
  return 'count' in limit ? String(limit.count) : `${limit.percent}%`;
}

export function isBreached(limit: RejectLimit, rejected: number, read: number): boolean {
  if ('count' in limit) return rejected > limit.count;
  return read > 0 && (rejected / read) * 100 > limit.percent;
}
