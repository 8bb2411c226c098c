// A PostgreSQL database of its own for a benchmark, on STEWARD_BENCH_PG_URL or the local server:
// created under a random name, dropped by drop().
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const server = process.env.STEWARD_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const at = (database) => Object.assign(new URL(server), { pathname: `/${database}` }).toString();

/** Runs SQL (one or more statements) on a database URL; the rows of the last statement. */
export async function runSql(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

export async function benchDatabase(prefix) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await runSql(at('postgres'), `create database ${name}`);
  const url = at(name);
  return { url, run: (text) => runSql(url, text), drop: () => runSql(at('postgres'), `drop database if exists ${name} with (force)`) };
}
