import { existsSync, statSync } from 'node:fs';
import { InputError } from '../../errors.js';
import type { SourceReader, SourceRow, SourceSpec } from '../types.js';
import { decodeFile } from '../csv/text-decoding.js';

const REPLACEMENT = '\uFFFD';
// Also as JSON escapes: "a\u0000b" parses to a NUL just the same.
const SUSPECT = /\u0000|\\u0000|\uFFFD|\\u[fF]{3}[dD]/;

/** A JSON value as a cell: strings as they are, numbers and booleans written out, objects as JSON. */
export function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * A JSON line parsed with every number that a double would change (12345678901234567890, 1.50, -0, 1E5) kept
 * as the text written: a legacy id must not come back rounded. Numbers are found outside strings in one pass;
 * numbers a double holds exactly stay numbers.
 */
export function parseJsonLine(text: string): unknown {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip the string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0];
      if (token === undefined) continue;
      if (String(Number(token)) !== token) {
        out += `${text.slice(from, i)}"${token}"`;
        from = i + token.length;
      }
      i += token.length - 1;
    }
  }
  return JSON.parse(from === 0 ? text : out + text.slice(from));
}

/** A value nested deeper than JSON.parse or JSON.stringify can follow (they run out of stack): a reject, not a crash. */
function tooDeep(line: number, raw: string): SourceRow {
  return { line, error: { code: 'TOO_DEEP', message: 'a value is nested too deeply (thousands of levels) to be read or stored as text' }, raw };
}

export async function openJsonlReader(spec: SourceSpec): Promise<SourceReader> {
  if (!existsSync(spec.location) || !statSync(spec.location).isFile()) {
    throw new InputError('SOURCE_NOT_FOUND', `source file not found: ${spec.location}`, { file: spec.location });
  }
  const columns: string[] = [];
  const index = new Map<string, number>();
  const details: Record<string, string> = { encoding: spec.encoding };
  return {
    columns,
    details,
    rawFormat: { kind: 'json-object' },
    async *batches() {
      let carry = '';
      let line = 0;
      const parseLines = (text: string, final: boolean): SourceRow[] => {
        const rows: SourceRow[] = [];
        const parts = (carry + text).split(/\r?\n/);
        carry = final ? '' : (parts.pop() ?? '');
        for (const part of parts) {
          line += 1;
          if (part.trim() === '') continue;
          const bad = SUSPECT.exec(part)?.[0];
          if (bad !== undefined) {
            rows.push(
              bad === REPLACEMENT || /^\\u[fF]/.test(bad)
                ? { line, error: { code: 'INVALID_ENCODING', message: `contains bytes that are not valid ${details['encoding']}` }, raw: part }
                : { line, error: { code: 'NUL_BYTE', message: 'contains a NUL character, which databases cannot store in text' }, raw: part },
            );
            continue;
          }
          let value: unknown;
          try {
            value = parseJsonLine(part);
          } catch (error) {
            rows.push(error instanceof RangeError ? tooDeep(line, part) : { line, error: { code: 'INVALID_JSON', message: `not valid JSON: ${(error as Error).message}` }, raw: part });
            continue;
          }
          if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            rows.push({ line, error: { code: 'NOT_AN_OBJECT', message: `each line must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}` }, raw: part });
            continue;
          }
          let values: [string, string][];
          try {
            values = Object.entries(value).map(([key, v]) => [key, cellOf(v)]);
          } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            rows.push(tooDeep(line, part));
            continue;
          }
          const cells: string[] = new Array<string>(columns.length).fill('');
          for (const [key, cell] of values) {
            let at = index.get(key);
            if (at === undefined) {
              at = columns.length;
              columns.push(key);
              index.set(key, at);
            }
            cells[at] = cell;
          }
          rows.push({ line, cells, raw: part });
        }
        return rows;
      };
      for await (const text of decodeFile(spec.location, spec.encoding, (e) => (details['encoding'] = e))) {
        const rows = parseLines(text, false);
        if (rows.length > 0) yield rows;
      }
      const rest = parseLines('', true);
      if (rest.length > 0) yield rest;
    },
    async close() {},
  };
}
