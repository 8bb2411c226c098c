import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { killAfterBatches, steward } from '../helpers/cli.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const ROWS = 6000;

/** Every row of a SQLite table, in key order. */
function dump(file: string, table = 'contacts'): unknown[] {
  // Opened for writing: after a kill, SQLite replays the write-ahead log on open, which a read-only handle cannot.
  const db = new Database(file);
  try {
    return db.prepare(`select * from ${table} order by id`).all();
  } finally {
    db.close();
  }
}

/** The shipped CRM job (fixtures/crm), copied: its rule file reads crm.db beside it. */
function crmCopy(name: string): { rules: string; db: string; workspace: string } {
  const dir = tmp.path(name);
  const db = path.join(dir, 'crm.db');
  mkdirSync(dir);
  copyFileSync(path.join(repoRoot, 'fixtures/crm/crm.db'), db);
  copyFileSync(path.join(repoRoot, 'fixtures/crm/crm.yaml'), path.join(dir, 'crm.yaml'));
  return { rules: path.join(dir, 'crm.yaml'), db, workspace: path.join(dir, 'ws.db') };
}

describe('steward normalize --in-place and steward undo (CLI)', () => {
  test('dry run, clean, a second clean, undo refused over an edit, undo --force: counts, run id, exit codes, the table back as it was', () => {
    const crm = crmCopy('crm');
    const before = dump(crm.db);
    const ws = ['--workspace', crm.workspace];

    const dry = steward(['normalize', crm.rules, '--in-place', '--dry-run', ...ws]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would clean 20 rows read: 19 rows changed (37 cells), the others left as they are');
    expect(dry.stdout).toContain('C-01 phone: "(415) 555-2671" → "+14155552671"');
    expect(dry.stdout).toContain('dry run: nothing was written');
    expect(dump(crm.db)).toEqual(before);

    const cleaned = steward(['normalize', crm.rules, '--in-place', '--batch-size', '7', '--json', ...ws]);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    const summary = JSON.parse(cleaned.stdout);
    expect(summary.counts).toEqual({ read: 20, rows_changed: 19, cells_changed: 37 });
    expect(summary.clean).toMatchObject({ dryRun: false, run: summary.run_id, batchSize: 7, counts: { batches: 3 }, layout: { table: 'contacts', key: 'id' } });
    expect(summary.clean.byField.phone).toEqual({ changed: 19, invalid: 0, notWritten: 0 });
    expect(summary.messages).toContain(`undo with: steward undo ${crm.rules} --run ${summary.run_id}`);
    const after = dump(crm.db);
    expect(after).not.toEqual(before);

    const again = steward(['normalize', crm.rules, '--in-place', ...ws]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('cleaned    20 rows read: 0 rows changed (0 cells) in 0 batches');
    expect(dump(crm.db)).toEqual(after);

    const db = new Database(crm.db);
    db.prepare("update contacts set country = 'Canada' where id = 'C-03'").run();
    db.close();
    const refused = steward(['undo', crm.rules, '--run', String(summary.run_id), ...ws]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`✖ 1 row changed since run ${summary.run_id} wrote it: C-03 (country); undoing would overwrite those edits, so nothing was changed. Give --force`);
    const forced = steward(['undo', crm.rules, '--run', 'last', '--force', ...ws]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`undo       clean run ${summary.run_id} in ${crm.db}#contacts: 19 rows given back 37 old values in 3 batches`);
    expect(dump(crm.db)).toEqual(before);
    const nothing = steward(['undo', crm.rules, '--run', 'last', ...ws]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('with anything left to undo');
  });

  test('usage: undo needs --run; a clean needs a database source and a sensible batch size; unmerge points a clean run at undo', () => {
    const crm = crmCopy('usage');
    const ws = ['--workspace', crm.workspace];
    expect(steward(['undo', crm.rules, ...ws]).stderr).toContain('--run must be a run id (a whole number) or last, got nothing');
    const bad = steward(['undo', crm.rules, '--run', 'yesterday', '--json', ...ws]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ status: 'error', code: 'BAD_FLAG' });
    const csv = steward(['normalize', path.join(repoRoot, 'rules/contacts.yaml'), '--in-place', '--input', path.join(repoRoot, 'fixtures/legacy-contacts.csv'), ...ws]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('a clean in place changes a database table; the source is a csv file');
    expect(steward(['normalize', crm.rules, '--in-place', '--batch-size', '0', ...ws]).code).toBe(2);
    const unknown = steward(['undo', crm.rules, '--run', '99', ...ws]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('run 99 changed no database in place');
    const cleaned = JSON.parse(steward(['normalize', crm.rules, '--in-place', '--json', ...ws]).stdout);
    const unmerge = steward(['unmerge', crm.rules, '--run', String(cleaned.run_id), ...ws]);
    expect(unmerge.code).toBe(2);
    expect(unmerge.stderr).toContain(`undo it with steward undo ${crm.rules} --run ${cleaned.run_id}`);
  });

  test('a clean killed mid-run: the batches that committed are logged with their before-images, undo puts the table back exactly, and a clean run again finishes the job', async () => {
    const file = tmp.path('big.db');
    const db = new Database(file);
    db.exec('create table contacts (id integer primary key, first_name text, email text, phone text, country text, note text)');
    const insert = db.prepare('insert into contacts values (?, ?, ?, ?, ?, ?)');
    db.exec('begin');
    for (let i = 1; i <= ROWS; i++) insert.run(i, i % 3 === 0 ? 'Ann' : ' ann ', `Ann${i}@Example.COM`, `(415) 555-${String(i % 10000).padStart(4, '0')}`, i % 2 === 0 ? 'US' : 'United States', `note ${i}`);
    db.exec('commit');
    db.close();
    const before = dump(file);
    const rules = tmp.file('big.yaml', 'job: big\nextends: contacts\n');
    const workspace = tmp.path('big-ws.db');
    const args = ['normalize', rules, '--in-place', '--input', `${file}#contacts`, '--batch-size', '20', '--workspace', workspace];

    expect(await killAfterBatches(args, { cwd: tmp.dir, workspace, batches: 10 })).toBe('SIGKILL');
    const killed = dump(file) as Record<string, unknown>[];
    const cleanRows = killed.filter((row) => row['phone'] !== (before[Number(row['id']) - 1] as Record<string, unknown>)['phone']).length;
    expect(cleanRows).toBeGreaterThanOrEqual(200);
    expect(cleanRows).toBeLessThan(ROWS);
    // Batches run in key order: what was cleaned is a prefix of the table.
    expect(killed.slice(0, cleanRows).every((row) => String(row['phone']).startsWith('+1'))).toBe(true);

    const undone = steward(['undo', rules, '--input', `${file}#contacts`, '--run', 'last', '--workspace', workspace], { cwd: tmp.dir });
    expect(undone.code, undone.stderr).toBe(0);
    expect(dump(file)).toEqual(before);

    const finished = steward([...args, '--json'], { cwd: tmp.dir });
    expect(finished.code, finished.stderr).toBe(0);
    expect(JSON.parse(finished.stdout).counts).toEqual({ read: ROWS, rows_changed: ROWS, cells_changed: ROWS * 2 + ROWS / 2 + (ROWS / 3) * 2 });
  });
});
