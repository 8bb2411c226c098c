import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkRules, runJob, StewardError, RulesError, type RunSummary } from '../../src/index.js';
import { renderError } from '../../src/cli/render.js';
import { steward } from '../helpers/cli.js';
import { repoRoot, tempDir } from '../helpers/temp.js';
// @ts-expect-error: a plain script shared with make-corpus.mjs, no types
import { BIG_CASES, writeBigCases } from '../corpus/big-cases.mjs';

/**
 * The nasty-input corpus (test/corpus/, made by make-corpus.mjs; big files by big-cases.mjs): every case runs
 * in-process through the programmatic API, and a sample through the spawned CLI. Whatever the input: no stack
 * trace, a message that says what and where, the documented exit code, read = loaded + rejected, every reject
 * on its line with its code, and the output left as it was when the run failed.
 */
interface Expect {
  readonly file: string;
  readonly description?: string;
  readonly exit: number;
  readonly source?: Record<string, string | number>;
  readonly target?: Record<string, boolean>;
  readonly fields?: string;
  readonly env?: Record<string, string>;
  readonly counts?: { read: number; loaded: number; rejected: number };
  readonly rejects?: Record<string, string>;
  readonly error?: { code: string; message: readonly string[] };
  readonly values?: Record<string, Record<string, string>>;
  readonly lengths?: Record<string, Record<string, number>>;
  readonly output?: Record<string, Record<string, string>>;
  readonly secret?: string;
  readonly cli?: boolean;
}
interface Case {
  readonly group: 'csv' | 'jsonl' | 'rules';
  readonly name: string;
  readonly file: string;
  readonly expect: Expect;
}

const corpus = path.join(repoRoot, 'test/corpus');
const committed: Case[] = (['csv', 'jsonl', 'rules'] as const).flatMap((group) =>
  readdirSync(path.join(corpus, group))
    .filter((f) => f.endsWith('.expect.json'))
    .sort()
    .map((f) => {
      const expect = JSON.parse(readFileSync(path.join(corpus, group, f), 'utf8')) as Expect;
      return { group, name: f.replace(/\.expect\.json$/, ''), file: path.join(corpus, group, expect.file), expect };
    }),
);
/** Every case marked cli, and every 40th of the rest, also runs through the spawned CLI. */
const throughCli = new Set(committed.filter((c, i) => c.expect.cli || i % 40 === 0).map((c) => `${c.group}/${c.name}`));

const tmp = tempDir();
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** The rule file a data case runs with: the shipped contacts rules, the case's source options, a CSV target. */
function dataRules(c: Case, out: string): string {
  const kind = c.group === 'csv' ? 'csv' : 'jsonl';
  const source = { [kind]: c.file, ...(c.expect.source ?? {}) };
  const target = { csv: out, ...(c.expect.target ?? {}) };
  const text = [`job: corpus-${c.group}`, 'extends: contacts', `source: ${JSON.stringify(source)}`, `target: ${JSON.stringify(target)}`];
  if (c.expect.fields) text.push(`fields: ${c.expect.fields}`);
  return tmp.file(`${c.group}-${c.name}.yaml`, `${text.join('\n')}\n`);
}

const SENTINEL = 'the previous output, which a failed run must leave alone\n';

interface Outcome {
  readonly exit: number;
  readonly summary?: RunSummary;
  readonly error?: unknown;
  readonly rendered: string;
}

async function runInProcess(c: Case, rulesFile: string, workspace: string): Promise<Outcome> {
  try {
    const summary = await runJob(rulesFile, { workspace, until: 'normalize', cwd: tmp.dir });
    return { exit: summary.status === 'ok' ? 0 : 1, summary, rendered: summary.messages.join('\n') };
  } catch (error) {
    return { exit: error instanceof StewardError ? error.exitCode : -1, error, rendered: renderError(error) };
  }
}

function checkError(c: Case, outcome: Outcome): void {
  expect(outcome.rendered, 'no stack trace').not.toMatch(STACK_FRAME);
  if (c.expect.exit === 0 || (c.expect.exit === 1 && !c.expect.error)) return;
  expect(outcome.error, `an error, rendered: ${outcome.rendered}`).toBeInstanceOf(StewardError);
  expect(outcome.rendered, 'a planned error, not an unexpected one').not.toContain('unexpected failure');
  expect((outcome.error as StewardError).code).toBe(c.expect.error!.code);
  for (const pattern of c.expect.error!.message) expect(outcome.rendered).toMatch(new RegExp(pattern, 'i'));
  // Where: a rule-file problem names its file (and line where it has one); an input error its file.
  if (outcome.error instanceof RulesError) for (const issue of outcome.error.issues) expect(issue.file, JSON.stringify(issue)).toBeTruthy();
  else expect(outcome.rendered).toContain(path.basename(c.file));
  if (c.expect.secret) expect(outcome.rendered).not.toContain(c.expect.secret);
}

function checkWorkspace(c: Case, workspace: string): void {
  const db = new Database(workspace, { readonly: true });
  try {
    const rejects = db.prepare('select line, code, reason from stw_rejects order by line').all() as { line: number; code: string; reason: string }[];
    expect(Object.fromEntries(rejects.map((r) => [String(r.line), r.code]))).toEqual(c.expect.rejects ?? {});
    for (const r of rejects) expect(r.reason.length, `line ${r.line} has a reason`).toBeGreaterThan(10);
    const source = db.prepare('select columns from stw_sources').get() as { columns: string } | undefined;
    const columns = JSON.parse(source?.columns ?? '[]') as string[];
    expect(new Set(columns).size, `unique column names: ${columns.join(', ')}`).toBe(columns.length);
    const records = db.prepare('select line, data from stw_records order by id').all() as { line: number; data: string }[];
    expect(records.length).toBe(c.expect.counts!.loaded);
    const byLine = new Map(records.map((r) => [String(r.line), JSON.parse(r.data) as Record<string, string>]));
    for (const [line, values] of Object.entries(c.expect.values ?? {})) expect(byLine.get(line), `record on line ${line}`).toMatchObject(values);
    for (const [line, lengths] of Object.entries(c.expect.lengths ?? {})) {
      for (const [field, length] of Object.entries(lengths)) expect(byLine.get(line)?.[field]?.length, `${field} on line ${line}`).toBe(length);
    }
  } finally {
    db.close();
  }
}

function checkOutput(c: Case, out: string, outcome: Outcome): void {
  const text = readFileSync(out, 'utf8');
  if (outcome.exit !== 0) {
    expect(text, 'a failed run leaves the output as it was').toBe(SENTINEL);
    return;
  }
  expect(text).not.toBe(SENTINEL);
  const written = parse(text, { columns: true, relax_column_count: false }) as Record<string, string>[];
  expect(written.length).toBe(outcome.summary!.counts.written);
  expect(written.length).toBe(c.expect.counts!.loaded);
  const byId = new Map(written.map((r) => [r['source_id'], r]));
  for (const [id, cells] of Object.entries(c.expect.output ?? {})) expect(byId.get(id), `output row ${id}`).toMatchObject(cells);
}

async function runDataCase(c: Case): Promise<void> {
  const out = tmp.path(`${c.group}-${c.name}.out.csv`);
  writeFileSync(out, SENTINEL);
  const workspace = tmp.path(`${c.group}-${c.name}.db`);
  const outcome = await runInProcess(c, dataRules(c, out), workspace);
  checkError(c, outcome);
  expect(outcome.exit, outcome.rendered).toBe(c.expect.exit);
  if (outcome.summary) {
    const counts = outcome.summary.counts;
    expect(counts.read, 'read = loaded + rejected').toBe((counts.loaded ?? 0) + (counts.rejected ?? 0));
    expect({ read: counts.read, loaded: counts.loaded, rejected: counts.rejected }).toEqual(c.expect.counts);
    checkWorkspace(c, workspace);
  }
  checkOutput(c, out, outcome);
  expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.partial')), 'no temporary file left behind').toEqual([]);
}

function runRulesCase(c: Case): void {
  const started = process.hrtime.bigint();
  let outcome: Outcome;
  try {
    checkRules(c.file, { env: { ...(c.expect.env ?? {}) }, cwd: path.dirname(c.file) });
    outcome = { exit: 0, rendered: '' };
  } catch (error) {
    outcome = { exit: error instanceof StewardError ? error.exitCode : -1, error, rendered: renderError(error) };
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  checkError(c, outcome);
  expect(outcome.exit, outcome.rendered).toBe(c.expect.exit);
  // Bounded work whatever the file: alias bombs and deep nesting are refused, not expanded.
  expect(seconds).toBeLessThan(20);
}

/** The same case through the CLI a user runs: exit code, --json counts or error, no stack trace on stderr. */
function runThroughCli(c: Case): void {
  if (c.group === 'rules') {
    const result = steward(['check', c.file, '--json'], { cwd: path.dirname(c.file), env: c.expect.env ?? {} });
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.code, result.stderr).toBe(c.expect.exit);
    const json = JSON.parse(result.stdout) as { status: string; code?: string };
    if (c.expect.error) expect(json.code).toBe(c.expect.error.code);
    else expect(json.status).toBe('ok');
    return;
  }
  const out = tmp.path(`${c.group}-${c.name}.cli.csv`);
  writeFileSync(out, SENTINEL);
  const rulesFile = dataRules(c, out);
  const result = steward(['run', rulesFile, '--until', 'normalize', '--workspace', tmp.path(`${c.group}-${c.name}.cli.db`), '--json'], { cwd: tmp.dir });
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toContain('unexpected failure');
  expect(result.code, result.stderr).toBe(c.expect.exit);
  const json = JSON.parse(result.stdout) as { status: string; code?: string; counts?: { read: number; loaded: number; rejected: number } };
  if (c.expect.error) {
    expect(json).toMatchObject({ status: 'error', code: c.expect.error.code });
    expect(result.stderr).toMatch(/✖/);
  } else {
    expect(json.counts!.read).toBe(json.counts!.loaded + json.counts!.rejected);
    expect(json.counts).toMatchObject(c.expect.counts!);
  }
  if (c.expect.exit !== 0) expect(readFileSync(out, 'utf8')).toBe(SENTINEL);
}

describe('the nasty-input corpus', () => {
  test('holds at least 200 committed cases', () => {
    expect(committed.length).toBeGreaterThanOrEqual(200);
  });

  describe.each(committed)('$group/$name', (c) => {
    test(c.expect.description ?? c.name, async () => {
      if (c.group === 'rules') runRulesCase(c);
      else await runDataCase(c);
    });
    if (throughCli.has(`${c.group}/${c.name}`)) test('through the CLI', () => runThroughCli(c));
  });
});

describe('the big cases, built at test time', () => {
  let big: Case[] = [];
  beforeAll(() => {
    big = writeBigCases(tmp.dir) as Case[];
  });
  afterAll(() => {
    big = [];
  });
  for (const name of BIG_CASES as string[]) {
    test(name, async () => {
      const c = big.find((b) => `${b.group}/${b.name}` === name);
      expect(c, `${name} was built`).toBeDefined();
      if (c!.group === 'rules') runRulesCase(c!);
      else await runDataCase(c!);
    });
  }
  test('csv/big-line-10mb through the CLI', () => {
    runThroughCli(big.find((b) => b.name === 'big-line-10mb' && b.group === 'csv')!);
  });
});

