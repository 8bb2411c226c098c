import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { TestProject } from 'vitest/node';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A MySQL/MariaDB server URL (no database), or null when none could be had outside CI. */
    mysqlUrl: string | null;
    mysqlWhyMissing: string | null;
  }
}

// sbin is often not on a user's PATH, though the server lives there.
const SEARCH = [...(process.env['PATH'] ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin', '/usr/local/mysql/sbin'];

function findProgram(...names: string[]): string | undefined {
  for (const name of names) {
    for (const dir of SEARCH) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * Runs the server under a small shell that stops it and deletes its folder when told to (teardown), or on its
 * own once the test process is gone however it ended (a failed run, Ctrl-C, kill -9): no server is left behind.
 */
const WATCHDOG = `"$@" > "$DIR/server.log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null; wait "$server"; rm -rf "$DIR"; exit 0; }
trap stop TERM INT HUP
while kill -0 "$PARENT" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1 & wait $!; done
stop`;

interface Throwaway {
  readonly url: string;
  stop(): Promise<void>;
}

/** A fresh server in a temporary folder on a free port of 127.0.0.1, root without a password; the machine's own server is left alone. */
async function startThrowaway(daemon: string): Promise<Throwaway> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-mysql-'));
  const data = path.join(dir, 'data');
  // Temporary files of its own: in the shared /tmp, other processes may clean up the server's files under it.
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  const mariadb = /mariadb/i.test(execFileSync(daemon, ['--version'], { encoding: 'utf8' }));
  // As root the server refuses to start unless told to run as root.
  const asUser = process.getuid?.() === 0 ? ['--user=root'] : [];
  let watchdog: ChildProcess | undefined;
  try {
    if (mariadb) {
      const install = findProgram('mariadb-install-db', 'mysql_install_db');
      if (!install) throw new Error(`${daemon} is MariaDB, but mariadb-install-db was not found beside it`);
      execFileSync(install, ['--no-defaults', '--auth-root-authentication-method=normal', '--skip-test-db', `--datadir=${data}`, `--tmpdir=${tmp}`, ...asUser], { stdio: 'pipe' });
    } else {
      execFileSync(daemon, ['--no-defaults', '--initialize-insecure', `--datadir=${data}`, `--tmpdir=${tmp}`, ...asUser], { stdio: 'pipe' });
    }
    const port = await freePort();
    const args = [
      '--no-defaults',
      `--datadir=${data}`,
      `--tmpdir=${tmp}`,
      `--socket=${path.join(dir, 'sock')}`,
      `--pid-file=${path.join(dir, 'server.pid')}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--skip-name-resolve',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=64M',
      '--innodb-flush-log-at-trx-commit=2',
      ...(mariadb ? [] : ['--mysqlx=OFF']),
      ...asUser,
    ];
    watchdog = spawn('sh', ['-c', WATCHDOG, 'sh', daemon, ...args], { env: { ...process.env, DIR: dir, PARENT: String(process.pid) }, detached: true, stdio: 'ignore' });
    watchdog.unref();
    const exited = new Promise<void>((resolve) => watchdog!.once('exit', () => resolve()));
    const url = `mysql://root@127.0.0.1:${port}`;
    await waitUntilAccepting(url, exited, dir);
    return {
      url,
      async stop() {
        watchdog!.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))]);
        clearTimeout(timer);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    watchdog?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function waitUntilAccepting(url: string, exited: Promise<void>, dir: string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const connection = await mysql.createConnection({ uri: url, connectTimeout: 2000 });
      await connection.end();
      return;
    } catch (error) {
      const log = path.join(dir, 'server.log');
      if (gone || Date.now() > deadline) {
        const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
        throw new Error(`the server ${gone ? 'stopped' : 'did not accept connections within 60 s'} (${(error as Error).message})${tail ? `:\n${tail}` : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
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
  const daemon = findProgram('mariadbd', 'mysqld');
  try {
    if (!daemon) throw new Error('no mariadbd or mysqld installed (Debian: apt-get install mariadb-server)');
    const server = await startThrowaway(daemon);
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
