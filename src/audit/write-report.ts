import { writeChunk, writeFileAtomically } from '../connectors/atomic-file.js';

/** Writes a report file whole (a half-written report never stays behind). */
export async function writeTextFile(file: string, text: string): Promise<void> {
  await writeFileAtomically(file, (out) => writeChunk(out, text));
}
