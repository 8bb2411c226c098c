import { getConnector } from '../connectors/registry.js';
import type { SourceRow } from '../connectors/types.js';
import { InputError } from '../errors.js';
import type { ResolvedRules } from '../rules/resolved.js';
import { ColumnMapper } from '../stages/import/column-mapping.js';
import { readerSpec, type LocatedSource } from '../stages/import/import-stage.js';
import { createFieldPipelines } from '../stages/normalize/field-pipelines.js';
import type { AuditRecord } from './collect-records.js';
import { normalizeForVerdicts } from './verdicts.js';

/** What reading the source found besides its records: rows it could not read. */
export interface SourceTally {
  read: number;
  unreadable: number;
}

/**
 * A file (or any source) read straight into the audit, without the workspace: each row mapped to the
 * canonical fields; the fields whose checks need a value's verdict (validity, uniqueness, references) go
 * through their normalizers, the rest are counted as they are (a normalizer never empties a value).
 */
export async function* sourceRecords(rules: ResolvedRules, normalized: ReadonlySet<string>, audited: ReadonlySet<string>, tally: SourceTally): AsyncIterable<AuditRecord[]> {
  const source = rules.source;
  if (!source?.kind || source.location === undefined) throw new InputError('NO_SOURCE', 'nothing to audit: give --input FILE, --workspace W or --db URL --table T');
  const reader = await getConnector(source.kind).openReader(readerSpec(source as LocatedSource));
  try {
    const mapper = new ColumnMapper(rules.fields, source.id?.columns ?? []);
    const pipelines = createFieldPipelines(rules.fields.filter((f) => normalized.has(f.name)));
    // Only the fields the audit counts, and those the normalizers look at (a phone or postcode reads the country).
    const needed = new Set([...audited, ...normalized, ...rules.fields.flatMap((f) => (normalized.has(f.name) ? f.normalize.map((step) => (step.options as { country_field?: string } | undefined)?.country_field).filter((c): c is string => typeof c === 'string') : []))]);
    for await (const batch of reader.batches()) {
      mapper.update(reader.columns);
      const fields = mapper.mappedFields().filter((f) => needed.has(f.name));
      const idColumn = mapper.idColumn;
      const page: AuditRecord[] = [];
      for (const row of batch as SourceRow[]) {
        tally.read++;
        if ('error' in row) {
          tally.unreadable++;
          continue;
        }
        const cells = row.cells;
        const values: Record<string, string> = {};
        for (const field of fields) {
          for (const index of field.columns) {
            const cell = cells[index];
            if (cell !== undefined && cell.trim() !== '') {
              values[field.name] = cell;
              break;
            }
          }
        }
        const id = idColumn >= 0 ? (cells[idColumn] ?? '').trim() || `line ${row.line}` : String(tally.read);
        page.push({ id, values, invalid: normalizeForVerdicts(pipelines, values) });
      }
      yield page;
    }
  } finally {
    await reader.close();
  }
}
