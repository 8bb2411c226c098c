import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { createTestDatabase, postgresServer, query } from '../helpers/postgres.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/** Docs run: every steward command and the rule-file example in the README are run here. */
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(sh|yaml)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
const commands = blocks
  .filter((b) => b.lang === 'sh')
  .flatMap((b) => b.body.split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.includes('node bin/steward.js'));

/** Splits a command line into arguments (double quotes only, as the README uses). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const tmp = tempDir();
let pgUrl: string | undefined;
let drop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  const server = postgresServer();
  if (server) ({ url: pgUrl, drop } = await createTestDatabase(server));
});
afterAll(async () => drop?.());

describe('README', () => {
  test('has the two fresh-machine commands', () => {
    expect(commands[0]).toBe('npm ci && node bin/steward.js run rules/contacts.yaml --input fixtures/legacy-contacts.csv');
    expect(readme).toContain('```sh\nnpm ci && npm test\n```');
  });

  test('every steward command in it runs, in a copy of the repository files it names', () => {
    const work = tmp.path('repo');
    mkdirSync(work);
    cpSync(path.join(repoRoot, 'rules'), path.join(work, 'rules'), { recursive: true, filter: (src) => !src.includes('.steward') });
    cpSync(path.join(repoRoot, 'fixtures'), path.join(work, 'fixtures'), { recursive: true });
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const line of commands) {
      const args = words(line.replace(/^npm ci && /, '')).slice(2);
      const isPostgres = args.some((a) => a.startsWith('postgres://'));
      if (isPostgres && !pgUrl) continue;
      const resolved = args.map((a) => (a.startsWith('postgres://') ? `${pgUrl}#${a.split('#')[1]}` : a));
      const result = steward(resolved, { cwd: work });
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      expect(result.stderr, line).toBe('');
    }
    if (pgUrl) {
      return query(pgUrl, 'select count(*)::int as n from contacts').then((rows) => expect(rows[0]!['n']).toBe(200));
    }
    return undefined;
  });

  test('the rule-file example is valid', () => {
    const example = blocks.find((b) => b.lang === 'yaml')!.body;
    const file = tmp.file('example.yaml', example);
    const result = steward(['check', file, '--json'], { env: { CRM_DATABASE_URL: 'postgres://crm:pw@db.internal/crm' } });
    expect(result.code, result.stderr).toBe(0);
    const resolved = JSON.parse(result.stdout);
    expect(resolved.target).toMatchObject({ kind: 'postgres', location: 'postgres://crm:***@db.internal/crm', mode: 'upsert' });
    expect(result.stdout).not.toContain(':pw@');
  });
});
