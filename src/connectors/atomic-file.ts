import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes a file beside the destination and renames it into place at the end, so a failed export
 * leaves the previous file exactly as it was.
 */
export async function writeFileAtomically(destination: string, produce: (out: Writable) => Promise<void>): Promise<void> {
  mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const temporary = `${destination}.${process.pid}.partial`;
  const out = createWriteStream(temporary);
  try {
    await produce(out);
    out.end();
    await once(out, 'finish');
    renameSync(temporary, destination);
  } catch (error) {
    out.destroy();
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Awaits the stream's drain when its buffer is full: bounded memory on big exports. */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
