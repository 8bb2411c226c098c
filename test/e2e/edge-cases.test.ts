import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { steward } from '../helpers/cli.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const contacts = path.join(repoRoot, 'rules/contacts.yaml');
let pgUrl: string | undefined;
let drop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  const server = postgresServer();
  if (server) ({ url: pgUrl, drop } = await createTestDatabase(server));
});
afterAll(async () => drop?.());

describe('edge cases', () => {
  test('options without a location (encoding, delimiter) apply to --input', () => {
    const rules = tmp.file('enc.yaml', 'job: enc\nextends: contacts\nsource: { encoding: windows-1252, delimiter: ";" }\n');
    const input = tmp.file('w1252.csv', iconv.encode('Legacy ID;Vorname;Nachname\n1;Jürgen;Groß\n2;Zoë;“Smart”\n', 'windows-1252'));
    const result = steward(['run', rules, '--input', input, '--output', tmp.path('enc.jsonl'), '--until', 'import', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).counts).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
    expect(readFileSync(tmp.path('enc.jsonl'), 'utf8')).toContain('"first_name":"Jürgen","last_name":"Groß"');
  });

  test('a field the job maps itself takes its column before the shipped spellings', () => {
    const rules = tmp.file('own.yaml', 'job: own\nextends: contacts\nfields:\n  job_title_raw: { from: [Title], required: true }\n');
    const input = tmp.file('own.csv', 'ID,Title,Email\n1,CEO,a@x.com\n');
    const result = steward(['run', rules, '--input', input, '--output', tmp.path('own.csv.out.csv'), '--until', 'import', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).mapping).toMatchObject({ job_title_raw: ['Title'] });
  });

  test('a field named like a property of every object (constructor) is exported as any other', () => {
    const rules = tmp.file('ctor.yaml', 'job: ctor\nsource: { id: id }\nfields: { constructor: note }\n');
    const input = tmp.file('ctor.csv', 'id,note\n1,hello\n2,\n');
    const out = tmp.path('ctor-out.csv');
    const result = steward(['run', rules, '--input', input, '--output', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('source_id,constructor\n1,hello\n2,\n');
  });

  test('a lone CR inside a cell is quoted: steward reads its own export back', () => {
    const input = tmp.file('cr.csv', 'Legacy ID,Notes\n1,"line1\rline2"\n2,ok\n');
    const out = tmp.path('cr-out.csv');
    expect(steward(['run', contacts, '--input', input, '--output', out, '--until', 'import', '--workspace', tmp.path('cr.db')]).code).toBe(0);
    const again = steward(['run', contacts, '--input', out, '--output', tmp.path('cr-again.csv'), '--until', 'import', '--workspace', tmp.path('cr2.db'), '--json']);
    expect(JSON.parse(again.stdout).counts).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
  });

  test('a .tsv output is tab-separated', () => {
    const input = tmp.file('t.csv', 'Legacy ID,First Name\n1,Ann\n');
    expect(steward(['run', contacts, '--input', input, '--output', tmp.path('t.tsv'), '--workspace', tmp.path('t.db')]).code).toBe(0);
    expect(readFileSync(tmp.path('t.tsv'), 'utf8')).toBe('golden_id\trecord_ids\tfirst_name\n1\t1\tAnn\n');
  });

  test('JSON Lines with NUL characters: the line is rejected, not loaded to fail a database later', () => {
    const input = tmp.file('nul.jsonl', '{"id":"1","email":"a@x.com"}\n{"id":"2","note":"a\\u0000b"}\n');
    const result = steward(['run', contacts, '--input', input, '--output', tmp.path('nul.csv'), '--workspace', tmp.path('nul.db'), '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ counts: { read: 2, loaded: 1, rejected: 1 }, rejects: { by_reason: { NUL_BYTE: 1 } } });
  });

  test('a folder as the rule file is an input error; passwords in query strings and mistyped schemes never show', () => {
    const folder = steward(['check', tmp.dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is not a file');
    const typo = steward(['run', contacts, '--input', path.join(repoRoot, 'fixtures/legacy-contacts.csv'), '--output', 'postgress://u:hunter2@127.0.0.1/db#t', '--workspace', tmp.path('typo.db'), '--json']);
    expect(typo.code).toBe(2);
    expect(typo.stdout + typo.stderr).not.toContain('hunter2');
    const param = steward(['run', contacts, '--input', path.join(repoRoot, 'fixtures/legacy-contacts.csv'), '--output', 'postgres://u@127.0.0.1:1/db?password=hunter2#t', '--workspace', tmp.path('pw.db')]);
    expect(param.code).toBe(3);
    expect(param.stdout + param.stderr).not.toContain('hunter2');
  });

  test.each([
    [['run', 'rules/contacts.yaml', '--bogus', '--json'], "unknown option '--bogus'"],
    [['check', '--json'], "missing required argument 'rules'"],
    [['nosuch', '--json'], "unknown command 'nosuch'"],
  ])('a usage error with --json also prints the error as JSON on stdout: %j', (args, message) => {
    const result = steward(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${message}`);
    expect(JSON.parse(result.stdout)).toEqual({ status: 'error', code: 'USAGE', message });
  });

  test('--help and --version with --json print no error object', () => {
    for (const args of [['--help', '--json'], ['--version', '--json']]) {
      const result = steward(args);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('"USAGE"');
    }
  });

  test('a missing map file is found by check (exit 2 with file:line), so run never reaches a bare ENOENT', () => {
    const rules = tmp.file('nomap.yaml', 'job: nomap\nextends: contacts\nfields:\n  title:\n    normalize: [{ map: { file: nosuch.csv } }]\n');
    const check = steward(['check', rules]);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/✖ fields\.title\.normalize\.0\.map\.file: the map file "nosuch\.csv" does not exist.*\(.*nomap\.yaml:5\)/);
    const run = steward(['run', rules, '--input', path.join(repoRoot, 'fixtures/legacy-contacts.csv'), '--output', tmp.path('nomap.csv'), '--workspace', tmp.path('nomap.db'), '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'error', code: 'RULES_INVALID', issues: [{ path: 'fields.title.normalize.0.map.file', line: 5 }] });
    expect(run.stdout + run.stderr).not.toContain('ENOENT');
  });

  test.runIf(postgresServer() !== null)('PostgreSQL dates and timestamps come out as the server wrote them, whatever the time zone', async () => {
    await query(pgUrl!, "create table born (id int primary key, birth_date date, created_at timestamp); insert into born values (1, '2020-02-03', '2021-03-04 10:22:00')");
    for (const tz of ['Europe/Berlin', 'America/Los_Angeles']) {
      const out = tmp.path(`born-${tz.replace('/', '-')}.csv`);
      const result = steward(['run', contacts, '--input', `${pgUrl}#born`, '--output', out, '--until', 'import', '--workspace', tmp.path(`born-${tz.replace('/', '-')}.db`)], { env: { TZ: tz } });
      expect(result.code, result.stderr).toBe(0);
      const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
      expect([rows[0]!['birth_date'], rows[0]!['created_at']]).toEqual(['2020-02-03', '2021-03-04 10:22:00']);
    }
  });
});
