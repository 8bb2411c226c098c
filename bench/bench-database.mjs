// A PostgreSQL database of its own for a benchmark, on STEWARD_BENCH_PG_URL or the local server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const server = process.env.STEWARD_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const at = (database) => Object.assign(new URL(server), { pathname: `/${database}` }).toString();

/** Runs SQL (one statement, or several without parameters) on a connection of its own; returns the rows. */
export async function runSql(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** Creates a database named after the benchmark; `drop()` removes it, connections and all. */
export async function createBenchDatabase(prefix) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await runSql(at('postgres'), `create database ${name}`);
  return { url: at(name), drop: () => runSql(at('postgres'), `drop database if exists ${name} with (force)`) };
}
