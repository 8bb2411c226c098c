import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { beforeEach, describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { query } from '../helpers/postgres.js';
import { sqlStatements, testDatabases } from '../helpers/test-databases.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/**
 * Docs run: every command of every recipe in docs/ is run here, in order, in a copy of docs/, against a test
 * database; each recipe's test checks the exit codes and what the commands left behind, and every ```text block
 * under a ```sh block is the real output of that block's last command (lines compared, `…` standing for anything).
 */
const docsDir = path.join(repoRoot, 'docs');
/** The database URL the recipes write; the test's own database stands in for it, in commands and in output. */
const DOC_URL = 'postgres://localhost/crm';

interface Step {
  readonly line: string;
  /** The ```text block shown after this command, if any. */
  readonly shown?: string;
}

/** The commands of a recipe, one per shell line (comments dropped), each with the output the recipe shows after it. */
function recipe(file: string): { text: string; steps: Step[]; blocks: { lang: string; body: string }[] } {
  const text = readFileSync(path.join(docsDir, file), 'utf8');
  const blocks = [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
  const steps: { line: string; shown?: string }[] = [];
  blocks.forEach((block, i) => {
    if (block.lang === 'text' && blocks[i - 1]?.lang === 'sh') steps[steps.length - 1]!.shown = block.body;
    if (block.lang !== 'sh') return;
    for (const raw of block.body.replace(/\\\n\s*/g, ' ').split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line !== '' && !line.startsWith('#')) steps.push({ line });
    }
  });
  return { text, steps, blocks };
}

/** Splits a command line into words: double and single quotes, as a shell would for these lines. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly rows?: Record<string, unknown>[];
}

const tmp = tempDir();
const databases = testDatabases(['postgres']);

/**
 * A recipe walked by a person: a fresh copy of docs/, the shell lines run one by one. `run(fragment, code)` runs
 * the next line, which must contain `fragment`, and expects its exit code; `done()` checks that none was left out.
 * Only the commands the recipes use are understood (steward, psql -f/-c, sqlite3, export): any other line fails.
 */
function walk(file: string) {
  const { text, steps } = recipe(file);
  const work = tmp.path(file.replace(/\.md$/, ''));
  mkdirSync(work);
  cpSync(docsDir, path.join(work, 'docs'), { recursive: true, filter: (src) => !src.includes('.steward') });
  const pgUrl = databases.url.postgres!;
  const env: Record<string, string> = {};
  const fromDoc = (value: string) => value.split(DOC_URL).join(pgUrl);
  // steward prints the URL with its password masked.
  const toDoc = (value: string) => value.split(pgUrl).join(DOC_URL).split(pgUrl.replace(/:[^:@/]+@/, ':***@')).join(DOC_URL);
  const expand = (line: string) => line.replace(/\$\{?(\w+)\}?/g, (_m, name: string) => env[name] ?? '');
  let next = 0;

  async function execute(line: string, extraEnv: Record<string, string> = {}): Promise<Result> {
    const args = words(expand(fromDoc(line)));
    const [command, ...rest] = args;
    if (command === 'export') {
      const [name, ...value] = rest.join(' ').split('=');
      env[name!] = fromDoc(value.join('='));
      return { code: 0, stdout: '', stderr: '' };
    }
    if (command === 'node' && rest[0] === 'bin/steward.js') return steward(rest.slice(1), { cwd: work, env: { ...env, ...extraEnv } });
    if (command === 'psql') {
      const [url, flag, argument] = rest;
      if (flag === '-f') {
        for (const statement of sqlStatements(argument!, work)) await query(url!, statement);
        return { code: 0, stdout: '', stderr: '' };
      }
      if (flag === '-c') {
        const rows = await query(url!, argument!);
        return { code: 0, stdout: rows.map((r) => Object.values(r).join('|')).join('\n'), stderr: '', rows };
      }
    }
    if (command === 'sqlite3') {
      const db = new Database(path.join(work, rest[0]!), { readonly: true, fileMustExist: true });
      try {
        const rows = db.prepare(rest[1]!).all() as Record<string, unknown>[];
        return { code: 0, stdout: rows.map((r) => Object.values(r).join('|')).join('\n'), stderr: '', rows };
      } finally {
        db.close();
      }
    }
    throw new Error(`${file}: the docs test does not know how to run "${line}"`);
  }

  return {
    text,
    work,
    env,
    /** The file a recipe wrote, relative to the copy's root. */
    read: (name: string) => readFileSync(path.join(work, name), 'utf8'),
    write: (name: string, content: string) => writeFileSync(path.join(work, name), content),
    async run(fragment: string, code = 0): Promise<Result> {
      const step = steps[next++];
      expect(step, `${file}: no command left for "${fragment}"`).toBeDefined();
      expect(step!.line, `${file}: the commands are not in the order the test expects`).toContain(fragment);
      const result = await execute(step!.line);
      expect(result.code, `${step!.line}\n${result.stdout}\n${result.stderr}`).toBe(code);
      if (code === 0) expect(result.stderr, step!.line).toBe('');
      if (step!.shown !== undefined) expectShown(step!.shown, toDoc(`${result.stdout}\n${result.stderr}`), step!.line);
      return { ...result, stdout: toDoc(result.stdout), stderr: toDoc(result.stderr) };
    },
    /** Runs an earlier command of the recipe once more, as a person would (with `extraEnv` set). */
    async again(fragment: string, extraEnv: Record<string, string> = {}): Promise<Result> {
      const step = steps.slice(0, next).findLast((s) => s.line.includes(fragment));
      expect(step, `${file}: no command so far contains "${fragment}"`).toBeDefined();
      const result = await execute(step!.line, extraEnv);
      return { ...result, stdout: toDoc(result.stdout), stderr: toDoc(result.stderr) };
    },
    done() {
      expect(steps.slice(next).map((s) => s.line), `${file}: commands the test did not run`).toEqual([]);
    },
  };
}

/** Every line the recipe shows is a line of the real output (`…` stands for any text; a line of only `…` is skipped). */
function expectShown(shown: string, output: string, line: string): void {
  const lines = output.split('\n').map((l) => l.trimEnd());
  for (const expected of shown.split('\n').map((l) => l.trimEnd())) {
    if (expected.trim() === '' || expected.trim() === '…') continue;
    const pattern = new RegExp(`^${expected.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    expect(
      lines.some((l) => pattern.test(l)),
      `${line}: the recipe shows\n  ${expected}\nbut the output has no such line:\n${output}`,
    ).toBe(true);
  }
}

async function rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return query<T>(databases.url.postgres!, sql);
}

describe.skipIf(!databases.available.postgres)('docs/ recipes', () => {
  beforeEach(async () => {
    await rows('drop table if exists customers, customers_scratch, contacts cascade');
  });

  test('migrate-csv-to-postgres.md: rejects counted, the typed table loaded, a re-run adds nothing, a failed run resumes', async () => {
    const w = walk('migrate-csv-to-postgres.md');
    await w.run('export CRM_DATABASE_URL=');
    await w.run('psql "$CRM_DATABASE_URL" -f docs/examples/customers.sql');
    await w.run('steward.js check docs/examples/migrate.yaml');
    const first = await w.run('steward.js run docs/examples/migrate.yaml');
    expect(first.stdout).toContain('read       12 rows = 9 loaded + 3 rejected');
    const rejects = await w.run('from stw_rejects');
    expect(rejects.rows!.map((r) => r['code'])).toEqual(['REQUIRED_MISSING', 'WRONG_CELL_COUNT', 'DUPLICATE_ID']);
    const refused = await w.run('from stw_export_rejects');
    expect(refused.rows).toEqual([{ record_id: '1011', code: 'TOO_LONG', value: 'Narnia' }]);
    const shown = await w.run('from customers order by source_id limit 3');
    expect(shown.rows).toEqual([
      { source_id: '1001', full_name: 'Hans Müller', phone: '+49301234567', country: 'DE', created_at: new Date('2019-04-03T00:00:00') },
      { source_id: '1002', full_name: 'Anna Schmidt', phone: '+49895550101', country: 'DE', created_at: new Date('2020-11-17T00:00:00') },
      { source_id: '1003', full_name: "Peter O'Brien", phone: '+12125550199', country: 'US', created_at: new Date('2021-01-05T00:00:00') },
    ]);
    const before = await rows('select * from customers order by source_id');
    await w.run('steward.js run docs/examples/migrate.yaml');
    const count = await w.run('select count(*) from customers');
    expect(count.rows).toEqual([{ count: '8' }]);
    expect(await rows('select * from customers order by source_id')).toEqual(before);
    await w.run('--create');
    expect(await rows('select count(*)::int as n from customers_scratch')).toEqual([{ n: 9 }]);
    w.done();

    // What the recipe says of a run that fails half-way: a lock on a row of the second chunk stops it, and the
    // same command run again resumes after the first chunk.
    const locker = new pg.Client({ connectionString: databases.url.postgres });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query("select * from customers where source_id = '1009' for update");
      const failed = await w.again('steward.js run docs/examples/migrate.yaml', { STEWARD_LOCK_TIMEOUT: '1' });
      expect(failed.code, failed.stderr).toBe(3);
      expect(failed.stderr).toContain('rows 1 to 4 are committed; run the export again to resume after them');
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    const resumed = await w.again('steward.js run docs/examples/migrate.yaml');
    expect(resumed.code, resumed.stderr).toBe(0);
    const said = /resumed at row 5: rows 1 to 4 were written by the interrupted run/.exec(resumed.stdout)?.[0];
    expect(said).toBeDefined();
    expect(w.text.replace(/\s+/g, ' ')).toContain(said);
    expect(await rows('select * from customers order by source_id')).toEqual(before);
  });

  test('clean-in-place.md: the dry run writes nothing, the clean writes the clean values, undo restores the table exactly', async () => {
    const w = walk('clean-in-place.md');
    await w.run('export CRM_DATABASE_URL=');
    await w.run('-f docs/examples/crm-contacts.sql');
    const table = () => rows('select * from contacts order by id');
    const original = await table();
    expect(original).toHaveLength(318);
    await w.run('--in-place --dry-run');
    expect(await table()).toEqual(original);
    await w.run('normalize docs/examples/crm.yaml --in-place');
    const cleaned = await table();
    expect(cleaned[0]).toMatchObject({ id: 1, first_name: 'Robert', last_name: 'McDonald', email: 'robert.mcdonald@gmail.com', phone: '+14155552671', country: 'US' });
    expect(cleaned.find((r) => r['id'] === 8)).toMatchObject({ email: 'N/A', phone: '+4989987654' });
    await w.run('undo docs/examples/crm.yaml --run last');
    expect(await table()).toEqual(original);
    w.done();

    // What the recipe says of an edit made after the clean: undo refuses and changes nothing.
    expect((await w.again('normalize docs/examples/crm.yaml --in-place')).code).toBe(0);
    await rows("update contacts set phone = '+1 415 555 2671 (cell)' where id = 1");
    const edited = await table();
    const refused = await w.again('undo docs/examples/crm.yaml --run last');
    expect(refused.code).toBe(2);
    // The recipe's run was the second of its workspace; this one is the fourth.
    expect(w.text.replace(/\s+/g, ' ')).toContain(refused.stderr.trim().replace('since run 4 wrote', 'since run 2 wrote'));
    expect(await table()).toEqual(edited);
  });

  test('review-duplicates.md: the review file has the uncertain pairs, the decisions re-cluster, merge writes the golden records', async () => {
    const w = walk('review-duplicates.md');
    await w.run('dedupe docs/examples/review.yaml');
    // The review file is the one the recipe shows (its first columns).
    const shownCsv = w.text.match(/```csv\n([\s\S]*?)```/)![1]!.trim().split('\n');
    const review = w.read('review.csv').trim().split('\n');
    expect(review).toHaveLength(shownCsv.length);
    shownCsv.forEach((line, i) => expect(review[i]!.startsWith(line), `review.csv line ${i + 1}: ${review[i]}`).toBe(true));
    await w.run('explain --rules docs/examples/review.yaml C-1045 C-2060');
    // The person's part: the decisions the recipe describes, written into review.csv.
    const decided = review.map((line) => line.replace(/^(C-1033,C-2058),,/, '$1,match,').replace(/^(C-1057,C-2062),,/, '$1,distinct,'));
    w.write('review.csv', `${[...decided, 'C-1063,C-2063,distinct'].join('\n')}\n`);
    expect(w.read('clusters.csv')).toContain('C-2063,C-1063\n');
    await w.run('review apply review.csv');
    const clusters = new Map(w.read('clusters.csv').trim().split('\n').slice(1).map((l) => l.split(',') as [string, string]));
    expect(clusters.size).toBe(306);
    expect([clusters.get('C-2058'), clusters.get('C-2062'), clusters.get('C-2063'), clusters.get('C-2060')]).toEqual(['C-1033', 'C-2062', 'C-2063', 'C-2060']);
    await w.run('merge docs/examples/review.yaml');
    await w.run('export docs/examples/review.yaml');
    const golden = w.read('docs/examples/golden.csv').trim().split('\n');
    expect(golden).toHaveLength(1 + new Set(clusters.values()).size);
    expect(golden.find((l) => l.startsWith('C-1033,'))).toMatch(/^C-1033,C-1033;C-2058,Sarah,Lambert,sarah\.lambert@northwind\.com,.*sarah@lambert\.me/);
    w.done();

    // What the recipe says of a decision that is not match, distinct or empty.
    w.write('review.csv', 'id_a,id_b,decision\nC-1045,C-2060,yes\n');
    const refused = await w.again('review apply review.csv');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('decision must be match, distinct or empty, got "yes"');
  });

  test('audit-in-ci.md: the shipped checks warn (exit 0), the CI bars fail (exit 1) with JUnit and Markdown reports; the CI job runs the same command', async () => {
    const w = walk('audit-in-ci.md');
    await w.run('export CRM_DATABASE_URL=');
    await w.run('-f docs/examples/crm-contacts.sql');
    const shipped = await w.run('audit --rules docs/examples/crm.yaml', 0);
    expect(shipped.stdout).toContain('11 passed, 1 warned, 0 failed');
    const ci = await w.run('audit --rules docs/examples/crm-ci.yaml', 1);
    const junit = w.read('audit.xml');
    expect(junit).toContain('<testsuites name="steward audit" tests="12" failures="1"');
    const markdown = w.read('audit.md');
    // What the recipe shows of the two reports is in them.
    for (const lang of ['xml', 'markdown']) {
      const shown = w.text.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'))![1]!.trim().split('\n');
      for (const line of shown) expect(lang === 'xml' ? junit : markdown).toContain(line.trim());
    }
    w.done();
    // The GitHub Actions job is valid YAML and runs the command walked above.
    const job = parseYaml(w.text.match(/```yml\n([\s\S]*?)```/)![1]!) as { jobs: { audit: { steps: { run?: string }[] } } };
    const runs = job.jobs.audit.steps.map((s) => s.run).filter((r) => r !== undefined);
    const walked = recipe('audit-in-ci.md').steps.find((s) => s.line.includes('crm-ci.yaml'))!.line;
    expect(runs).toContain(walked);
    expect(ci.stdout).toContain('audit fail: 318 records, 12 checks');
  });

  test('link-incoming-file.md: each lead linked to its CRM contact or new, the reviewed links applied to the link', async () => {
    const w = walk('link-incoming-file.md');
    await w.run('export CRM_DATABASE_URL=');
    await w.run('-f docs/examples/crm-contacts.sql');
    await w.run('--model-out crm-model.json');
    expect(JSON.parse(w.read('crm-model.json'))).toHaveProperty('comparisons');
    await w.run('--link docs/examples/incoming-leads.csv --model crm-model.json --clusters-out links.csv --review-out links-review.csv');
    const links = () => new Map(w.read('links.csv').trim().split('\n').slice(1).map((l) => l.split(',') as [string, string]));
    const first = links();
    expect(first.size).toBe(318 + 10);
    const leads = (map: Map<string, string>) => Object.fromEntries([...map].filter(([id]) => id.startsWith('L-')));
    expect(leads(first)).toEqual({ 'L-01': '1', 'L-02': '2', 'L-03': '5', 'L-04': 'L-04', 'L-05': '3', 'L-06': 'L-06', 'L-07': '10', 'L-08': 'L-08', 'L-09': '15', 'L-10': 'L-10' });
    // What the recipe shows of links.csv and links-review.csv is in them.
    const [shownLinks, shownReview] = [...w.text.matchAll(/```csv\n([\s\S]*?)```/g)].map((m) => m[1]!.trim().split('\n'));
    for (const line of shownLinks!) expect(w.read('links.csv')).toContain(`\n${line}\n`);
    const review = w.read('links-review.csv').trim().split('\n');
    expect(review).toHaveLength(shownReview!.length);
    shownReview!.forEach((line, i) => expect(review[i]!.startsWith(line), review[i]).toBe(true));
    // The person's part: the decisions the recipe describes.
    w.write('links-review.csv', `${review.map((l) => l.replace(/^(305,L-09),,/, '$1,match,').replace(/^(18,L-10),,/, '$1,distinct,')).join('\n')}\n`);
    const applied = await w.run('review apply links-review.csv');
    expect(applied.stdout).toContain('2 decisions stored (1 match, 1 distinct; 0 rows left undecided)');
    const after = links();
    expect(after.size).toBe(328);
    expect([after.get('305'), after.get('L-09'), after.get('15'), after.get('L-10'), after.get('18')]).toEqual(['15', '15', '15', 'L-10', '18']);
    w.done();
  });

});

describe('docs/', () => {
  test('the index links every recipe, and the main README links the index', () => {
    const index = readFileSync(path.join(docsDir, 'README.md'), 'utf8');
    const recipes = ['migrate-csv-to-postgres.md', 'clean-in-place.md', 'review-duplicates.md', 'audit-in-ci.md', 'link-incoming-file.md'];
    for (const name of recipes) expect(index).toContain(`](${name})`);
    expect(readFileSync(path.join(repoRoot, 'README.md'), 'utf8')).toContain('](docs/README.md)');
  });
});
