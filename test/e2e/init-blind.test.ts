import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { expectJobRunsClean, expectMapping, initMapping } from '../helpers/init-job.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/**
 * A blind test of issue 9's promise: five legacy exports (fixtures/unseen-blind) written, with the mapping a person
 * would make beside each, before the author read how profile and init work. init must map every column as that
 * person would (or leave it unmapped when they would), sniff the encoding, delimiter and date orders, and check,
 * run and audit must pass on what it wrote, without edits.
 */
interface Expected {
  readonly encoding: string | readonly string[];
  readonly delimiter: string;
  readonly id: string | null;
  readonly dates: Readonly<Record<string, string>>;
  readonly columns: Readonly<Record<string, string | readonly string[] | null>>;
}

interface ProfileColumn {
  readonly name: string;
  readonly kind: string;
  readonly dateOrder?: { readonly order: string };
}

const DIR = path.join(repoRoot, 'fixtures/unseen-blind');
const FILES = readdirSync(DIR)
  .filter((f) => /\.(csv|tsv)$/.test(f))
  .sort()
  .map((file) => ({ file, expected: JSON.parse(readFileSync(path.join(DIR, file.replace(/\.[^.]+$/, '.expected.json')), 'utf8')) as Expected }));

/** Names that decode these files the same: latin1 = iso-8859-1, cp1252 = windows-1252. */
function encodingKey(name: string): string {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return ({ latin1: 'iso88591', cp1252: 'windows1252' } as Record<string, string>)[key] ?? key;
}

/** The profile kind a column holding this field has, for the fields whose values have one clear kind. */
const KIND_OF_FIELD: Readonly<Record<string, string>> = {
  email: 'email', phone: 'phone', mobile: 'phone', fax: 'phone', postcode: 'postcode', country: 'country',
  birth_date: 'date', created_at: 'date', first_name: 'person_name', last_name: 'person_name', full_name: 'person_name',
};

test('the blind fixtures are all there', () => {
  expect(FILES.map((f) => f.file)).toEqual(['access-custs.csv', 'clients-fr.csv', 'crm-kehu.tsv', 'hubspot-contacts.csv', 'salesforce-contacts.csv']);
});

describe.each(FILES)('steward init, blind: $file', ({ file, expected }) => {
  const tmp = tempDir();
  copyFileSync(path.join(DIR, file), tmp.path(file));

  test('profile sniffs the encoding, the delimiter, the date orders and the kinds', () => {
    const r = steward(['profile', file, '--json'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const profile = JSON.parse(r.stdout) as { encoding: { value: string }; delimiter: { value: string }; columns: ProfileColumn[] };
    const encodings = (typeof expected.encoding === 'string' ? [expected.encoding] : expected.encoding).map(encodingKey);
    expect(encodings).toContain(encodingKey(profile.encoding.value));
    expect(profile.delimiter.value === 'tab' ? '\t' : profile.delimiter.value).toBe(expected.delimiter);
    const byName = new Map(profile.columns.map((c) => [c.name, c]));
    const orders = Object.fromEntries(Object.keys(expected.dates).map((c) => [c, byName.get(c)?.dateOrder?.order]));
    expect(orders).toEqual(expected.dates);
    const kinds: Record<string, string | undefined> = {};
    const wanted: Record<string, string> = {};
    for (const [column, field] of Object.entries(expected.columns)) {
      const kind = typeof field === 'string' ? KIND_OF_FIELD[field] : undefined;
      if (kind === undefined) continue;
      wanted[column] = kind;
      kinds[column] = byName.get(column)?.kind;
    }
    expect(kinds).toEqual(wanted);
  });

  test('init maps every column a person would map, and leaves the others', () => {
    const out = initMapping(tmp.dir, file);
    // The id column is mapped to source_id.
    expectMapping(out.mapping, { ...expected.columns, ...(expected.id === null ? {} : { [expected.id]: 'source_id' }) });
    const unmapped = Object.entries(expected.columns).filter(([column, field]) => field === null && column !== expected.id).map(([column]) => column);
    expect([...out.unmapped].sort()).toEqual(unmapped.sort());
    const text = readFileSync(tmp.path('job.yaml'), 'utf8');
    if (expected.id === null) expect(text).not.toMatch(/^\s+id: /m);
    else expect(text).toContain(`  id: ${JSON.stringify(expected.id)}`);
  });

  test('check, run and audit work on it without edits', () => {
    expectJobRunsClean(tmp.dir);
  });
});
