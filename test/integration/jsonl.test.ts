import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { exportJob, importJob, runJob } from '../../src/index.js';
import { tempDir } from '../helpers/temp.js';

const tmp = tempDir();
// Record-level round trips: merge: null takes out the shipped merge (one row per record).
const rules = tmp.file('job.yaml', 'job: lines\nextends: contacts\nmerge: null\ntarget: { jsonl: out.jsonl, unmapped: true }\n');

describe('JSON Lines', () => {
  test('objects load, keys that appear later are mapped, bad lines are rejected with their line', async () => {
    const input = tmp.file(
      'in.jsonl',
      [
        '{"id": "a1", "email": "ann@example.com", "score": 7}',
        '',
        '{"id": "a2", "email": "bob@example.com", "first_name": "Bob", "tags": ["x", "y"], "vip": true, "fax": null}',
        '{"id": "a3", "email": ',
        '[1, 2]',
        '{"id": "a4", "First Name": "Zoë", "address": {"city": "Köln"}}',
      ].join('\n'),
    );
    const summary = await runJob(rules, { input, workspace: tmp.path('ws.db'), cwd: tmp.dir });
    expect(summary.counts).toMatchObject({ read: 5, loaded: 3, rejected: 2, written: 3 });
    expect(summary.import?.rejectSamples.map((r) => [r.line, r.code])).toEqual([
      [4, 'INVALID_JSON'],
      [5, 'NOT_AN_OBJECT'],
    ]);
    expect(summary.import?.mapping).toEqual({ first_name: ['first_name', 'First Name'], email: ['email'], fax: ['fax'], street: ['address'] });
    const out = readFileSync(tmp.path('out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toEqual([
      // "First Name" is first_name's second column: exported under its own name too, so nothing is left behind.
      { source_id: 'a1', first_name: null, email: 'ann@example.com', fax: null, street: null, score: '7', tags: null, vip: null, 'First Name': null },
      { source_id: 'a2', first_name: 'Bob', email: 'bob@example.com', fax: null, street: null, score: null, tags: '["x","y"]', vip: 'true', 'First Name': null },
      { source_id: 'a4', first_name: 'Zoë', email: null, fax: null, street: '{"city":"Köln"}', score: null, tags: null, vip: null, 'First Name': 'Zoë' },
    ]);
  });

  test('CSV in, JSON Lines out, then back in: the same records', async () => {
    const csv = tmp.file('in.csv', 'Legacy ID,Vorname,Nachname,E-Mail,Schuhgröße\nK1,Jürgen,Groß,j@example.de,"a, ""b"""\nK2,Anna,Weiß,,\n');
    await runJob(rules, { input: csv, output: tmp.path('round.jsonl'), workspace: tmp.path('round.db'), cwd: tmp.dir });
    const back = await importJob(rules, { input: tmp.path('round.jsonl'), workspace: tmp.path('round2.db'), cwd: tmp.dir });
    expect(back.counts).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
    await exportJob(rules, { output: tmp.path('round2.csv'), workspace: tmp.path('round2.db'), cwd: tmp.dir });
    expect(readFileSync(tmp.path('round2.csv'), 'utf8')).toBe('source_id,first_name,last_name,email,Schuhgröße\nK1,Jürgen,Groß,j@example.de,"a, ""b"""\nK2,Anna,Weiß,,\n');
  });
});
