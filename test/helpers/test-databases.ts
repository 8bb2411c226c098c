import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot } from './temp.js';
import { createTestDatabase as createMysqlDatabase, mysqlServer } from './mysql.js';
import { createTestDatabase as createPostgresDatabase, postgresServer } from './postgres.js';

type Server = 'postgres' | 'mysql';

/**
 * A database of its own on each server the test setup has (of those asked for), created before the file's tests,
 * given its `setup` statements, and dropped after. `url.postgres` / `url.mysql` are set once beforeAll ran;
 * `available` says which servers there are (tests of a missing one skip; never under CI=true, see the setups).
 */
export function testDatabases(servers: readonly Server[], setup: Partial<Record<Server, (url: string) => Promise<void>>> = {}): {
  readonly available: Readonly<Record<Server, boolean>>;
  readonly url: Partial<Record<Server, string>>;
} {
  const found = { postgres: servers.includes('postgres') ? postgresServer() : null, mysql: servers.includes('mysql') ? mysqlServer() : null };
  const create = { postgres: createPostgresDatabase, mysql: createMysqlDatabase };
  const url: Partial<Record<Server, string>> = {};
  const drops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    for (const server of servers) {
      const at = found[server];
      if (!at) continue;
      const database = await create[server](at);
      drops.push(database.drop);
      url[server] = database.url;
      await setup[server]?.(database.url);
    }
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  return { available: { postgres: found.postgres !== null, mysql: found.mysql !== null }, url };
}

/** The statements of a DDL file of the repository, or of `root` (comment lines out), one by one: MySQL runs one per query. */
export function sqlStatements(file: string, root = repoRoot): string[] {
  const text = readFileSync(path.resolve(root, file), 'utf8').replace(/^--.*$/gm, '');
  return text.split(/;\s*$/m).filter((statement) => statement.trim() !== '');
}
