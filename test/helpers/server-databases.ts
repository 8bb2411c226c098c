import { afterAll } from 'vitest';

/**
 * For a test file that creates several databases on one server (PostgreSQL, MySQL): `create()` makes one with the
 * server's `createTestDatabase` and returns its URL; each is dropped after the file. `server` is null without a
 * server (the file's tests on it then skip), which CI=true does not allow.
 */
export function serverDatabases(
  label: string,
  server: string | null,
  createTestDatabase: (server: string) => Promise<{ url: string; drop(): Promise<void> }>,
): { readonly server: string | null; create(): Promise<string> } {
  if (!server && process.env['CI'] === 'true') throw new Error(`${label} is required under CI=true`);
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  return {
    server,
    async create() {
      const { url, drop } = await createTestDatabase(server!);
      drops.push(drop);
      return url;
    },
  };
}
