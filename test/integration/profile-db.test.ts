import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { profileJob } from '../../src/profile-jobs.js';
import { mysqlQuery } from '../helpers/mysql.js';
import { query } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';
import { testDatabases } from '../helpers/test-databases.js';

/** 30 contacts whose figures are known: every 5th email missing or a placeholder, every 3rd phone empty, 3 countries. */
const N = 30;
const rows = Array.from({ length: N }, (_, i) => ({
  id: i + 1,
  email: i % 5 === 0 ? (i % 10 === 0 ? null : 'N/A') : `person${i}@example.com`,
  phone: i % 3 === 0 ? '' : `(415) 555-${String(1000 + i)}`,
  country: ['US', 'Germany', 'FR'][i % 3]!,
  born: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
}));
const DDL = 'create table people (id integer primary key, email varchar(100), phone varchar(40), country varchar(40), born varchar(20))';
const INSERT = 'insert into people (id, email, phone, country, born) values ';

async function load(run: (text: string, values: unknown[]) => Promise<unknown>, placeholder: (n: number) => string): Promise<void> {
  await run(DDL, []);
  const values = rows.flatMap((r) => [r.id, r.email, r.phone, r.country, r.born]);
  await run(INSERT + rows.map((_, i) => `(${[0, 1, 2, 3, 4].map((k) => placeholder(i * 5 + k + 1)).join(', ')})`).join(', '), values);
}

const { available, url } = testDatabases(['postgres', 'mysql'], {
  postgres: (db) => load((text, values) => query(db, text, values), (n) => `$${n}`),
  mysql: (db) => load((text, values) => mysqlQuery(db, text, values), () => '?'),
});
const tmp = tempDir();
const sqliteFile = tmp.path('crm.db');
{
  const db = new Database(sqliteFile);
  db.exec(DDL);
  const insert = db.prepare('insert into people (id, email, phone, country, born) values (?, ?, ?, ?, ?)');
  for (const r of rows) insert.run(r.id, r.email, r.phone, r.country, r.born);
  db.close();
}

const backends = [
  { name: 'sqlite', available: true, location: () => sqliteFile },
  { name: 'postgres', available: available.postgres, location: () => url.postgres! },
  { name: 'mysql', available: available.mysql, location: () => url.mysql! },
] as const;

describe.each(backends)('steward profile --db on $name', ({ available: has, location }) => {
  test.skipIf(!has)('counts exactly in SQL and reads the values for kinds, shapes and validity', async () => {
    const profile = await profileJob({ db: location(), table: 'people', sample: 10 });
    expect(profile.kind).toBe('table');
    expect(profile.rows).toBe(N);
    // The counts cover all 30 rows although only 10 were read for kinds.
    expect(profile.sampled).toBe(true);
    expect(profile.profiled).toBe(10);
    const by = Object.fromEntries(profile.columns.map((c) => [c.name, c]));
    expect(by['email']).toMatchObject({ kind: 'email', filled: 24, placeholders: 3, distinct: 24, field: { field: 'email' } });
    expect(by['email']!.fill).toBeCloseTo(24 / 30, 6);
    expect(by['phone']).toMatchObject({ kind: 'phone', filled: 20, placeholders: 0, distinct: 20, field: { field: 'phone' } });
    expect(by['country']).toMatchObject({ kind: 'country', filled: 30, distinct: 3, validity: 1, field: { field: 'country' } });
    expect(by['country']!.top).toEqual([{ value: 'FR', count: 10 }, { value: 'Germany', count: 10 }, { value: 'US', count: 10 }]);
    expect(by['born']).toMatchObject({ kind: 'date', dateOrder: { order: 'YMD' }, shapes: [{ value: '9999-99-99', count: 10 }] });
    expect(by['id']).toMatchObject({ filled: 30, distinct: 30, field: { field: 'source_id' } });
  });
});
