import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { expectJobRunsClean, expectMapping, initMapping } from '../helpers/init-job.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/**
 * A second blind test of issue 9 (the first set had been fixed against): four exports from sources unlike the first
 * set's (Pipedrive, an Italian accounting program in Windows-1252, a Japanese ledger in Shift_JIS, Mailchimp), each
 * with the mapping a person would make beside it (fixtures/unseen-blind2/README.md), written before the author read
 * profile and init. A list in an expectation means either answer is fair.
 */
const DIR = path.join(repoRoot, 'fixtures/unseen-blind2');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((file) => ({
    file,
    expected: JSON.parse(readFileSync(path.join(DIR, file.replace(/\.csv$/, '.expected.json')), 'utf8')) as Record<string, string | null | (string | null)[]>,
  }));

/** The encoding each file is in; shift_jis is read as its Windows superset (CP932) by iconv-lite. */
const ENCODINGS: Readonly<Record<string, string>> = {
  'anagrafica-clienti.csv': 'windows-1252',
  'kokyaku-daicho.csv': 'shift_jis',
  'mailchimp-subscribed.csv': 'utf-8',
  'pipedrive-people.csv': 'utf-8',
};

test('the second blind set is all there', () => {
  expect(FILES.map((f) => f.file)).toEqual(Object.keys(ENCODINGS));
});

describe.each(FILES)('steward init, second blind set: $file', ({ file, expected }) => {
  const tmp = tempDir();
  copyFileSync(path.join(DIR, file), tmp.path(file));

  test('profile sniffs the encoding', () => {
    const r = steward(['profile', file, '--json'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const profile = JSON.parse(r.stdout) as { encoding: { value: string } };
    expect(profile.encoding.value).toBe(ENCODINGS[file]);
  });

  test('init maps every column a person would map, and leaves the others', () => {
    const out = initMapping(tmp.dir, file);
    expectMapping(out.mapping, expected);
    // An unmapped column is listed and kept, never dropped.
    for (const column of Object.keys(expected)) if ((out.mapping[column] ?? null) === null) expect(out.unmapped).toContain(column);
  });

  test('check, run and audit work on it without edits, every row loaded', () => {
    expectJobRunsClean(tmp.dir);
  });
});
