/**
 * A streaming RFC 4180 tokenizer that recovers from broken rows.
 *
 * Why not csv-parse here: a legacy export with one unclosed quote makes csv-parse swallow the rest of the
 * file into one field (CSV_QUOTE_NOT_CLOSED at the end), and its errors name the line where parsing
 * failed, not where the record began. Importing must reject just the broken row, with its first line,
 * and go on. This tokenizer does that; csv-parse stays the baseline it is measured against (bench/).
 */

export type TokenizedRecord =
  | { readonly line: number; readonly cells: string[]; readonly raw: string }
  | { readonly line: number; readonly error: { readonly code: string; readonly message: string }; readonly raw: string };

export interface CsvTokenizerOptions {
  readonly delimiter: string;
  /** Longest record, in characters, before an open quote is taken for a missing closing quote. */
  readonly maxRecordChars?: number;
  /** Cells a record should have (the header's), once known; used to spot unclosed quotes. */
  expectedCells?: number;
  /** Line number of the first line fed (2 when a line was consumed before, like Excel's sep=). */
  readonly firstLine?: number;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

interface Parsed {
  cells: string[];
  end: number;
  /** Where the record's text ends, before its line break. */
  contentEnd: number;
  /** Newlines consumed, including the record's terminator. */
  newlines: number;
  /** Newlines that fell inside quoted fields. */
  quotedNewlines: number;
}

interface ParseError {
  error: { code: string; message: string };
  /** Whether the error happened after the record crossed a line break inside quotes. */
  spansLines: boolean;
}

const NEED_MORE = Symbol('need-more');
/** Characters of a rejected over-long line kept as its raw text. */
const RAW_KEPT = 64 * 1024;

export class CsvTokenizer {
  private buffer = '';
  private line = 1;
  private readonly delimiter: number;
  private readonly maxRecordChars: number;
  expectedCells: number | undefined;
  /** Blank lines skipped (not records). */
  blankLines = 0;
  /**
   * After a record too long to keep was rejected before its line ended: the rest of that line is dropped as it
   * arrives ('line'), then an LF that may follow a CR that ended a chunk ('lf').
   */
  private skipping: 'line' | 'lf' | null = null;

  constructor(options: CsvTokenizerOptions) {
    if (options.delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars ?? 8 * 1024 * 1024;
    this.expectedCells = options.expectedCells;
    this.line = options.firstLine ?? 1;
  }

  /** Feed decoded text; returns the records completed so far. Call with final=true once at the end. */
  push(text: string, final = false): TokenizedRecord[] {
    text = this.skipRest(text);
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    const out: TokenizedRecord[] = [];
    let pos = 0;
    const buf = this.buffer;
    const length = buf.length;
    while (pos < length) {
      // Blank line: not a record.
      const c = buf.charCodeAt(pos);
      if (c === LF || c === CR) {
        if (c === CR && pos + 1 >= length && !final) break;
        pos += c === CR && buf.charCodeAt(pos + 1) === LF ? 2 : 1;
        this.line += 1;
        this.blankLines += 1;
        continue;
      }
      const result = this.parseRecord(buf, pos, final);
      // A record longer than maxRecordChars is either a quote left open (it crossed lines) or one huge line:
      // either way only its first line is rejected, so memory stays bounded and the rows after it are read.
      // The same length is measured whether the record arrived whole or in pieces.
      if (result === NEED_MORE) {
        if (length - pos > this.maxRecordChars) {
          pos = this.rejectTooLong(buf, pos, out, endOfLine(buf, pos, length).terminatorLength > 0);
          continue;
        }
        break;
      }
      if ('error' in result) {
        if (result.spansLines) {
          // The record ran past its first line inside quotes before breaking: a quote left open there.
          pos = this.rejectFirstLine(buf, pos, out, { code: 'UNCLOSED_QUOTE', message: 'a quote opened on this line is never closed (the line is rejected; reading resumes on the next line)' });
        } else {
          const end = endOfLine(buf, pos, length);
          if (end.index + end.terminatorLength - pos > this.maxRecordChars) {
            pos = this.rejectTooLong(buf, pos, out, false);
            continue;
          }
          if (end.terminatorLength === 0 && !final) break;
          out.push({ line: this.line, error: result.error, raw: buf.slice(pos, end.index) });
          pos = end.index + end.terminatorLength;
          this.line += end.terminatorLength > 0 ? 1 : 0;
        }
        continue;
      }
      if (result.end - pos > this.maxRecordChars) {
        pos = this.rejectTooLong(buf, pos, out, result.quotedNewlines > 0);
        continue;
      }
      if (result.quotedNewlines > 0 && this.expectedCells !== undefined && result.cells.length !== this.expectedCells) {
        // A quote opened on this line and closed lines later, leaving a record of the wrong shape: far more
        // often a missing closing quote than a real multi-line cell. Reject the first line, resume after it.
        pos = this.rejectFirstLine(buf, pos, out, {
          code: 'UNCLOSED_QUOTE',
          message: `a quote opened on this line is not closed where the row ends (the row would span ${result.newlines} lines and have ${result.cells.length} cells, not ${this.expectedCells})`,
        });
        continue;
      }
      out.push({ line: this.line, cells: result.cells, raw: buf.slice(pos, result.contentEnd) });
      this.line += result.newlines;
      pos = result.end;
    }
    this.buffer = pos >= length ? '' : buf.slice(pos);
    if (final && this.buffer.length > 0) {
      // Only reachable when the remaining text could not be parsed at all.
      out.push({ line: this.line, error: { code: 'UNPARSEABLE', message: 'could not parse the end of the file' }, raw: this.buffer });
      this.buffer = '';
    }
    return out;
  }

  private rejectTooLong(buf: string, pos: number, out: TokenizedRecord[], spansLines: boolean): number {
    return this.rejectFirstLine(
      buf,
      pos,
      out,
      spansLines
        ? { code: 'UNCLOSED_QUOTE', message: `a quoted field is still open after ${this.maxRecordChars} characters (missing closing quote)` }
        : { code: 'RECORD_TOO_LONG', message: `the line is longer than ${this.maxRecordChars} characters, more than a record may hold (at most the first ${RAW_KEPT} are kept here)` },
    );
  }

  private rejectFirstLine(buf: string, pos: number, out: TokenizedRecord[], error: { code: string; message: string }): number {
    const end = endOfLine(buf, pos, buf.length);
    out.push({ line: this.line, error, raw: buf.slice(pos, Math.min(end.index, pos + RAW_KEPT)) });
    if (end.terminatorLength === 0) {
      // The line goes on past what was read so far: drop the rest of it as it comes.
      this.skipping = 'line';
      return end.index;
    }
    this.line += 1;
    if (end.index + end.terminatorLength === buf.length && buf.charCodeAt(end.index) === CR) this.skipping = 'lf';
    return end.index + end.terminatorLength;
  }

  /** Drops what is left of a rejected over-long line from newly fed text. */
  private skipRest(text: string): string {
    if (this.skipping === 'lf') {
      this.skipping = null;
      return text.charCodeAt(0) === LF ? text.slice(1) : text;
    }
    if (this.skipping !== 'line') return text;
    const end = endOfLine(text, 0, text.length);
    if (end.terminatorLength === 0) return '';
    this.skipping = null;
    this.line += 1;
    if (end.index + end.terminatorLength === text.length && text.charCodeAt(end.index) === CR) this.skipping = 'lf';
    return text.slice(end.index + end.terminatorLength);
  }

  private parseRecord(buf: string, start: number, final: boolean): Parsed | ParseError | typeof NEED_MORE {
    const cells: string[] = [];
    const delimiter = this.delimiter;
    const length = buf.length;
    let pos = start;
    let newlines = 0;
    let quotedNewlines = 0;
    for (;;) {
      // One field starts at pos.
      if (pos < length && buf.charCodeAt(pos) === QUOTE) {
        let i = pos + 1;
        let value = '';
        let segmentStart = i;
        for (;;) {
          const q = buf.indexOf('"', i);
          if (q === -1) {
            if (!final) return NEED_MORE;
            return {
              error: { code: 'UNCLOSED_QUOTE', message: 'a quoted field is never closed (missing closing quote)' },
              spansLines: countNewlines(buf, pos, length) > 0,
            };
          }
          if (q + 1 >= length && !final) return NEED_MORE;
          const next = buf.charCodeAt(q + 1);
          if (next === QUOTE) {
            value += buf.slice(segmentStart, q + 1);
            i = q + 2;
            segmentStart = i;
            continue;
          }
          value += buf.slice(segmentStart, q);
          const inner = countNewlines(buf, pos, q);
          if (q + 1 < length && next !== delimiter && next !== CR && next !== LF) {
            return {
              error: {
                code: 'INVALID_CLOSING_QUOTE',
                message: `a quote inside a quoted field must be doubled ("") (found ${JSON.stringify(buf.slice(Math.max(pos, q - 10), q + 2))})`,
              },
              spansLines: quotedNewlines + inner > 0,
            };
          }
          quotedNewlines += inner;
          newlines += inner;
          cells.push(value);
          pos = q + 1;
          break;
        }
      } else {
        let i = pos;
        for (; i < length; i++) {
          const ch = buf.charCodeAt(i);
          if (ch === delimiter || ch === LF || ch === CR) break;
          if (ch === QUOTE) {
            return {
              error: { code: 'INVALID_QUOTE', message: `a quote in an unquoted field (the field must be quoted and the quote doubled): ${JSON.stringify(buf.slice(pos, Math.min(i + 10, endOfLine(buf, pos, length).index)))}` },
              spansLines: quotedNewlines > 0,
            };
          }
        }
        if (i >= length && !final) return NEED_MORE;
        cells.push(buf.slice(pos, i));
        pos = i;
      }
      // After a field: delimiter, end of record or end of input.
      if (pos >= length) {
        if (!final) return NEED_MORE;
        return { cells, end: pos, contentEnd: pos, newlines, quotedNewlines };
      }
      const ch = buf.charCodeAt(pos);
      if (ch === delimiter) {
        pos += 1;
        continue;
      }
      const contentEnd = pos;
      if (ch === CR) {
        if (pos + 1 >= length && !final) return NEED_MORE;
        pos += buf.charCodeAt(pos + 1) === LF ? 2 : 1;
      } else {
        pos += 1;
      }
      newlines += 1;
      return { cells, end: pos, contentEnd, newlines, quotedNewlines };
    }
  }
}

function countNewlines(buf: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = buf.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR && buf.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}

function endOfLine(buf: string, from: number, length: number): { index: number; terminatorLength: number } {
  for (let i = from; i < length; i++) {
    const c = buf.charCodeAt(i);
    if (c === LF) return { index: i, terminatorLength: 1 };
    if (c === CR) return { index: i, terminatorLength: buf.charCodeAt(i + 1) === LF ? 2 : 1 };
  }
  return { index: length, terminatorLength: 0 };
}
