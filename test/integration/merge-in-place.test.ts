import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { dedupeJob, mergeJob, unmergeJob } from '../../src/index.js';
import { InputError, RuntimeFailure } from '../../src/errors.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { CRM_TABLES, crmStatements } from '../helpers/crm.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';
import { createTestDatabase as createMysqlDatabase, mysqlQuery, mysqlServer } from '../helpers/mysql.js';
import { tempDir } from '../helpers/temp.js';

/**
 * In-place merge on a small CRM schema (companies, contacts, deals, activities with foreign keys), in SQLite
 * and in a real PostgreSQL and MySQL: survivors, re-pointed related rows, deleted duplicates, counts; then unmerge, and
 * every table is what it was, row for row.
 */
interface Backend {
  readonly name: string;
  /** Whether `references contacts` without a column (the primary key) can be written (not in MySQL). */
  readonly columnlessReferences: boolean;
  create(options?: Parameters<typeof crmStatements>[1]): Promise<{ location: string; exec(statement: string): Promise<void>; read(statement: string): Promise<unknown[]>; dump(): Promise<Record<string, unknown[]>> }>;
}

const tmp = tempDir();
const server = postgresServer();
const myServer = mysqlServer();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});
if (!server && process.env['CI'] === 'true') throw new Error('PostgreSQL is required under CI=true');
if (!myServer && process.env['CI'] === 'true') throw new Error('MySQL is required under CI=true');

let databases = 0;
const sqlite: Backend = {
  name: 'sqlite',
  columnlessReferences: true,
  async create(options) {
    const file = tmp.path(`crm-${++databases}.db`);
    const db = new Database(file);
    for (const statement of crmStatements('sqlite', options)) db.exec(statement);
    db.close();
    return {
      location: `${file}#contacts`,
      async exec(statement) {
        const write = new Database(file);
        try {
          write.exec(statement);
        } finally {
          write.close();
        }
      },
      async read(statement) {
        const read = new Database(file, { readonly: true });
        try {
          return read.prepare(statement).all();
        } finally {
          read.close();
        }
      },
      async dump() {
        const read = new Database(file, { readonly: true });
        try {
          return Object.fromEntries(CRM_TABLES.map((t) => [t, read.prepare(`select * from ${t} order by id`).all()]));
        } finally {
          read.close();
        }
      },
    };
  },
};
/** A backend on a database server: a database of its own per CRM, statements through `run`. */
function serverBackend(
  name: 'postgres' | 'mysql',
  serverUrl: string,
  createDatabase: (server: string) => Promise<{ url: string; drop(): Promise<void> }>,
  run: (url: string, statement: string) => Promise<unknown[]>,
): Backend {
  return {
    name,
    columnlessReferences: name !== 'mysql',
    async create(options) {
      const { url, drop } = await createDatabase(serverUrl);
      drops.push(drop);
      for (const statement of crmStatements(name, options)) await run(url, statement);
      return {
        location: `${url}#contacts`,
        async exec(statement) {
          await run(url, statement);
        },
        read: (statement) => run(url, statement),
        async dump() {
          const out: Record<string, unknown[]> = {};
          for (const t of CRM_TABLES) out[t] = await run(url, `select * from ${t} order by id`);
          return out;
        },
      };
    },
  };
}
const backends = [
  sqlite,
  ...(server ? [serverBackend('postgres', server, createTestDatabase, (url, statement) => query(url, statement))] : []),
  ...(myServer ? [serverBackend('mysql', myServer, createMysqlDatabase, (url, statement) => mysqlQuery(url, statement))] : []),
];

function rulesFile(name: string, merge = ''): string {
  return tmp.file(`${name}.yaml`, `job: ${name}\nextends: contacts\nsource: { id: id }\nmerge:\n  batch_size: 2\n${merge}`);
}

async function lineage(workspace: string): Promise<Map<string, string>> {
  const ws = await openWorkspace(workspace);
  try {
    return new Map((await ws.db.selectFrom('stw_lineage').select(['record_id', 'golden_id']).execute()).map((r) => [r.record_id, r.golden_id]));
  } finally {
    await ws.close();
  }
}

describe.each(backends)('in-place merge: $name', (backend) => {
  test('merge: survivors updated, related rows re-pointed, duplicates deleted, counts add up; unmerge restores every table exactly', async () => {
    const crm = await backend.create();
    const before = await crm.dump();
    const rules = rulesFile(`crm-${backend.name}`);
    const workspace = tmp.path(`ws-${backend.name}.db`);
    const merged = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir });
    const { counts } = merged;
    expect(counts.records).toBe(20);
    expect(counts.golden! + counts.merged_away!).toBe(counts.records);
    expect(counts.merged_away).toBeGreaterThanOrEqual(6);
    const goldenOf = await lineage(workspace);
    const after = await crm.dump();
    const contacts = after['contacts'] as Record<string, unknown>[];
    expect(contacts).toHaveLength(counts.golden!);
    const ids = new Set(contacts.map((c) => c['id']));
    for (const [record, golden] of goldenOf) expect(ids.has(record), record).toBe(record === golden);
    // C-01 and C-02 are one person: C-01 (more complete) survives and keeps C-02's other address.
    expect(goldenOf.get('C-02')).toBe('C-01');
    const c01 = contacts.find((c) => c['id'] === 'C-01')!;
    expect(c01['other_emails']).toBe('robertmcdonald+crm@gmail.com');
    // Every related row now points at the golden record of the contact it pointed at.
    for (const table of ['deals', 'activities']) {
      const old = new Map((before[table] as Record<string, unknown>[]).map((r) => [r['id'], r['contact_id']]));
      for (const row of after[table] as Record<string, unknown>[]) {
        const was = old.get(row['id']) as string | null;
        expect(row['contact_id'], `${table} ${String(row['id'])}`).toBe(was === null ? null : goldenOf.get(was));
      }
      expect(after[table]).toHaveLength(before[table]!.length);
    }
    expect(merged.merge?.inPlace?.counts.committed).toBe(merged.merge?.inPlace?.counts.batches);

    // Idempotent: the same job again finds nothing left to merge.
    const again = await mergeJob(rules, { inPlace: true, input: crm.location, workspace: tmp.path(`ws-again-${backend.name}.db`), cwd: tmp.dir });
    expect(again.counts).toMatchObject({ records: counts.golden, golden: counts.golden, merged_away: 0 });
    expect(await crm.dump()).toEqual(after);

    const undone = await unmergeJob(rules, { input: crm.location, run: merged.merge!.mergeRun!, workspace, cwd: tmp.dir });
    expect(undone.unmerge?.counts.clusters).toBe(counts.merged_away! > 0 ? merged.merge?.counts.multiRecordClusters : 0);
    expect(await crm.dump()).toEqual(before);
  });

  test('unmerge --golden restores one cluster and leaves the others merged', async () => {
    const crm = await backend.create();
    const before = await crm.dump();
    const rules = rulesFile(`one-${backend.name}`);
    const workspace = tmp.path(`ws-one-${backend.name}.db`);
    await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir });
    const merged = await crm.dump();
    const result = await unmergeJob(rules, { input: crm.location, golden: 'C-01', workspace, cwd: tmp.dir });
    expect(result.unmerge).toMatchObject({ status: 'partly_undone', counts: { clusters: 1, rowsRestored: 1 } });
    const now = await crm.dump();
    const byId = (rows: unknown[]) => new Map((rows as Record<string, unknown>[]).map((r) => [r['id'], r]));
    expect(byId(now['contacts']!).get('C-02')).toEqual(byId(before['contacts']!).get('C-02'));
    expect(byId(now['contacts']!).get('C-01')).toEqual(byId(before['contacts']!).get('C-01'));
    expect(byId(now['contacts']!).has('C-04')).toBe(byId(merged['contacts']!).has('C-04'));
    // Then the rest of the run: everything back.
    await unmergeJob(rules, { input: crm.location, golden: undefined, run: (await lineageRun(workspace))!, workspace, cwd: tmp.dir });
    expect(await crm.dump()).toEqual(before);
  });

  test('soft delete: merged-away rows are flagged, not deleted; unmerge clears the flag', async () => {
    const crm = await backend.create();
    const before = await crm.dump();
    const rules = rulesFile(`soft-${backend.name}`, '  in_place: { soft_delete: { column: merged, value: 1 } }\n');
    const workspace = tmp.path(`ws-soft-${backend.name}.db`);
    const merged = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir });
    const contacts = (await crm.dump())['contacts'] as Record<string, unknown>[];
    expect(contacts).toHaveLength(20);
    const flagged = contacts.filter((c) => c['merged'] === 1 || c['merged'] === true).map((c) => c['id']);
    expect(flagged).toHaveLength(merged.counts.merged_away!);
    expect(flagged).toContain('C-02');
    // The same job again: the flagged rows are merged away already, nothing is left to merge.
    const merged1 = await crm.dump();
    const again = await mergeJob(rules, { input: crm.location, inPlace: true, workspace: tmp.path(`ws-soft-again-${backend.name}.db`), cwd: tmp.dir });
    expect(again.counts.merged_away).toBe(0);
    expect(again.messages.join('\n')).toContain(`${merged.counts.merged_away} rows are flagged merged away (merged) by an earlier merge: left out`);
    expect(await crm.dump()).toEqual(merged1);
    await unmergeJob(rules, { input: crm.location, run: merged.merge!.mergeRun!, workspace, cwd: tmp.dir });
    expect(await crm.dump()).toEqual(before);
  });

  test('a union with nowhere to keep the other values in the table is refused before anything changes (no value lost)', async () => {
    const crm = await backend.create();
    const before = await crm.dump();
    // website is a field, but the contacts table has no column for it: C-02's other address would go with its row.
    const rules = rulesFile(`union-${backend.name}`, '  fields: { email: { rule: union, into: [website], list: other_emails } }\n');
    const failure = await mergeJob(rules, { input: crm.location, inPlace: true, workspace: tmp.path(`ws-union-${backend.name}.db`), cwd: tmp.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as Error).message).toContain('the union rules keep other values in "website", which is not a column of contacts');
    expect(await crm.dump()).toEqual(before);
  });

  test('a row edited in the CRM after the import stops the merge of its batch (rolled back, named with the columns); after a new import the merge goes through', async () => {
    const crm = await backend.create();
    const [location] = crm.location.split('#');
    const rules = tmp.file(`edited-${backend.name}.yaml`, `job: edited\nextends: contacts\nsource: { ${backend.name}: "${location}", table: contacts, id: id }\nmerge:\n  batch_size: 50\n`);
    const workspace = tmp.path(`ws-edited-${backend.name}.db`);
    await dedupeJob(rules, { workspace, cwd: tmp.dir });
    // Someone edits a duplicate (C-02, merged into C-01) in the live CRM after the import.
    await crm.exec("update contacts set email = 'bob.new@example.com' where id = 'C-02'");
    const edited = await crm.dump();
    const failure = await mergeJob(rules, { inPlace: true, workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect((failure as Error).message).toMatch(/^batch 1 of 1 .* failed and was rolled back: 1 record of the plan changed in contacts since it was imported: C-02 \(email\)\. .*import and dedupe the table again/);
    expect(await crm.dump()).toEqual(edited);
    // Imported again, the new address is kept (C-01 takes it among its other emails).
    await dedupeJob(rules, { workspace, cwd: tmp.dir });
    const merged = await mergeJob(rules, { inPlace: true, workspace, cwd: tmp.dir });
    expect(merged.counts.merged_away).toBeGreaterThan(0);
    const c01 = ((await crm.dump())['contacts'] as Record<string, unknown>[]).find((c) => c['id'] === 'C-01')!;
    expect(String(c01['other_emails'])).toContain('bob.new@example.com');
  });

  test('a later merge that touched the same rows is undone first: unmerge of the older run is refused until then; newest first, every table is back', async () => {
    const crm = await backend.create();
    const before = await crm.dump();
    const rules = rulesFile(`twice-${backend.name}`);
    const workspace = tmp.path(`ws-twice-${backend.name}.db`);
    const first = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir });
    // After the first merge, a new duplicate of C-01 (more complete, so it survives) arrives with a deal of its own.
    await crm.exec("insert into contacts (id, first_name, last_name, email, phone, company, street, city, zip, country, created) values ('C-99', 'Robert', 'McDonald', 'robert.mcdonald@gmail.com', '+1 415 555 2671', 'Acme Inc', '12 Market Street', 'San Francisco', '94103', 'US', '2024-01-01')");
    await crm.exec("insert into deals values (1000, 'C-01', 'Deal after', 5)");
    const second = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir });
    expect(second.counts.merged_away).toBeGreaterThan(0);
    const ids = ((await crm.dump())['contacts'] as Record<string, unknown>[]).map((c) => c['id']);
    expect(ids.filter((id) => id === 'C-01' || id === 'C-99')).toHaveLength(1);
    const refused = await unmergeJob(rules, { input: crm.location, run: first.merge!.mergeRun!, workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as Error).message).toContain(`merge run ${second.merge!.mergeRun!} merged in place after run ${first.merge!.mergeRun!} and is not undone`);
    await unmergeJob(rules, { input: crm.location, run: second.merge!.mergeRun!, workspace, cwd: tmp.dir });
    await unmergeJob(rules, { input: crm.location, run: first.merge!.mergeRun!, workspace, cwd: tmp.dir });
    await crm.exec('delete from deals where id = 1000');
    await crm.exec("delete from contacts where id = 'C-99'");
    expect(await crm.dump()).toEqual(before);
  });

  test.skipIf(!backend.columnlessReferences)('a foreign key written without its column (references contacts: the primary key) is found and its rows re-pointed, then pointed back', async () => {
    const crm = await backend.create();
    await crm.exec('create table notes (id integer primary key, contact_id text references contacts, body text)');
    await crm.exec("insert into notes values (1, 'C-01', 'first'), (2, 'C-02', 'second')");
    const before = await crm.dump();
    const rules = rulesFile(`implicit-${backend.name}`);
    const workspace = tmp.path(`ws-implicit-${backend.name}.db`);
    const merged = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir });
    expect(merged.merge?.inPlace?.layout.children.map((c) => `${c.table}.${c.column}`)).toContain('notes.contact_id');
    expect(await crm.read('select id, contact_id from notes order by id')).toEqual([
      { id: 1, contact_id: 'C-01' },
      { id: 2, contact_id: 'C-01' },
    ]);
    await unmergeJob(rules, { input: crm.location, run: merged.merge!.mergeRun!, workspace, cwd: tmp.dir });
    expect(await crm.read('select id, contact_id from notes order by id')).toEqual([
      { id: 1, contact_id: 'C-01' },
      { id: 2, contact_id: 'C-02' },
    ]);
    expect(await crm.dump()).toEqual(before);
  });

  test('a run that failed for want of a related table finishes once the rule file declares it (the layout is worked out again on resume)', async () => {
    const crm = await backend.create();
    const before = await crm.dump();
    const workspace = tmp.path(`ws-resume-${backend.name}.db`);
    // Related tables not looked up: deleting a duplicate that deals still point at fails the first batch.
    const rules = rulesFile(`resume-${backend.name}`, '  in_place: { discover_children: false }\n');
    const failure = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect(await crm.dump()).toEqual(before);
    rulesFile(`resume-${backend.name}`, '  in_place: { discover_children: true }\n');
    const finished = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir });
    expect(finished.merge?.inPlace?.resumed).toBe(true);
    expect(finished.merge?.inPlace?.counts.committed).toBe(finished.merge?.inPlace?.counts.batches);
    expect(finished.merge?.inPlace?.counts.childRowsRepointed).toBeGreaterThan(0);
    await unmergeJob(rules, { input: crm.location, run: 'last', workspace, cwd: tmp.dir });
    expect(await crm.dump()).toEqual(before);
  });

  test('a failing batch is rolled back whole; the error says which batch and how many committed; unmerge undoes the rest', async () => {
    // A check constraint refuses activities pointing at C-09: the batch that re-points C-10's activity to C-09 fails.
    const crm = await backend.create({ failOn: 'C-09' });
    const before = await crm.dump();
    const rules = rulesFile(`fail-${backend.name}`);
    const workspace = tmp.path(`ws-fail-${backend.name}.db`);
    const failure = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RuntimeFailure);
    expect((failure as Error).message).toMatch(/^batch (\d+) of (\d+) \(clusters .*\) failed and was rolled back: .* (\d+) batch(es)? had committed \(batch(es)? [\d, -]+; the workspace's stw_merge_batches lists them\)/);
    const after = await crm.dump();
    const contacts = new Set((after['contacts'] as Record<string, unknown>[]).map((c) => c['id']));
    // Nothing of the failed batch happened: C-10 still there, its deals still its own; earlier batches did commit.
    expect(contacts.has('C-10')).toBe(true);
    expect((after['deals'] as Record<string, unknown>[]).filter((d) => d['contact_id'] === 'C-10')).toEqual((before['deals'] as Record<string, unknown>[]).filter((d) => d['contact_id'] === 'C-10'));
    expect(contacts.has('C-02')).toBe(false);
    const run = await lineageRun(workspace);
    await unmergeJob(rules, { input: crm.location, run: run!, workspace, cwd: tmp.dir });
    expect(await crm.dump()).toEqual(before);
  });
});

async function lineageRun(workspace: string): Promise<number | undefined> {
  const ws = await openWorkspace(workspace);
  try {
    return (await ws.db.selectFrom('stw_merge_runs').select('id').where('mode', '=', 'in_place').orderBy('id', 'desc').executeTakeFirst())?.id;
  } finally {
    await ws.close();
  }
}

describe('in-place merge: sqlite row numbers', () => {
  test('a deleted row comes back under its rowid: a plain select * (rowid order) is the same before the merge and after the unmerge', async () => {
    const crm = await sqlite.create();
    const plain = async () => crm.read('select rowid, * from contacts');
    const before = await plain();
    const rules = rulesFile('rowid');
    const workspace = tmp.path('ws-rowid.db');
    const merged = await mergeJob(rules, { input: crm.location, inPlace: true, workspace, cwd: tmp.dir });
    expect(merged.merge?.inPlace?.layout.rowId).toBe('rowid');
    await unmergeJob(rules, { input: crm.location, golden: 'C-01', workspace, cwd: tmp.dir });
    await unmergeJob(rules, { input: crm.location, run: 'last', workspace, cwd: tmp.dir });
    expect(await plain()).toEqual(before);
  });

  test('a rowid taken since the merge by a new row: the deleted row comes back under another one, the unmerge still goes through', async () => {
    const crm = await sqlite.create();
    const before = await crm.dump();
    const rules = rulesFile('rowid-taken');
    const workspace = tmp.path('ws-rowid-taken.db');
    const [{ rowid }] = (await crm.read("select rowid from contacts where id = 'C-02'")) as [{ rowid: number }];
    // One batch: C-02 comes back without its rowid, the other merged-away rows with theirs.
    await mergeJob(rules, { input: crm.location, inPlace: true, batchSize: 500, workspace, cwd: tmp.dir });
    await crm.exec(`insert into contacts (rowid, id, first_name) values (${rowid}, 'NEW-1', 'New')`);
    await unmergeJob(rules, { input: crm.location, run: 'last', workspace, cwd: tmp.dir });
    await crm.exec("delete from contacts where id = 'NEW-1'");
    expect(await crm.dump()).toEqual(before);
  });
});
