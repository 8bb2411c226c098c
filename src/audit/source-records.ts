import { statSync } from 'node:fs';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { getConnector } from '../connectors/registry.js';
import type { SourceSpec } from '../connectors/types.js';
import { InputError } from '../errors.js';
import type { ResolvedField, ResolvedRules } from '../rules/resolved.js';
import type { AuditRules } from '../rules/schema.js';
import { readerSpec, type LocatedSource } from '../stages/import/import-stage.js';
import { createFieldPipelines, fieldsRead, type FieldPipeline } from '../stages/normalize/field-pipelines.js';
import { collectFromRecords, type AuditRecord, type CollectOptions } from './collect-records.js';
import type { AuditFigures } from './figures.js';
import { mappedPages, type MappedPage, type MappingSpec } from './mapped-rows.js';
import { normalizeForVerdicts } from './verdicts.js';
import { threadOutcome } from '../threads/thread-messages.js';

/** What reading the source found besides its records: rows it could not read. */
export interface SourceTally {
  read: number;
  unreadable: number;
}

/**
 * Files at least this big are audited on two threads: one reads and runs the first normalizers, the other runs
 * the rest and counts (on 1M contacts the two are busy about as long); smaller ones are not worth the threads' start.
 * STEWARD_AUDIT_THREAD_MIN_BYTES changes it (0: always; the tests run both paths on small files).
 */
const THREAD_MIN_BYTES = Number(process.env.STEWARD_AUDIT_THREAD_MIN_BYTES ?? 16 * 1024 * 1024);
/** Pages the reading may be ahead of the counting. */
const PAGES_AHEAD = 4;
/**
 * The threads' young generation (MB). The audit makes a few short-lived objects per value: with
 * V8's default, scavenges promote many of them and the old generation's collections cost more than the
 * counting (on 1M contacts about a third of the thread's time).
 */
const YOUNG_GENERATION_MB = 192;

/**
 * The figures of an audit of a file (or any source) read straight, without the workspace: each row mapped to
 * the canonical fields; the fields whose checks need a value's verdict (validity, uniqueness, references) go
 * through their normalizers, the rest are counted as they are (a normalizer never empties a value).
 */
export async function sourceFigures(rules: ResolvedRules, audit: AuditRules, normalized: ReadonlySet<string>, audited: ReadonlySet<string>, tally: SourceTally, options: CollectOptions): Promise<AuditFigures> {
  const source = rules.source;
  if (!source?.kind || source.location === undefined) throw new InputError('NO_SOURCE', 'nothing to audit: give --input FILE, --workspace W or --db URL --table T');
  const spec = readerSpec(source as LocatedSource);
  const normalizing = rules.fields.filter((f) => normalized.has(f.name));
  const mapping: MappingSpec = {
    fields: rules.fields.map(({ name, from, required, explicit }) => ({ name, from, required, explicit })),
    idCandidates: source.id?.columns ?? [],
    // Only the fields the audit counts, and those the normalizers look at (a phone or postcode reads the country).
    needed: [...new Set([...audited, ...normalized, ...normalizing.flatMap(fieldsRead)])],
  };
  const reader = await getConnector(spec.kind).openReader(spec);
  if (countsOnThread(spec)) {
    // The file opened: what is wrong with it was said here. The threads read it again.
    await reader.close();
    // The reading thread runs the first pipelines (in the order they run; less than half: it also reads), the counting thread the rest.
    const order = createFieldPipelines(normalizing).map((p) => p.field);
    const early = new Set(order.slice(0, Math.floor(order.length / 2)));
    const reading = { ...mapping, normalizing: normalizing.filter((f) => early.has(f.name)) };
    return countOnThreads(spec, reading, { audit, normalizing: normalizing.filter((f) => !early.has(f.name)), fields: options.fields, references: options.references, now: options.now }, tally);
  }
  try {
    return await collectFromRecords(audit, auditRecords(counted(mappedPages(reader, mapping), tally), createFieldPipelines(normalizing)), options);
  } finally {
    await reader.close();
  }
}

export async function* counted(pages: AsyncIterable<MappedPage>, tally: SourceTally): AsyncIterable<MappedPage> {
  for await (const page of pages) {
    tally.read += page.read;
    tally.unreadable += page.unreadable;
    yield page;
  }
}

/** A page's rows as the audit's records, their verdict fields normalized (after those the reading thread normalized). */
export async function* auditRecords(pages: AsyncIterable<MappedPage>, pipelines: readonly FieldPipeline[]): AsyncIterable<AuditRecord[]> {
  for await (const { names, ids, values, invalid: early } of pages) {
    const width = names.length;
    const records: AuditRecord[] = new Array(ids.length);
    for (let r = 0; r < ids.length; r++) {
      const record = rowRecord(names, values, r * width);
      const invalid = normalizeForVerdicts(pipelines, record);
      const flagged = early?.[r];
      records[r] = { id: ids[r]!, values: record, invalid: flagged ? new Set([...flagged.split('\u0000'), ...invalid]) : invalid };
    }
    yield records;
  }
}

function rowRecord(names: readonly string[], values: readonly (string | undefined)[], at: number): Record<string, string> {
  const record: Record<string, string> = {};
  for (let f = 0; f < names.length; f++) {
    const value = values[at + f];
    if (value !== undefined) record[names[f]!] = value;
  }
  return record;
}

/**
 * Pages with the first pipelines run on their rows: the values as those pipelines left them (a normalizer may
 * fill another field: every field in `fields` is carried) and the fields they flagged invalid. The rest of the
 * pipelines, run later, see exactly what they would have seen had all run in one go.
 */
export async function* normalizedPages(pages: AsyncIterable<MappedPage>, pipelines: readonly FieldPipeline[], fields: readonly string[]): AsyncIterable<MappedPage> {
  for await (const page of pages) {
    const { names, ids } = page;
    const values: (string | undefined)[] = new Array(ids.length * fields.length);
    const invalid: string[] = new Array(ids.length);
    for (let r = 0; r < ids.length; r++) {
      const record = rowRecord(names, page.values, r * names.length);
      const flagged = normalizeForVerdicts(pipelines, record);
      invalid[r] = flagged.size === 0 ? '' : [...flagged].join('\u0000');
      for (let f = 0; f < fields.length; f++) values[r * fields.length + f] = record[fields[f]!];
    }
    yield { names: fields, ids, values, read: page.read, unreadable: page.unreadable, invalid };
  }
}

function countsOnThread(spec: SourceSpec): boolean {
  return getConnector(spec.kind).isFile && statSync(spec.location).size >= THREAD_MIN_BYTES;
}

/** What the counting thread is given: everything it needs to normalize and count, as plain data, and the port the pages come in on. */
export interface CountJob {
  readonly audit: AuditRules;
  readonly normalizing: readonly ResolvedField[];
  readonly fields: readonly string[];
  readonly references: ReadonlyMap<string, ReadonlySet<string>>;
  readonly now: Date;
  readonly pages: MessagePort;
}

export interface Counted {
  readonly figures: AuditFigures;
  readonly tally: SourceTally;
}

/**
 * Reads on one thread and counts on another, pages passing straight between them; this thread only waits.
 * Both are threads of their own (not this one) so that each can have a young generation big enough for what
 * it makes: with V8's default, scavenges copy the pages in flight over and over.
 */
async function countOnThreads(spec: SourceSpec, mapping: MappingSpec, job: Omit<CountJob, 'pages'>, tally: SourceTally): Promise<AuditFigures> {
  const { port1, port2 } = new MessageChannel();
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  const counter = new Worker(new URL('./count-worker.js', import.meta.url), { workerData: { ...job, pages: port2 }, transferList: [port2], resourceLimits });
  const reader = new Worker(new URL('./read-worker.js', import.meta.url), { workerData: { source: spec, mapping, pages: port1, ahead: PAGES_AHEAD }, transferList: [port1], resourceLimits });
  try {
    // The first failure of either thread is the one reported; a reader's error ends the count too.
    const [, counted] = await Promise.all([threadOutcome<never>(reader, "the audit's reading thread"), threadOutcome<Counted>(counter, "the audit's counting thread")]);
    tally.read += counted!.tally.read;
    tally.unreadable += counted!.tally.unreadable;
    return counted!.figures;
  } finally {
    await Promise.all([reader.terminate(), counter.terminate()]);
  }
}
