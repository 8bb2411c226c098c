import { stringify } from 'csv-stringify/sync';
import type { OutputValue, TargetSpec, TargetWriter } from '../types.js';
import { writeFileAtomically, writeChunk } from '../atomic-file.js';
import { guardFormula } from '../formula-guard.js';

export function createCsvWriter(spec: TargetSpec): TargetWriter {
  // A .tsv file gets tabs; everything else commas.
  const delimiter = /\.tsv$/i.test(spec.location) ? '\t' : ',';
  // A lone CR must be quoted too, or a reader takes it for a line break.
  const options = { record_delimiter: 'unix', delimiter, quoted_match: /\r|^\s|\s$/ } as const;
  return {
    async write(columns, batches) {
      let written = 0;
      const cell = spec.formulaGuard ? (v: OutputValue) => (v === null ? '' : guardFormula(v)) : (v: OutputValue) => v ?? '';
      await writeFileAtomically(spec.location, async (out) => {
        await writeChunk(out, stringify([columns.map((c) => (spec.formulaGuard ? guardFormula(c) : c))], options));
        for await (const batch of batches) {
          const rows = batch.map((row) => row.map(cell));
          await writeChunk(out, stringify(rows, options));
          written += rows.length;
        }
      });
      return { written };
    },
  };
}
