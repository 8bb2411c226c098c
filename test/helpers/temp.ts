import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A temporary folder removed after the test file; `file(name, text)` writes into it. */
export function tempDir(): { dir: string; file(name: string, content: string | Buffer): string; path(name: string): string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name, content) {
      const target = path.join(dir, name);
      writeFileSync(target, content);
      return target;
    },
    path: (name) => path.join(dir, name),
  };
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');
