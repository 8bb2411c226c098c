import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import Database from 'better-sqlite3';
import { steward } from '../helpers/cli.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const contacts = path.join(repoRoot, 'rules/contacts.yaml');
const fixture = path.join(repoRoot, 'fixtures/dedupe/contacts-dupes.csv');
const truth = path.join(repoRoot, 'fixtures/dedupe/contacts-dupes.truth.csv');
const csv = (file: string) => parse(readFileSync(file), { columns: true }) as Record<string, string>[];

describe('steward dedupe (the contract)', () => {
  const clusters = tmp.path('clusters.csv');
  const pairs = tmp.path('pairs.csv');
  const review = tmp.path('review.csv');
  const workspace = tmp.path('dedupe.db');

  test('writes record_id,cluster_id for every record and finds the duplicates of the fixture', () => {
    const result = steward(['dedupe', '--rules', contacts, '--input', fixture, '--clusters-out', clusters, '--pairs-out', pairs, '--review-out', review, '--workspace', workspace, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.stages).toEqual(['import', 'normalize', 'dedupe']);
    expect(summary.counts).toMatchObject({ read: 20, loaded: 20, records: 20 });
    expect(readFileSync(clusters, 'utf8').split('\n')[0]).toBe('record_id,cluster_id');
    const rows = csv(clusters);
    expect(rows.map((r) => r['record_id'])).toEqual(Array.from({ length: 20 }, (_, i) => `C-${String(i + 1).padStart(2, '0')}`));
    const evaluation = JSON.parse(steward(['evaluate', '--clusters', clusters, '--truth', truth, '--json']).stdout);
    expect(evaluation.precision).toBe(1);
    expect(evaluation.recall).toBeGreaterThanOrEqual(0.75);
    const cluster = new Map(rows.map((r) => [r['record_id'], r['cluster_id']]));
    // Two John Smiths in London with other emails, phones and employers stay apart.
    expect(cluster.get('C-05')).not.toBe(cluster.get('C-06'));
    expect(cluster.get('C-02')).toBe(cluster.get('C-01'));
    expect(csv(pairs)[0]).toHaveProperty('first_name');
    expect(readFileSync(review, 'utf8').split('\n')[0]).toMatch(/^id_a,id_b,decision,probability,match_weight,first_name_a,first_name_b,/);
  });

  test('the same input gives the same files, byte for byte', () => {
    const again = tmp.path('clusters-again.csv');
    const pairsAgain = tmp.path('pairs-again.csv');
    expect(steward(['dedupe', '--rules', contacts, '--input', fixture, '--clusters-out', again, '--pairs-out', pairsAgain, '--workspace', tmp.path('again.db')]).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(clusters, 'utf8'));
    expect(readFileSync(pairsAgain, 'utf8')).toBe(readFileSync(pairs, 'utf8'));
    // Comparisons on a worker thread give the same levels, so the same files.
    const threaded = tmp.file('threaded.yaml', 'job: threaded\nextends: contacts\ndedupe:\n  workers: 1\n');
    const pairsThreaded = tmp.path('pairs-threaded.csv');
    expect(steward(['dedupe', '--rules', threaded, '--input', fixture, '--pairs-out', pairsThreaded, '--workspace', tmp.path('threaded.db')]).code).toBe(0);
    expect(readFileSync(pairsThreaded, 'utf8')).toBe(readFileSync(pairs, 'utf8'));
  });

  test('explain shows each comparison, its weight and the running total', () => {
    const result = steward(['explain', '--rules', contacts, '--workspace', workspace, 'C-01', 'C-02']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^C-01 ~ C-02: match probability [01]\.\d+ \(weight [+-]\d/);
    expect(result.stdout).toMatch(/first_name\s+nickname/);
    expect(result.stdout).toMatch(/email\s+same match key/);
    const json = JSON.parse(steward(['explain', '--rules', contacts, '--workspace', workspace, 'C-01', 'C-02', '--json']).stdout);
    const last = json.steps.at(-1);
    expect(last.total).toBeCloseTo(json.weight);
    expect(steward(['explain', '--rules', contacts, '--workspace', workspace, 'C-01', 'nope']).code).toBe(2);
  });

  test('review apply: a distinct decision splits a cluster, a match decision joins records', () => {
    const rows = csv(clusters);
    const cluster = new Map(rows.map((r) => [r['record_id'], r['cluster_id']]));
    expect(cluster.get('C-15')).not.toBe(cluster.get('C-16'));
    const decisions = tmp.file('decisions.csv', 'id_a,id_b,decision\nC-01,C-02,distinct\nC-15,C-16,match\nC-03,C-04,\n');
    const out = tmp.path('clusters-reviewed.csv');
    const result = steward(['review', 'apply', decisions, '--rules', contacts, '--workspace', workspace, '--clusters-out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/2 decisions stored \(1 match, 1 distinct; 1 row left undecided\)/);
    const after = new Map(csv(out).map((r) => [r['record_id'], r['cluster_id']]));
    expect(after.get('C-01')).not.toBe(after.get('C-02'));
    expect(after.get('C-15')).toBe(after.get('C-16'));
    const bad = tmp.file('bad-decisions.csv', 'id_a,id_b,decision\nC-01,C-02,maybe\n');
    const refused = steward(['review', 'apply', bad, '--rules', contacts, '--workspace', workspace]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/decision must be match, distinct or empty, got "maybe" \(.*bad-decisions\.csv:2\)/);
    // Ids that are records of neither source: refused, each with its line, and nothing stored.
    const stored = () => {
      const db = new Database(workspace, { readonly: true });
      try {
        return db.prepare('select id_a, id_b, decision from stw_decisions order by id_a, id_b').all();
      } finally {
        db.close();
      }
    };
    const before = stored();
    const strangers = tmp.file('strangers.csv', 'id_a,id_b,decision\nC-01,NOPE,match\nC-03,C-04,\nX-1,C-02,distinct\nC-05,C-06,distinct\n');
    const unknown = steward(['review', 'apply', strangers, '--rules', contacts, '--workspace', workspace]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/the decisions name 2 ids in neither source of the last dedupe: "NOPE" \(.*strangers\.csv:2\), "X-1" \(.*strangers\.csv:4\); nothing was stored/);
    expect(stored()).toEqual(before);
  });

  test('--analyze-blocking counts pairs per rule before any comparison; a block over the cap is reported', () => {
    const rules = tmp.file('tight.yaml', 'job: tight\nextends: contacts\ndedupe:\n  blocking: [country, email.key]\n  max_block_size: 3\n  compare: { email: email }\n');
    const result = steward(['dedupe', '--rules', rules, '--input', fixture, '--analyze-blocking', '--workspace', tmp.path('tight.db')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/country\s+\d+ pairs,\s+\d+ new; largest block \d+; 2 blocks over the cap skipped \(34 pairs\)/);
    expect(result.stdout).toMatch(/over the cap: country = "US" \(8 records, 28 pairs\)/);
  });

  test('link mode: only pairs across the two files; --id-column names the id', () => {
    const left = tmp.file('left.csv', 'Key,First Name,Last Name,Email\nL1,Ann,Lee,ann.lee@example.com\nL2,Bob,Stone,bob@stone.io\nL3,Ann,Lee,ann.lee@example.com\n');
    const right = tmp.file('right.csv', 'Key,First Name,Last Name,Email\nR1,Anne,Lee,Ann.Lee@Example.com\nR2,Carl,Marx,carl@marx.de\n');
    const out = tmp.path('links.csv');
    const result = steward(['dedupe', '--rules', contacts, '--input', left, '--link', right, '--id-column', 'Key', '--clusters-out', out, '--workspace', tmp.path('link.db'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).dedupe.mode).toBe('link');
    const rows = csv(out);
    expect(rows.map((r) => r['record_id'])).toEqual(['L1', 'L2', 'L3', 'R1', 'R2']);
    const cluster = new Map(rows.map((r) => [r['record_id'], r['cluster_id']]));
    expect(cluster.get('R1')).toBe(cluster.get('L1'));
    expect(cluster.get('R2')).toBe('R2');

    // review apply after a link run clusters the link again (the file's records too), with the decisions binding.
    const decisions = tmp.file('link-decisions.csv', 'id_a,id_b,decision\nL2,R2,match\n');
    const reviewed = tmp.path('links-reviewed.csv');
    const applied = steward(['review', 'apply', decisions, '--rules', contacts, '--workspace', tmp.path('link.db'), '--clusters-out', reviewed, '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout).dedupe.mode).toBe('link');
    const after = new Map(csv(reviewed).map((r) => [r['record_id'], r['cluster_id']]));
    expect([...after.keys()]).toEqual(['L1', 'L2', 'L3', 'R1', 'R2']);
    expect(after.get('R2')).toBe('L2');
    expect(after.get('R1')).toBe('L1');
  });

  test('link mode: the linked file finds its own id column (source.id, then the shipped id spellings) when the declared one is not in it', () => {
    const rules = tmp.file('keyed.yaml', 'job: keyed\nextends: contacts\nsource: { id: Key }\n');
    const left = tmp.file('keyed-left.csv', 'Key,First Name,Last Name,Email\nK1,Ann,Lee,ann.lee@example.com\nK2,Bob,Stone,bob@stone.io\n');
    const leads = tmp.file('keyed-leads.csv', 'Lead ID,First Name,Last Name,Email\nL-01,Anne,Lee,Ann.Lee@Example.com\nL-02,Carl,Marx,carl@marx.de\nL-03,Dora\n');
    const out = tmp.path('keyed-links.csv');
    const result = steward(['dedupe', rules, '--input', left, '--link', leads, '--clusters-out', out, '--workspace', tmp.path('keyed.db')]);
    expect(result.code, result.stderr).toBe(0);
    expect(csv(out).map((r) => r['record_id'])).toEqual(['K1', 'K2', 'L-01', 'L-02']);
    expect(result.stdout).toContain('  id         column "Key"\n');
    // A linked file with no id column at all: row numbers, and a note says so.
    const anonymous = tmp.file('anonymous-leads.csv', 'First Name,Last Name,Email\nAnne,Lee,Ann.Lee@Example.com\n');
    const noted = steward(['dedupe', rules, '--input', left, '--link', anonymous, '--workspace', tmp.path('anonymous.db')]);
    expect(noted.code, noted.stderr).toBe(0);
    expect(noted.stdout).toMatch(/note {7}the linked file .*anonymous-leads\.csv has none of the id columns \(source\.id, then the shipped id spellings\): its records are named by row number/);
    // The main source's declared id is still required there.
    const missing = steward(['dedupe', rules, '--input', leads, '--link', left, '--workspace', tmp.path('keyed2.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/the id column "Key" \(source\.id\) is not in .*keyed-leads\.csv/);
  });

  test('link mode prints the linked file\'s source, id and counts (read = loaded + rejected), in text and --json', () => {
    const rules = tmp.file('counted.yaml', 'job: counted\nextends: contacts\nsource: { id: Key }\n');
    const left = tmp.file('counted-left.csv', 'Key,First Name,Last Name,Email\nK1,Ann,Lee,ann.lee@example.com\nK2,Bob,Stone,bob@stone.io\n');
    const leads = tmp.file('counted-leads.csv', 'Lead ID,First Name,Last Name,Email\nL-01,Anne,Lee,Ann.Lee@Example.com\nL-02,Carl,Marx,carl@marx.de\nL-03,Dora\n');
    const result = steward(['dedupe', rules, '--input', left, '--link', leads, '--workspace', tmp.path('counted.db')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('  read       2 rows = 2 loaded + 0 rejected\n');
    expect(result.stdout).toMatch(/\n {2}link {7}csv .*counted-leads\.csv \(utf-8, ","\)\n {2}link id {4}column "Lead ID"\n {2}link read {2}3 rows = 2 loaded \+ 1 rejected\n {2}link rejects WRONG_CELL_COUNT 1\n {13}line 4: /);
    const json = JSON.parse(steward(['dedupe', rules, '--input', left, '--link', leads, '--workspace', tmp.path('counted.db'), '--json']).stdout);
    expect(json.link).toMatchObject({ id_column: 'Lead ID', counts: { read: 3, loaded: 2, rejected: 1 }, rejects: { by_reason: { WRONG_CELL_COUNT: 1 } } });
    // The run's counts are both sides'.
    expect(json.counts).toMatchObject({ read: 5, loaded: 4, rejected: 1, records: 4 });
  });

  test('a bad comparison method and a blocking key on an unknown field are rule errors with paths, exit 2', () => {
    const rules = tmp.file('bad.yaml', 'job: bad\nextends: contacts\ndedupe:\n  blocking: [emial.key]\n  compare:\n    email: { method: levenstein }\n');
    const result = steward(['check', rules]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dedupe\.blocking\.0: "emial\.key" reads "emial", which is not a field/);
    expect(result.stderr).toMatch(/dedupe\.compare\.email\.method: unknown method "levenstein"; did you mean "levenshtein"\?/);
    const more = tmp.file('bad2.yaml', 'job: bad2\nextends: contacts\ndedupe:\n  blocking: [email.key]\n  compare:\n    city: jaro_winklr\n    phone: { method: phone, bogus: 1 }\n');
    const second = steward(['check', more]);
    expect(second.stderr).toMatch(/dedupe\.compare\.city: unknown method "jaro_winklr"; did you mean "jaro_winkler"\? \(.*bad2\.yaml:6\)/);
    expect(second.stderr).toMatch(/dedupe\.compare\.phone\.bogus: unknown key "bogus"; allowed: method, field, term_frequency/);
  });

  test('steward run runs dedupe when the rule file declares it; without merge, target.cluster_id exports each record\'s cluster', () => {
    const plain = tmp.path('run-plain.csv');
    const ran = steward(['run', contacts, '--input', fixture, '--output', plain, '--workspace', tmp.path('run0.db'), '--json']);
    expect(JSON.parse(ran.stdout).stages).toEqual(['import', 'normalize', 'dedupe', 'merge', 'export (golden records)']);
    expect(Object.keys(csv(plain)[0]!)).not.toContain('cluster_id');
    // merge: null takes the inherited merge section out: one row per record, with its cluster.
    const rules = tmp.file('clustered.yaml', 'job: clustered\nextends: contacts\nmerge: null\ntarget: { cluster_id: true }\n');
    const out = tmp.path('run.csv');
    expect(steward(['run', rules, '--input', fixture, '--output', out, '--workspace', tmp.path('run.db')]).code).toBe(0);
    const rows = csv(out);
    expect(Object.keys(rows[0]!).slice(0, 2)).toEqual(['source_id', 'cluster_id']);
    expect(rows.find((r) => r['source_id'] === 'C-02')!['cluster_id']).toBe('C-01');
    const out2 = tmp.path('run2.csv');
    expect(steward(['run', rules, '--input', fixture, '--output', out2, '--until', 'normalize', '--workspace', tmp.path('run2.db')]).code).toBe(0);
    expect(Object.keys(csv(out2)[0]!)).not.toContain('cluster_id');
  });
});

describe('steward dedupe after review apply', () => {
  test('the review file keeps decided pairs with their decision; the summary counts what is still undecided', () => {
    const input = path.join(repoRoot, 'docs/examples/contacts-review.csv');
    const workspace = tmp.path('decided.db');
    const review = tmp.path('decided-review.csv');
    const first = steward(['dedupe', '--rules', contacts, '--input', input, '--review-out', review, '--workspace', workspace]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/, 3 to review\n/);
    const rows = readFileSync(review, 'utf8').trim().split('\n');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3).join(','))).toEqual(['C-1033,C-2058,', 'C-1045,C-2060,', 'C-1057,C-2062,']);
    const decisions = tmp.file('decided.csv', 'id_a,id_b,decision\nC-2058,C-1033,match\nC-1057,C-2062,distinct\n');
    const applied = steward(['review', 'apply', decisions, '--rules', contacts, '--workspace', workspace]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/, 1 to review \(2 more already decided\)\n/);
    const again = steward(['dedupe', '--rules', contacts, '--input', input, '--review-out', review, '--workspace', workspace, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).counts).toMatchObject({ review_pairs: 1, decided_pairs: 2 });
    const after = readFileSync(review, 'utf8').trim().split('\n');
    expect(after[0]).toBe(rows[0]);
    expect(after.slice(1).map((r) => r.split(',').slice(0, 3).join(','))).toEqual(['C-1033,C-2058,match', 'C-1045,C-2060,', 'C-1057,C-2062,distinct']);
  });
});

describe('steward dedupe on a small input', () => {
  test('too few pairs to learn from: fixed default m, said in a note; colleagues sharing a surname at one office stay apart', () => {
    const office = tmp.file(
      'office.csv',
      [
        'Contact ID,First Name,Last Name,Email,Phone,Company,Street,City,Zip',
        'F-01,Karen,Foster,karen.foster@fabrikam.com,(512) 555-6150,Fabrikam Inc,300 Congress Ave,Austin,78701',
        'F-02,Paul,Foster,paul.foster@fabrikam.com,(512) 555-9427,Fabrikam Inc,300 Congress Ave,Austin,78701',
        'F-03,Thomas,Foster,thomas.foster@fabrikam.com,(512) 555-1721,Fabrikam Inc,300 Congress Ave,Austin,78701',
        'F-04,Nancy,Foster,nancy.foster@fabrikam.com,(512) 555-1156,Fabrikam Inc,300 Congress Ave,Austin,78701',
        'F-05,Karen,Foster,k.foster@gmail.com,(512) 555-6150,Fabrikam,300 Congress Avenue,Austin,78701',
        'F-06,Lisa,Gray,lisa.gray@contoso.com,(312) 555-1520,Contoso Ltd,1 Wacker Dr,Chicago,60601',
        'F-07,Mark,Gray,mark.gray@contoso.com,(312) 555-3658,Contoso Ltd,1 Wacker Dr,Chicago,60601',
        'F-08,Lisa,Gray,lisa.gray@contoso.com,,Contoso,1 Wacker Drive,Chicago,60601',
        'F-09,Anne,Price,anne.price@litware.com,(206) 555-6652,Litware,400 Pine St,Seattle,98101',
        'F-10,John,Price,john.price@litware.com,(206) 555-4933,Litware,400 Pine St,Seattle,98101',
        '',
      ].join('\n'),
    );
    const out = tmp.path('office-clusters.csv');
    const result = steward(['dedupe', '--rules', contacts, '--input', office, '--clusters-out', out, '--workspace', tmp.path('office.db')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('100.0% of candidate pairs match');
    expect(result.stdout).toMatch(/note {7}too few pairs to learn the model from: \d+ candidate pairs, fewer than 50 in each blocking rule's blocks; every comparison used fixed default probabilities \(matches agree 9 times in 10\)\. Better: --model with a model saved from a bigger run \(--model-out\)/);
    const cluster = new Map(csv(out).map((r) => [r['record_id'], r['cluster_id']]));
    expect(new Set(['F-01', 'F-02', 'F-03', 'F-04'].map((id) => cluster.get(id))).size).toBe(4);
    expect([cluster.get('F-07'), cluster.get('F-09'), cluster.get('F-10')]).toEqual(['F-07', 'F-09', 'F-10']);
    // The duplicates are still found: Karen Foster from her private address with her phone, Lisa Gray twice.
    expect([cluster.get('F-05'), cluster.get('F-08')]).toEqual(['F-01', 'F-06']);
    const json = JSON.parse(steward(['dedupe', '--rules', contacts, '--input', office, '--workspace', tmp.path('office.db'), '--json']).stdout);
    expect(json.dedupe.model.priors).toHaveLength(json.dedupe.model.comparisons.length);
    // A bigger input trains its model: no note.
    const big = JSON.parse(steward(['dedupe', '--rules', contacts, '--input', path.join(repoRoot, 'docs/examples/contacts-review.csv'), '--workspace', tmp.path('bigger.db'), '--json']).stdout);
    expect(big.dedupe.model.priors).toEqual([]);
    expect(big.messages.join('\n')).not.toContain('too few pairs');
  });
});

describe('steward dedupe --labels', () => {
  test('m comes from the labelled pairs and is kept; the prior is estimated with that m held fixed', () => {
    const labels = tmp.file('labels.csv', 'id_a,id_b\nC-01,C-02\nC-03,C-04\nC-09,C-10\nC-11,C-12\nC-19,C-20\n');
    const model = tmp.path('labelled-model.json');
    const result = steward(['dedupe', '--rules', contacts, '--input', fixture, '--labels', labels, '--model-out', model, '--workspace', tmp.path('labels.db'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const trained = JSON.parse(readFileSync(model, 'utf8'));
    expect(trained.training.mFrom).toBe('labels');
    const email = trained.comparisons.find((c: { name: string }) => c.name === 'email');
    // Four of the five labelled pairs share the address exactly (C-01/C-02 only its match key): (4 + 0.5) / (5 + 5 × 0.5).
    expect(email.m[0]).toBeCloseTo(0.6, 6);
    expect(trained.lambda).toBeGreaterThan(0);
    expect(trained.lambda).toBeLessThan(1);
  });
});

describe('rules/companies.yaml', () => {
  test('accounts: legal-form variants, web domains and phone formats of one company form one cluster; namesakes in two countries do not', () => {
    const rules = path.join(repoRoot, 'rules/companies.yaml');
    const out = tmp.path('accounts.csv');
    const result = steward(['dedupe', '--rules', rules, '--input', path.join(repoRoot, 'fixtures/dedupe/accounts-dupes.csv'), '--clusters-out', out, '--workspace', tmp.path('accounts.db')]);
    expect(result.code, result.stderr).toBe(0);
    const evaluation = JSON.parse(steward(['evaluate', '--clusters', out, '--truth', path.join(repoRoot, 'fixtures/dedupe/accounts-dupes.truth.csv'), '--json']).stdout);
    expect(evaluation).toMatchObject({ precision: 1, recall: 1, unknownIds: 0 });
  });
});
