import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { killAfterBatches, steward } from '../helpers/cli.js';
import { writePairsCrm } from '../helpers/crm.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const contacts = path.join(repoRoot, 'rules/contacts.yaml');
const dupes = path.join(repoRoot, 'fixtures/dedupe/contacts-dupes.csv');
const PEOPLE = 600;
const csv = (file: string) => parse(readFileSync(file), { columns: true }) as Record<string, string>[];

describe('steward merge (CLI)', () => {
  test('the contract: steward run rules/contacts.yaml --input FILE --output golden.csv writes one row per golden record, golden_id and ;-joined record_ids, every input record in exactly one', () => {
    const out = tmp.path('golden.csv');
    const result = steward(['run', contacts, '--input', dupes, '--output', out, '--workspace', tmp.path('contract.db'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.stages).toEqual(['import', 'normalize', 'dedupe', 'merge', 'export (golden records)']);
    const { records, golden, merged_away: mergedAway, written } = summary.counts;
    expect(records).toBe(20);
    expect(golden + mergedAway).toBe(records);
    expect(written).toBe(golden);
    const rows = csv(out);
    expect(rows).toHaveLength(golden);
    expect(Object.keys(rows[0]!).slice(0, 2)).toEqual(['golden_id', 'record_ids']);
    const seen = rows.flatMap((r) => r['record_ids']!.split(';'));
    expect(seen.sort()).toEqual(csv(dupes).map((r) => r['Contact ID']).sort());
    for (const row of rows) expect(row['record_ids']!.split(';')).toContain(row['golden_id']);
    const c01 = rows.find((r) => r['golden_id'] === 'C-01')!;
    expect(c01['record_ids']).toBe('C-01;C-02');
    expect(c01['other_emails']).toBe('robertmcdonald+crm@gmail.com');
    // Byte-identical on a second run.
    const again = tmp.path('golden-2.csv');
    expect(steward(['run', contacts, '--input', dupes, '--output', again, '--workspace', tmp.path('contract-2.db')]).code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });

  test('merge --dry-run prints survivors, values with rule and record, conflicts; --plan-out saves the plan; nothing is written', () => {
    const workspace = tmp.path('dry.db');
    expect(steward(['dedupe', contacts, '--input', dupes, '--workspace', workspace]).code).toBe(0);
    const plan = tmp.path('plan.json');
    const dry = steward(['merge', contacts, '--workspace', workspace, '--dry-run', '--plan-out', plan, '--show', '1']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/20 records = \d+ golden \+ \d+ merged away/);
    expect(dry.stdout).toContain('golden C-01: survivor C-01, merging C-02');
    expect(dry.stdout).toContain('other_emails  "robertmcdonald+crm@gmail.com"  ← C-02 (union)');
    expect(dry.stdout).toContain('✖ conflict first_name: "Robert" (C-01) vs "Bob" (C-02) → "Robert" by longest');
    expect(dry.stdout).toContain('dry run: nothing was written');
    const saved = JSON.parse(readFileSync(plan, 'utf8'));
    expect(saved.clusters[0]).toMatchObject({ goldenId: 'C-01', survivor: 'C-01', mergedAway: ['C-02'], lineage: { first_name: { record: 'C-01', rule: 'longest' } } });
    const db = new Database(workspace, { readonly: true });
    expect(db.prepare('select count(*) as n from stw_golden').get()).toEqual({ n: 0 });
    db.close();
    // Then for real: golden records and lineage in the workspace, and export writes the golden records.
    expect(steward(['merge', contacts, '--workspace', workspace]).code).toBe(0);
    const ws = new Database(workspace, { readonly: true });
    expect(ws.prepare("select record_id, rule from stw_field_lineage where golden_id = 'C-01' and field in ('first_name', 'other_emails') order by field").all()).toEqual([
      { record_id: 'C-01', rule: 'longest' },
      { record_id: 'C-02', rule: 'union' },
    ]);
    expect(ws.prepare("select record_id, role from stw_lineage where golden_id = 'C-01' order by record_id").all()).toEqual([
      { record_id: 'C-01', role: 'survivor' },
      { record_id: 'C-02', role: 'merged' },
    ]);
    ws.close();
    const out = tmp.path('exported.csv');
    const exported = steward(['export', contacts, '--workspace', workspace, '--output', out]);
    expect(exported.stdout).toMatch(/written {4}\d+ golden records/);
    expect(csv(out).length).toBe(saved.counts.golden);
  });

  test('usage: merge needs clusters, unmerge needs --run or --golden, an in-place merge needs a database source', () => {
    const empty = steward(['merge', contacts, '--workspace', tmp.path('empty.db')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('holds no import yet');
    expect(steward(['merge', contacts, '--batch-size', '0', '--workspace', tmp.path('empty.db')]).stderr).toContain('--batch-size must be a whole number from 1, got "0"');
    const unmerge = steward(['unmerge', contacts, '--workspace', tmp.path('empty.db')]);
    expect(unmerge.code).toBe(2);
    expect(unmerge.stderr).toContain('give --run RUN');
    const workspace = tmp.path('file.db');
    const inPlace = steward(['merge', contacts, '--input', dupes, '--in-place', '--workspace', workspace]);
    expect(inPlace.code).toBe(2);
    expect(inPlace.stderr).toContain('an in-place merge changes a database table; the source is a csv file');
    // Refused before the file is imported and deduped for nothing.
    expect(inPlace.stderr).not.toMatch(/at /);
    expect(existsSync(workspace)).toBe(false);
  });

  test('a merge killed mid-run leaves no half-merged cluster; re-running finishes it with the same result as an uninterrupted run; unmerge puts everything back', async () => {
    const original = tmp.path('pairs.db');
    writePairsCrm(original, PEOPLE, (file) => new Database(file));
    const killed = tmp.path('killed.db');
    const clean = tmp.path('clean.db');
    copyFileSync(original, killed);
    copyFileSync(original, clean);
    const rules = tmp.file('pairs.yaml', 'job: pairs\nextends: contacts\nsource: { id: id }\nmerge: { batch_size: 1 }\n');
    const workspace = tmp.path('pairs-ws.db');
    const args = ['merge', rules, '--input', `${killed}#contacts`, '--in-place', '--workspace', workspace];

    // Killed once a few batches have committed.
    expect(await killAfterBatches(args, { cwd: tmp.dir, workspace, batches: 20 })).toBe('SIGKILL');

    // No half-merged cluster: each pair is either both rows (untouched) or the survivor alone with both deals.
    // Opened for writing: after a kill, SQLite replays the write-ahead log on open, which a read-only handle cannot.
    const db = new Database(killed);
    const ids = new Set((db.prepare('select id from contacts').all() as { id: string }[]).map((r) => r.id));
    const dealOwner = new Map((db.prepare('select id, contact_id from deals').all() as { id: number; contact_id: string }[]).map((r) => [r.id, r.contact_id]));
    db.close();
    let mergedPairs = 0;
    for (let p = 0; p < PEOPLE; p++) {
      const a = `P${String(p).padStart(6, '0')}-0`;
      const b = `P${String(p).padStart(6, '0')}-1`;
      if (ids.has(a) && ids.has(b)) {
        expect([dealOwner.get(p * 2 + 1), dealOwner.get(p * 2 + 2)]).toEqual([a, b]);
      } else {
        mergedPairs += 1;
        expect(ids.has(a) !== ids.has(b), `pair ${p}`).toBe(true);
        const survivor = ids.has(a) ? a : b;
        expect([dealOwner.get(p * 2 + 1), dealOwner.get(p * 2 + 2)]).toEqual([survivor, survivor]);
      }
    }
    expect(mergedPairs).toBeGreaterThanOrEqual(20);
    expect(mergedPairs).toBeLessThan(PEOPLE);

    // The same command again finishes the job.
    const resumed = steward(args, { cwd: tmp.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('resuming the unfinished in-place merge');
    expect(resumed.stdout).toMatch(/batches {4}[\d,]+ of 600 committed now, [\d,]+ by the interrupted run/);
    const uninterrupted = steward(['merge', rules, '--input', `${clean}#contacts`, '--in-place', '--workspace', tmp.path('clean-ws.db')], { cwd: tmp.dir });
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    const dump = (file: string) => {
      const d = new Database(file, { readonly: true });
      const out = ['contacts', 'deals'].map((t) => d.prepare(`select * from ${t} order by id`).all());
      d.close();
      return out;
    };
    expect(dump(killed)).toEqual(dump(clean));
    expect(dump(killed)[0]).toHaveLength(PEOPLE);

    const run = /--run (\d+)/.exec(resumed.stdout)?.[1];
    const undone = steward(['unmerge', rules, '--input', `${killed}#contacts`, '--run', run!, '--workspace', workspace], { cwd: tmp.dir });
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain('600 clusters in 600 batches restored');
    expect(dump(killed)).toEqual(dump(original));
  });
});
