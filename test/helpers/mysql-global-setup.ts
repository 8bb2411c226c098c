import type { TestProject } from 'vitest/node';
import { findMysqlDaemon, startMysqlServer } from './mysql-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A MySQL/MariaDB server URL (no database), or null when none could be had outside CI. */
    mysqlUrl: string | null;
    mysqlWhyMissing: string | null;
  }
}

/**
 * A real MySQL/MariaDB for the suite: STEWARD_TEST_MYSQL_URL when set, else a throwaway server started here
 * from the machine's mariadbd (or mysqld), stopped and deleted at the end. Without either the MySQL tests skip,
 * except with CI=true, where the run fails instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const named = process.env['STEWARD_TEST_MYSQL_URL'];
  if (named) {
    project.provide('mysqlUrl', named);
    project.provide('mysqlWhyMissing', null);
    return async () => {};
  }
  const daemon = findMysqlDaemon();
  try {
    if (!daemon) throw new Error('no mariadbd or mysqld installed (Debian: apt-get install mariadb-server)');
    const server = await startMysqlServer(daemon);
    project.provide('mysqlUrl', server.url);
    project.provide('mysqlWhyMissing', null);
    return () => server.stop();
  } catch (error) {
    const why = `no MySQL server for the tests: ${(error as Error).message}`;
    if (process.env['CI'] === 'true') throw new Error(`${why} (CI=true: MySQL tests must run; set STEWARD_TEST_MYSQL_URL to use a server)`);
    project.provide('mysqlUrl', null);
    project.provide('mysqlWhyMissing', why);
    return async () => {};
  }
}
