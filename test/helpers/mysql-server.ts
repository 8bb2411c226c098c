import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from './free-port.js';

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

/** The machine's mariadbd (or mysqld), if installed. */
export const findMysqlDaemon = (): string | undefined => findProgram('mariadbd', 'mysqld');

/**
 * Runs the server under a small shell that stops it and deletes its folder when told to (stop), or on its own
 * once the test process is gone however it ended (a failed run, Ctrl-C, kill -9): no server is left behind.
 * A server that ends while the test process lives (a test killed it) leaves its folder for a restart.
 */
const WATCHDOG = `"$@" >> "$DIR/server.log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null; wait "$server"; rm -rf "$DIR"; exit 0; }
trap stop TERM INT HUP
while kill -0 "$PARENT" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1 & wait $!; done
kill -0 "$PARENT" 2>/dev/null && exit 0
stop`;

export interface MysqlServer {
  /** root, no password, no database. */
  readonly url: string;
  /** SIGKILL of the server process (a crash, not a shutdown); resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same data and port (InnoDB recovers), once it accepts connections. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh server in a temporary folder on a free port of 127.0.0.1, root without a password; the machine's own server is left alone. */
export async function startMysqlServer(daemon: string): Promise<MysqlServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-mysql-'));
  const data = path.join(dir, 'data');
  // Temporary files of its own: in the shared /tmp, other processes may clean up the server's files under it.
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  const mariadb = /mariadb/i.test(execFileSync(daemon, ['--version'], { encoding: 'utf8' }));
  // As root the server refuses to start unless told to run as root.
  const asUser = process.getuid?.() === 0 ? ['--user=root'] : [];
  const pidFile = path.join(dir, 'server.pid');
  let watchdog: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const launch = (args: readonly string[]) => {
    watchdog = spawn('sh', ['-c', WATCHDOG, 'sh', daemon, ...args], { env: { ...process.env, DIR: dir, PARENT: String(process.pid) }, detached: true, stdio: 'ignore' });
    watchdog.unref();
    const child = watchdog;
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  };
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
      `--pid-file=${pidFile}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--skip-name-resolve',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=64M',
      '--innodb-flush-log-at-trx-commit=2',
      ...(mariadb ? [] : ['--mysqlx=OFF']),
      ...asUser,
    ];
    launch(args);
    const url = `mysql://root@127.0.0.1:${port}`;
    await waitUntilAccepting(url, exited, dir);
    return {
      url,
      async kill() {
        const pid = Number(readFileSync(pidFile, 'utf8').trim());
        process.kill(pid, 'SIGKILL');
        await exited;
      },
      async restart() {
        launch(args);
        await waitUntilAccepting(url, exited, dir);
      },
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
