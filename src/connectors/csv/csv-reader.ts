import { existsSync, statSync } from 'node:fs';
import { InputError } from '../../errors.js';
import type { SourceReader, SourceRow, SourceSpec } from '../types.js';
import { CsvTokenizer, type TokenizedRecord } from './csv-tokenizer.js';
import { decodeFile } from './text-decoding.js';
import { sniffDelimiter } from './sniff-delimiter.js';
import { uniqueHeaders } from '../unique-headers.js';

const SNIFF_CHARS = 64 * 1024;
const REPLACEMENT = '\uFFFD';
const SUSPECT = /[\u0000\uFFFD]/;

/** C0 controls other than tab, CR and LF, and U+FFFD: rare in text, everywhere in binary data. */
const BINARY_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFD]/g;

/**
 * A binary file named .csv (a workbook, an archive, an image): a NUL in its first line, or control and
 * undecodable characters making up more than a tenth of its first 4,096 characters.
 */
function looksBinary(firstLine: string, sample: string): boolean {
  if (firstLine.includes('\u0000')) return true;
  const head = sample.slice(0, 4096);
  return head.length > 0 && (head.match(BINARY_CHAR)?.length ?? 0) > head.length / 10;
}

export async function openCsvReader(spec: SourceSpec): Promise<SourceReader> {
  if (!existsSync(spec.location) || !statSync(spec.location).isFile()) {
    throw new InputError('SOURCE_NOT_FOUND', `source file not found: ${spec.location}`, { file: spec.location });
  }
  let encoding = spec.encoding;
  const chunks = decodeFile(spec.location, spec.encoding, (detected) => {
    encoding = detected;
  })[Symbol.asyncIterator]();

  // Read enough text to sniff the delimiter and find the header.
  let sample = '';
  let done = false;
  while (sample.length < SNIFF_CHARS) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    sample += next.value;
  }
  // Excel writes "sep=;" as a first line to name the delimiter: honour it and skip the line.
  const directive = /^sep=([,;\t|])\r?\n/i.exec(sample);
  if (directive) sample = sample.slice(directive[0].length);
  // The sniff drops a last line without a line break (it may be cut short): when the sample is the whole file, it is not.
  const delimiter = spec.delimiter !== 'auto' ? spec.delimiter : directive ? directive[1]! : sniffDelimiter(done && !/[\r\n]$/.test(sample) ? `${sample}\n` : sample);
  const tokenizer = new CsvTokenizer({ delimiter, firstLine: directive ? 2 : 1 });
  let pending: TokenizedRecord[] = tokenizer.push(sample, done);
  let header: string[] = [];
  let headerError: TokenizedRecord | undefined;
  while (pending.length === 0 && !done) {
    const next = await chunks.next();
    done = Boolean(next.done);
    pending = tokenizer.push(next.done ? '' : next.value, done);
  }
  const first = pending.shift();
  if (first && looksBinary(first.raw, sample)) {
    const zip = sample.startsWith('PK\u0003\u0004') ? ' It looks like a ZIP archive: an Excel .xlsx workbook? Save it as "CSV UTF-8" first.' : '';
    throw new InputError('NOT_TEXT', `${spec.location} is not a text file: its first line holds binary data (NUL or control bytes), not a CSV header.${zip}`, { file: spec.location, line: first.line });
  }
  if (first && 'cells' in first) header = first.cells.map((h) => h.replace(/^\uFEFF/, ''));
  else if (first) headerError = first;
  if (headerError && 'error' in headerError) {
    throw new InputError('BAD_HEADER', `the header line of ${spec.location} cannot be read: ${headerError.error.message}`, { file: spec.location, line: headerError.line });
  }
  if (first && first.raw.includes(REPLACEMENT)) {
    // A column name with U+FFFD in it would silently match no field: say so before any row is read.
    throw new InputError('BAD_HEADER', `the header line of ${spec.location} holds bytes that are not valid ${encoding} (declare the file's encoding: source.encoding, e.g. windows-1252)`, {
      file: spec.location,
      line: first.line,
    });
  }
  const columns = uniqueHeaders(header);
  tokenizer.expectedCells = columns.length;
  const details: Record<string, string> = { encoding, delimiter: delimiter === '\t' ? 'tab' : delimiter };

  const toRows = (records: TokenizedRecord[]): SourceRow[] =>
    records.map((record) => {
      if ('error' in record) return { line: record.line, error: record.error, raw: record.raw };
      // One scan of the record's text finds both NUL bytes and undecodable bytes (U+FFFD); they explain a
      // wrong cell count too, so they are reported first.
      const bad = SUSPECT.exec(record.raw)?.[0];
      if (bad === '\u0000') {
        return { line: record.line, error: { code: 'NUL_BYTE', message: 'contains a NUL byte, which databases cannot store in text (is this a binary or UTF-16 file?)' }, raw: record.raw };
      }
      if (bad === REPLACEMENT) {
        return {
          line: record.line,
          error: { code: 'INVALID_ENCODING', message: `contains bytes that are not valid ${encoding}${encoding === 'utf-8' ? ' (if the file is in a legacy encoding, declare it: source.encoding: windows-1252)' : ''}` },
          raw: record.raw,
        };
      }
      if (record.cells.length !== columns.length) {
        return {
          line: record.line,
          error: { code: 'WRONG_CELL_COUNT', message: `expected ${columns.length} cells (as in the header), got ${record.cells.length}` },
          raw: record.raw,
        };
      }
      return { line: record.line, cells: record.cells, raw: record.raw };
    });

  return {
    columns,
    details,
    rawFormat: { kind: 'csv', delimiter },
    async *batches() {
      if (pending.length > 0) yield toRows(pending);
      pending = [];
      while (!done) {
        const next = await chunks.next();
        done = Boolean(next.done);
        const records = tokenizer.push(next.done ? '' : next.value, done);
        if (records.length > 0) yield toRows(records);
      }
      if (tokenizer.blankLines > 0) details['blank_lines'] = String(tokenizer.blankLines);
    },
    async close() {
      await chunks.return?.(undefined);
    },
  };
}
