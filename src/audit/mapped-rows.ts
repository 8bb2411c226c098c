import type { SourceReader, SourceRow } from '../connectors/types.js';
import type { ResolvedField } from '../rules/resolved.js';
import { ColumnMapper } from '../stages/import/column-mapping.js';

/**
 * A page of source rows, mapped to the fields the audit reads: flat, so it crosses between threads as a few
 * arrays of strings rather than an object per row. Row r's value of names[f] is values[r * names.length + f]
 * (undefined: empty in every column the field maps).
 */
export interface MappedPage {
  readonly names: readonly string[];
  readonly ids: readonly string[];
  readonly values: readonly (string | undefined)[];
  /** Rows read, and of them the rows that could not be read (not in ids). */
  readonly read: number;
  readonly unreadable: number;
  /** When the reading thread ran the first normalizers: per row, the fields they flagged invalid, joined by NUL. */
  readonly invalid?: readonly string[];
}

/** What mapping needs of the rule file: the fields' spellings, the id column candidates and the fields wanted. */
export interface MappingSpec {
  readonly fields: readonly Pick<ResolvedField, 'name' | 'from' | 'required' | 'explicit'>[];
  readonly idCandidates: readonly string[];
  readonly needed: readonly string[];
}

/**
 * Reads a source's rows and maps each to the needed fields: a field's value is its first column that is not
 * blank. A row's id is its id column, else its line; with no id column, its number among the rows read.
 */
export async function* mappedPages(reader: SourceReader, spec: MappingSpec): AsyncIterable<MappedPage> {
  const mapper = new ColumnMapper(spec.fields as ResolvedField[], spec.idCandidates);
  const needed = new Set(spec.needed);
  let read = 0;
  for await (const batch of reader.batches()) {
    mapper.update(reader.columns);
    const fields = mapper.mappedFields().filter((f) => needed.has(f.name));
    const idColumn = mapper.idColumn;
    const ids: string[] = [];
    const values: (string | undefined)[] = [];
    let unreadable = 0;
    for (const row of batch as SourceRow[]) {
      read++;
      if ('error' in row) {
        unreadable++;
        continue;
      }
      const cells = row.cells;
      for (const field of fields) {
        let value: string | undefined;
        for (const index of field.columns) {
          const cell = cells[index];
          if (cell !== undefined && cell.trim() !== '') {
            value = cell;
            break;
          }
        }
        values.push(value);
      }
      ids.push(idColumn >= 0 ? (cells[idColumn] ?? '').trim() || `line ${row.line}` : String(read));
    }
    yield { names: fields.map((f) => f.name), ids, values, read: batch.length, unreadable };
  }
}
