import { closeSync, constants, createWriteStream, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InputError } from '../errors.js';

/**
 * Refuses an output path that is a symbolic link: writing through a link planted there would change whatever
 * file it points to (a shared folder, another user's file). The user gives the real path or removes the link.
 */
export function refuseSymlink(destination: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(destination).isSymbolicLink();
  } catch {
    return; // Nothing there yet.
  }
  if (isLink) {
    throw new InputError(
      'OUTPUT_IS_SYMLINK',
      `the output ${destination} is a symbolic link (to ${readlinkSync(destination)}); steward does not write through links: give the real path, or remove the link`,
      { file: destination },
    );
  }
}

/**
 * Writes a file beside the destination and renames it into place at the end, so a failed export
 * leaves the previous file exactly as it was. The temporary file is created new (O_EXCL: never through a link
 * planted at its name) with the user's umask; the rename replaces the destination itself, never a file a link
 * there points to, and a destination that is a link is refused up front.
 */
export async function writeFileAtomically(destination: string, produce: (out: Writable) => Promise<void>): Promise<void> {
  mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  refuseSymlink(destination);
  const temporary = `${destination}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  const out = createWriteStream(temporary, { flags: 'wx' });
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

/** Appends text to a file (a history log), creating it with the user's umask; never through a symbolic link. */
export function appendFileSafely(file: string, text: string): void {
  refuseSymlink(file);
  // O_NOFOLLOW closes the gap between the check and the open: a link planted in between fails the open.
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o666);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Awaits the stream's drain when its buffer is full: bounded memory on big exports. */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
