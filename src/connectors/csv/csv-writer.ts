import { stringify } from 'csv-stringify/sync';
import type { OutputValue, TargetSpec, TargetWriter } from '../types.js';
import { writeFileAtomically, writeChunk } from '../atomic-file.js';
import { guardFormula } from '../formula-guard.js';

export function createCsvWriter(spec: TargetSpec): TargetWriter {
  return {
    async write(columns, batches) {
      let written = 0;
      const cell = spec.formulaGuard ? (v: OutputValue) => (v === null ? '' : guardFormula(v)) : (v: OutputValue) => v ?? '';
      await writeFileAtomically(spec.location, async (out) => {
        await writeChunk(out, stringify([columns.map((c) => (spec.formulaGuard ? guardFormula(c) : c))], { record_delimiter: 'unix' }));
        for await (const batch of batches) {
          const rows = batch.map((row) => row.map(cell));
          await writeChunk(out, stringify(rows, { record_delimiter: 'unix', quoted_match: /^\s|\s$/ }));
          written += rows.length;
        }
      });
      return { written };
    },
  };
}
