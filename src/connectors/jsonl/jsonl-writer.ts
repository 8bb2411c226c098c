import type { TargetSpec, TargetWriter } from '../types.js';
import { writeFileAtomically, writeChunk } from '../atomic-file.js';

export function createJsonlWriter(spec: TargetSpec): TargetWriter {
  return {
    async write(columns, batches) {
      let written = 0;
      const keys = columns.map((c) => JSON.stringify(c));
      await writeFileAtomically(spec.location, async (out) => {
        for await (const batch of batches) {
          let text = '';
          // Written key by key, not through an object: a column called __proto__ is data too.
          for (const row of batch) {
            text += `{${keys.map((key, i) => `${key}:${JSON.stringify(row[i] ?? null)}`).join(',')}}\n`;
          }
          await writeChunk(out, text);
          written += batch.length;
        }
      });
      return { written };
    },
  };
}
