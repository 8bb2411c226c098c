import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Every file under dir, recursively. */
export function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? files(file) : [file];
  });
}

/** Every text value of every stw_ table (and view) of a workspace. */
export function workspaceText(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type in ('table', 'view') and name like 'stw_%'").all() as { name: string }[];
    return tables
      .flatMap(({ name }) => (db.prepare(`select * from "${name}"`).raw().all() as unknown[][]).flat())
      .filter((value) => typeof value === 'string' || Buffer.isBuffer(value))
      .join('\n');
  } finally {
    db.close();
  }
}
