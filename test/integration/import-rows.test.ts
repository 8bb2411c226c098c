import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { importJob } from '../../src/index.js';
import { InputError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';

const tmp = tempDir();

function rejects(workspace: string): { line: number; code: string; source_id: string | null }[] {
  const db = new Database(workspace, { readonly: true });
  try {
    return db.prepare('select line, code, source_id from stw_rejects order by line').all() as { line: number; code: string; source_id: string | null }[];
  } finally {
    db.close();
  }
}

describe('import: ids, required fields and the counts', () => {
  test('duplicate ids are rejected, naming the first row; in full batches and in the last partial one', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `C${i + 1},Name${i + 1},n${i + 1}@example.com`);
    rows[69] = 'C3,Dup,dup@example.com'; // line 71 repeats C3 (line 4), inside the second batch of 64
    rows[139] = 'C140,Again,again@example.com';
    rows[148] = 'C140,Third,third@example.com'; // line 150 repeats C140 (line 141), in the last partial batch
    const input = tmp.file('dups.csv', `Customer ID,First Name,Email\n${rows.join('\n')}\n`);
    const rules = tmp.file('dups.yaml', 'job: dups\nextends: contacts\n');
    const workspace = tmp.path('dups.db');
    const summary = await importJob(rules, { input, workspace, cwd: tmp.dir });
    expect(summary.counts).toEqual({ read: 150, loaded: 148, rejected: 2 });
    expect(rejects(workspace)).toEqual([
      { line: 71, code: 'DUPLICATE_ID', source_id: 'C3' },
      { line: 150, code: 'DUPLICATE_ID', source_id: 'C140' },
    ]);
    expect(summary.import?.rejectSamples[0]?.reason).toBe('id "C3" was already used by the row on line 4');
    const db = new Database(workspace, { readonly: true });
    const ids = db.prepare('select id, source_id from stw_records order by id').all() as { id: number; source_id: string }[];
    db.close();
    expect(ids).toHaveLength(148);
    expect(ids.map((r) => r.source_id).slice(0, 3)).toEqual(['C1', 'C2', 'C3']);
  });

  test('an empty id and an empty required field are rejected with reasons; without an id column the row number is the id', async () => {
    const input = tmp.file('req.csv', 'ID,Email,Name\n1,a@x.com,Ann\n,b@x.com,Bob\n3,,Cy\n4,d@x.com,Di\n');
    const rules = tmp.file('req.yaml', 'job: req\nextends: contacts\nfields: { email: { required: true } }\n');
    const workspace = tmp.path('req.db');
    const summary = await importJob(rules, { input, workspace, cwd: tmp.dir });
    expect(summary.counts).toEqual({ read: 4, loaded: 2, rejected: 2 });
    expect(rejects(workspace).map((r) => [r.line, r.code])).toEqual([
      [3, 'MISSING_ID'],
      [4, 'REQUIRED_MISSING'],
    ]);
    const noId = tmp.file('noid.csv', 'Email,Name\na@x.com,Ann\nb@x.com,Bob\n');
    const second = await importJob(rules, { input: noId, workspace: tmp.path('noid.db'), cwd: tmp.dir });
    expect(second.import?.idColumn).toBeNull();
    const db = new Database(tmp.path('noid.db'), { readonly: true });
    expect(db.prepare('select source_id from stw_records order by id').all()).toEqual([{ source_id: '1' }, { source_id: '2' }]);
    db.close();
  });

  test('a named id column or a required field that matches no column stops before reading, listing the columns', async () => {
    const input = tmp.file('cols.csv', 'Name,Phone\nAnn,1\n');
    const strict = tmp.file('strict.yaml', 'job: strict\nextends: contacts\nsource: { id: Kundennummer }\nfields: { email: { required: true } }\n');
    const error = await importJob(strict, { input, workspace: tmp.path('strict.db'), cwd: tmp.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/the id column "Kundennummer" \(source\.id\) is not in .*cols\.csv; required field email matches no column \(looked for "Email", .*\)\. Columns in the source: "Name", "Phone"/);
  });

  test('re-importing replaces the workspace records: the same input gives the same records', async () => {
    const input = tmp.file('again.csv', 'ID,Email\n1,a@x.com\n2,b@x.com\n');
    const rules = tmp.file('again.yaml', 'job: again\nextends: contacts\n');
    const workspace = tmp.path('again.db');
    await importJob(rules, { input, workspace, cwd: tmp.dir });
    await importJob(rules, { input, workspace, cwd: tmp.dir });
    const db = new Database(workspace, { readonly: true });
    expect(db.prepare('select id, source_id, line, data, raw from stw_records order by id').all()).toEqual([
      { id: 1, source_id: '1', line: 2, data: '{"email":"a@x.com"}', raw: '1,a@x.com' },
      { id: 2, source_id: '2', line: 3, data: '{"email":"b@x.com"}', raw: '2,b@x.com' },
    ]);
    expect((db.prepare('select count(*) as n from stw_runs').get() as { n: number }).n).toBe(2);
    db.close();
  });
});
