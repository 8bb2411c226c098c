import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { connectorForLocation } from '../connectors/registry.js';
import { scoreDelimiter } from '../connectors/csv/sniff-delimiter.js';
import { sniffEncoding } from '../connectors/csv/text-decoding.js';
import { InputError } from '../errors.js';
import { count } from '../wording.js';
import type { SourceRow } from '../connectors/types.js';
import { profileColumns } from './profile-columns.js';
import type { Profile, SourceDetail } from './types.js';

/** Bytes looked at to tell the encoding, and characters to tell the delimiter (as the CSV reader sniffs it). */
const HEAD_BYTES = 1 << 20;
const SNIFF_CHARS = 64 * 1024;

export interface FileProfileOptions {
  /** Most rows the per-column figures are made from; a bigger file is sampled. */
  readonly sample: number;
  /** A declared encoding instead of the sniffed one. */
  readonly encoding?: string | undefined;
  readonly isEmpty: (v: string | null | undefined) => boolean;
  readonly onProgress?: ((rows: number) => void) | undefined;
}

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, statSync(file).size));
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * A copy of a cell that does not hold on to the text it was cut from: V8 keeps a slice's whole parent string (a
 * megabyte of the file) alive, and a sample drawn from everywhere in a file would keep all of the file.
 */
const detach = (cell: string): string => (cell.length === 0 ? '' : (' ' + cell).slice(1));

/** Every how many rows one is sampled, from the size of the first rows and of the file (a sample of about `wanted` rows). */
function firstStride(batch: readonly SourceRow[], fileSize: number, wanted: number): number {
  let bytes = 0;
  for (const row of batch) bytes += (row.raw?.length ?? 0) + 1;
  if (bytes === 0 || batch.length === 0) return 1;
  const estimated = fileSize / (bytes / batch.length);
  return Math.max(1, Math.floor(estimated / wanted));
}

/**
 * The delimiter the reader used (`found`) and how sure the sniff of the first lines is. `whole` says the head is the
 * whole file, so its last line counts even without a line break.
 */
function delimiterDetail(head: Buffer, encoding: string, found: string | undefined, whole: boolean): SourceDetail | undefined {
  if (found === undefined) return undefined;
  const text = iconv.decode(head.subarray(0, SNIFF_CHARS * 2), encoding).slice(0, SNIFF_CHARS).replace(/^\uFEFF/, '');
  const name = (d: string) => (d === '\t' ? 'tab' : d);
  const directive = /^sep=([,;\t|])\r?\n/i.exec(text);
  if (directive) return { value: name(directive[1]!), confidence: 'certain', reason: 'named by the file\'s "sep=" first line' };
  if (text.trim() === '') return { value: found, confidence: 'low', reason: 'the file is empty' };
  const guess = scoreDelimiter(whole && !/[\r\n]$/.test(text) ? `${text}\n` : text);
  if (!guess.inHeader) return { value: found, confidence: 'high', reason: 'no delimiter in the header: one column' };
  if (guess.lines === 0) return { value: found, confidence: 'low', reason: 'the file has a header line only' };
  if (name(guess.delimiter) !== found) return { value: found, confidence: 'medium', reason: `the reader's choice; the first lines split best by "${name(guess.delimiter)}"` };
  const share = `${Math.round(guess.agreement * 100)}% of the ${count(guess.lines, 'line')} sampled split into the header's cell count`;
  const confidence = guess.runnerUp !== undefined || guess.agreement < 0.8 ? 'medium' : guess.agreement === 1 ? 'certain' : 'high';
  return { value: found, confidence, reason: guess.runnerUp !== undefined ? `${share}; "${name(guess.runnerUp)}" did as well` : share };
}

/**
 * Profiles a file: the encoding and delimiter as the CSV reader finds them (and how sure), every row counted, the
 * per-column figures from every row of a small file, or from rows spread evenly over a big one (every n-th row).
 */
export async function profileFile(file: string, options: FileProfileOptions): Promise<Profile> {
  // The path as the user gave it when it is under the working folder (file is absolute here).
  const relative = path.relative(process.cwd(), file);
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  if (!existsSync(file) || !statSync(file).isFile()) throw new InputError('SOURCE_NOT_FOUND', `file not found: ${shown}`, { file });
  const connector = connectorForLocation(file);
  if (!connector?.isFile) throw new InputError('UNKNOWN_LOCATION', `cannot tell what kind of file ${shown} is; steward profile reads .csv, .tsv, .txt and .jsonl files (or --db URL --table T)`, { file });
  const isCsv = connector.kind === 'csv';
  const head = readHead(file);
  const sniffed = sniffEncoding(head);
  const encoding: SourceDetail | undefined = !isCsv
    ? undefined
    : options.encoding !== undefined
      ? { value: options.encoding, confidence: 'certain', reason: 'declared with --encoding' }
      : { value: sniffed.encoding, confidence: sniffed.confidence, reason: sniffed.reason };
  const reader = await connector.openReader({ kind: connector.kind, location: file, encoding: encoding?.value ?? 'auto', delimiter: 'auto' });
  const size = statSync(file).size;
  let sample: (readonly string[])[] = [];
  let stride = 0;
  let rows = 0;
  let unreadable = 0;
  let readable = 0;
  try {
    for await (const batch of reader.batches()) {
      if (stride === 0) stride = firstStride(batch, size, options.sample);
      for (const row of batch) {
        rows++;
        if (!('cells' in row)) {
          unreadable++;
          continue;
        }
        // Every stride-th readable row: a sample spread evenly over the file, each row copied once and kept.
        if (readable++ % stride !== 0) continue;
        sample.push(row.cells.map(detach));
        if (sample.length >= options.sample * 2) {
          // The file is longer than its first rows suggested: keep every other row sampled, and sample half as often.
          sample = sample.filter((_, i) => i % 2 === 0);
          stride *= 2;
        }
      }
      options.onProgress?.(rows);
    }
  } finally {
    await reader.close();
  }
  const columns = [...reader.columns];
  const { columns: profiles, notes } = profileColumns(columns, sample, options.isEmpty);
  if (unreadable > 0) notes.push(`${unreadable.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} rows could not be read (steward import lists them with reasons)`);
  const sampled = readable > sample.length;
  return {
    source: file,
    kind: 'file',
    encoding,
    delimiter: isCsv ? delimiterDetail(head, encoding!.value, reader.details['delimiter'], head.length === size) : undefined,
    rows,
    unreadable,
    profiled: sample.length,
    sampled,
    method: sampled ? `every ${stride.toLocaleString('en-US')}th of the ${readable.toLocaleString('en-US')} readable rows (${sample.length.toLocaleString('en-US')}); rows counted exactly` : 'every row',
    columns: profiles,
    notes,
  };
}
