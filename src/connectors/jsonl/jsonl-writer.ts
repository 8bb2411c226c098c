import type { TargetSpec, TargetWriter } from '../types.js';
import { writeFileAtomically, writeChunk } from '../atomic-file.js';

export function createJsonlWriter(spec: TargetSpec): TargetWriter {
  return {
    async write(columns, batches) {
      let written = 0;
      await writeFileAtomically(spec.location, async (out) => {
        for await (const batch of batches) {
          let text = '';
          for (const row of batch) {
            const object: Record<string, string | null> = {};
            columns.forEach((column, i) => (object[column] = row[i] ?? null));
            text += `${JSON.stringify(object)}\n`;
          }
          await writeChunk(out, text);
          written += batch.length;
        }
      });
      return { written };
    },
  };
}
