import type { RawFormat } from './types.js';
import { CsvTokenizer } from './csv/csv-tokenizer.js';
import { cellOf, parseJsonLine } from './jsonl/jsonl-reader.js';

/** Reads a stored record's raw text back into cells aligned with the source's columns. */
export function createRawDecoder(format: RawFormat, columns: readonly string[]): (raw: string) => string[] {
  switch (format.kind) {
    case 'csv':
      return (raw) => {
        const tokenizer = new CsvTokenizer({ delimiter: format.delimiter });
        const first = tokenizer.push(raw, true)[0];
        return first && 'cells' in first ? first.cells : [];
      };
    case 'json-object':
      return (raw) => {
        const object = parseJsonLine(raw) as Record<string, unknown>;
        return columns.map((column) => cellOf(object[column]));
      };
    case 'json-array':
      return (raw) => JSON.parse(raw) as string[];
  }
}
