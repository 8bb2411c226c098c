import { copyFileSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { steward } from '../helpers/cli.js';
import { initMapping } from '../helpers/init-job.js';
import { query } from '../helpers/postgres.js';
import { tempDir, repoRoot } from '../helpers/temp.js';
import { testDatabases } from '../helpers/test-databases.js';

/**
 * Exports steward has never seen (fixtures/unseen): legacy and foreign headers, mixed date formats, several
 * countries, a semicolon-delimited Windows-1252 file, a tab file, a UTF-8 file with a BOM. `steward init` must map
 * every column a person would map, and check, run and audit must work on what it wrote, without edits.
 */
const UNSEEN: readonly { file: string; mapping: Record<string, string>; unmapped: string[]; source: Record<string, string> }[] = [
  {
    file: 'kunden-export.csv',
    mapping: {
      Cust_No: 'source_id', Anrede: 'salutation', Vorname: 'first_name', Nachname: 'last_name', 'E-Mail Adresse': 'email', 'Tel.': 'phone',
      PLZ: 'postcode', Ort: 'city', Land: 'country', DOB: 'birth_date', Bemerkung: 'notes',
    },
    unmapped: [],
    source: { encoding: '"windows-1252"', delimiter: '";"' },
  },
  {
    file: 'crm-dump.tsv',
    mapping: { Cust_No: 'source_id', Contact: 'full_name', EMAIL_ADDR: 'email', 'Tel.': 'phone', DOB: 'birth_date', Country: 'country', Employer: 'company' },
    unmapped: ['Loyalty Points'],
    source: { encoding: '"utf-8"', delimiter: '"\\t"' },
  },
  {
    file: 'clientes-es-fr.csv',
    mapping: {
      'ID Cliente': 'source_id', Nombre: 'first_name', Apellidos: 'last_name', 'Correo electrónico': 'email', Teléfono: 'phone', 'Código postal': 'postcode',
      Ciudad: 'city', País: 'country', 'Fecha de alta': 'created_at', Empresa: 'company',
    },
    unmapped: [],
    source: { encoding: '"utf-8"', delimiter: '","' },
  },
];

describe.each(UNSEEN)('steward init on an unseen export: $file', ({ file, mapping, unmapped, source }) => {
  const tmp = tempDir();
  copyFileSync(path.join(repoRoot, 'fixtures/unseen', file), tmp.path(file));
  const rules = tmp.path('job.yaml');

  test('maps every column a person would map, and says what it left', () => {
    const out = initMapping(tmp.dir, file);
    expect(out.mapping).toEqual(mapping);
    expect(out.unmapped).toEqual(unmapped);
    const text = readFileSync(rules, 'utf8');
    expect(text).toContain(`encoding: ${source.encoding}`);
    expect(text).toContain(`delimiter: ${source.delimiter}`);
    for (const column of unmapped) expect(text).toContain(`#   ${JSON.stringify(column)}:`);
  });

  test('refuses to overwrite the rule file, unless --force; the same file gives the same text', () => {
    const before = readFileSync(rules, 'utf8');
    const refused = steward(['init', file, '--out', 'job.yaml'], { cwd: tmp.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('job.yaml already exists');
    const forced = steward(['init', file, '--out', 'job.yaml', '--force'], { cwd: tmp.dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(rules, 'utf8')).toBe(before);
  });

  test('check, run and audit work on it without edits', () => {
    expect(steward(['check', 'job.yaml'], { cwd: tmp.dir }).code).toBe(0);
    const run = steward(['run', 'job.yaml', '--json'], { cwd: tmp.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { counts: { read: number; loaded: number; rejected: number; written: number } };
    expect(summary.counts.rejected).toBe(0);
    expect(summary.counts.loaded).toBe(summary.counts.read);
    expect(existsSync(tmp.path(`${path.basename(file).replace(/\.[^.]+$/, '')}.clean.csv`))).toBe(true);
    const onFile = steward(['audit', 'job.yaml', '--input', file], { cwd: tmp.dir });
    expect(onFile.code, onFile.stdout + onFile.stderr).toBe(0);
    const onWorkspace = steward(['audit', 'job.yaml'], { cwd: tmp.dir });
    expect(onWorkspace.code, onWorkspace.stdout + onWorkspace.stderr).toBe(0);
  });

  test('a regression fails the audit: the thresholds sit just under today', () => {
    // Every other row's email (or first column mapped to a field) blanked: completeness drops far below the threshold.
    const text = readFileSync(tmp.path(file), file.startsWith('kunden') ? 'latin1' : 'utf8');
    const delimiter = file.endsWith('.tsv') ? '\t' : file.startsWith('kunden') ? ';' : ',';
    const lines = text.split(/\r?\n/);
    const header = lines[0]!.replace(/^\uFEFF/, '').split(delimiter);
    const emailAt = header.findIndex((h) => mapping[h] === 'email');
    const worse = lines.map((line, i) => (i === 0 || i % 2 === 1 || line === '' ? line : line.split(delimiter).map((cell, j) => (j === emailAt ? '' : cell)).join(delimiter)));
    writeFileSync(tmp.path(`worse-${file}`), worse.join('\n'), file.startsWith('kunden') ? 'latin1' : 'utf8');
    const r = steward(['audit', 'job.yaml', '--input', `worse-${file}`, '--history', 'h.jsonl'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ email/);
  });
});

describe('steward init --target: the columns of a real PostgreSQL table', () => {
  const tmp = tempDir();
  copyFileSync(path.join(repoRoot, 'fixtures/unseen/kunden-export.csv'), tmp.path('kunden-export.csv'));
  const { available, url } = testDatabases(['postgres'], {
    postgres: async (db) => {
      await query(
        db,
        `create table kunden (id serial primary key, legacy_id text unique, vorname text, nachname text, e_mail text, telefon text not null,
         plz text, ort text, land char(2), geburtsdatum date, anrede text, notes text)`,
      );
    },
  });

  test.skipIf(!available.postgres)('maps the fields to its columns, keys the upsert by its unique id column, and run loads it', async () => {
    const target = `${url.postgres}#kunden`;
    const r = steward(['init', 'kunden-export.csv', '--target', target, '--out', 'job.yaml'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(tmp.path('job.yaml'), 'utf8');
    expect(text).toContain('  mode: upsert\n  key: ["golden_id"]');
    for (const line of ['golden_id: "legacy_id"', 'first_name: "vorname"', 'last_name: "nachname"', 'email: "e_mail"', 'phone: "telefon"', 'postcode: "plz"', 'city: "ort"', 'country: "land"', 'birth_date: "geburtsdatum"', 'salutation: "anrede"']) {
      expect(text).toContain(`    ${line}`);
    }
    // A connection string with a password is read from the environment, never written in the rule file.
    const env = { CRM_DATABASE_URL: url.postgres! };
    expect(steward(['check', 'job.yaml'], { cwd: tmp.dir, env }).code).toBe(0);
    const run = steward(['run', 'job.yaml', '--json'], { cwd: tmp.dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // telefon is NOT NULL: K-1008 has no phone, so the table refuses that one row (and says so).
    expect(JSON.parse(run.stdout).counts).toMatchObject({ read: 12, loaded: 12, written: 10, target_rejected: 1 });
    const rows = await query<{ legacy_id: string; vorname: string; land: string; geburtsdatum: Date; telefon: string }>(url.postgres!, 'select legacy_id, vorname, land, geburtsdatum, telefon from kunden order by legacy_id');
    // 12 rows, one duplicate (K-1011 is K-1001 again): 11 golden records, one refused.
    expect(rows.map((r) => r.legacy_id)).toEqual(['K-1001', 'K-1002', 'K-1003', 'K-1004', 'K-1005', 'K-1006', 'K-1007', 'K-1009', 'K-1010', 'K-1012']);
    expect(rows[0]).toMatchObject({ vorname: 'Jürgen', land: 'DE', telefon: '+49301234567' });
    // Run again: the upsert by legacy_id leaves the same rows.
    expect(steward(['run', 'job.yaml'], { cwd: tmp.dir, env }).code).toBe(0);
    expect((await query<{ n: string }>(url.postgres!, 'select count(*) as n from kunden'))[0]!.n).toBe('10');
  });
});

/** `steward check` then `steward run --json` on a rule file init wrote, without edits: both exit 0; the run's counts. */
function checkAndRun(dir: string, rules: string): Record<string, number> {
  const check = steward(['check', rules], { cwd: dir });
  expect(check.code, check.stderr).toBe(0);
  const run = steward(['run', rules, '--json'], { cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { counts: Record<string, number> }).counts;
}

describe('steward init on files it can map nothing of', () => {
  const tmp = tempDir();

  test('no column maps to a field: the rule file leaves out the empty sections, and check, run and audit pass on it', () => {
    tmp.file('nomap.csv', 'foo,bar\nhello there,some words here\n');
    const r = steward(['init', 'nomap.csv', '--out', 'nomap.yaml'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 of 2 columns mapped');
    const text = readFileSync(tmp.path('nomap.yaml'), 'utf8');
    expect(text).toMatch(/^fields: \{\}/m);
    expect(text).not.toMatch(/^ {2}fields:\s*$/m);
    expect(checkAndRun(tmp.dir, 'nomap.yaml')).toMatchObject({ read: 1, loaded: 1, rejected: 0 });
    const audit = steward(['audit', 'nomap.yaml', '--input', 'nomap.csv'], { cwd: tmp.dir });
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  });

  test('a header line and no rows: the rule file passes its check', () => {
    tmp.file('header-only.csv', 'foo,bar\n');
    const r = steward(['init', 'header-only.csv', '--out', 'header-only.yaml'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(steward(['check', 'header-only.yaml'], { cwd: tmp.dir }).code).toBe(0);
  });

  test.each([
    ['a 0-byte file', 'empty.csv', ''],
    ['blank lines only', 'blank.csv', '\n\n'],
  ])('%s: a clear input error (exit 2), no rule file, no temporary file left', (_, name, content) => {
    tmp.file(name, content);
    const r = steward(['init', name, '--out', `${name}.yaml`], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`✖ ${name} is empty: nothing to map (steward init needs a header line naming the columns)\n`);
    expect(existsSync(tmp.path(`${name}.yaml`))).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('.steward-init'))).toEqual([]);
  });
});

describe('steward init on a JSONL export', () => {
  const tmp = tempDir();
  const lines = [
    { id: 'C-1', name: 'Ann Lee', email: 'ann.lee@example.com', phone: '+1 212 555 0100' },
    { id: 'C-2', name: 'Bob Ray', email: 'bob@example.org', phone: '+1 415 555 0111' },
    { id: 'C-3', name: 'Ann Lee', email: 'ANN.LEE@example.com', phone: null },
  ];
  tmp.file('contacts.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

  test('writes a jsonl source (no encoding or delimiter), and check, run and audit work on it', () => {
    expect(initMapping(tmp.dir, 'contacts.jsonl').mapping).toEqual({ id: 'source_id', name: 'full_name', email: 'email', phone: 'phone' });
    const text = readFileSync(tmp.path('job.yaml'), 'utf8');
    const source = text.slice(text.indexOf('\nsource:\n'), text.indexOf('\n\n', text.indexOf('\nsource:\n')));
    expect(source).toContain('\n  jsonl: "contacts.jsonl"');
    expect(source).not.toMatch(/^ {2}(csv|encoding|delimiter):/m);
    expect(checkAndRun(tmp.dir, 'job.yaml')).toMatchObject({ read: 3, loaded: 3, rejected: 0 });
    expect(readFileSync(tmp.path('contacts.clean.csv'), 'utf8')).toContain('Ann,Lee');
    const audit = steward(['audit', 'job.yaml', '--input', 'contacts.jsonl'], { cwd: tmp.dir });
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  });
});

describe('steward init: blocking reads only the keys the chosen normalizers add', () => {
  const tmp = tempDir();

  test('an email column whose values made it text (several addresses a cell) is blocked on its own value, and check and run pass', () => {
    tmp.file('em.csv', 'Name,Email\nAnn,"ann@x.com; ann2@x.com"\nBob,"bob@y.com, b@z.com"\n');
    const r = steward(['init', 'em.csv', '--out', 'em.yaml'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(tmp.path('em.yaml'), 'utf8');
    expect(text).toMatch(/^ {2}email: \{ from: "Email", normalize: \[text\] \}/m);
    expect(text).not.toContain('email.key');
    expect(text).toMatch(/^ {4}- email\.lower\b/m);
    expect(checkAndRun(tmp.dir, 'em.yaml')).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
  });
});

describe('steward init --out: where the rule file is written', () => {
  const tmp = tempDir();
  tmp.file('people.csv', 'Name,Email\nAnn Lee,ann@example.com\nBob Ray,bob@example.org\n');

  test('a folder that does not exist yet is created, and nothing but the rule file is written in it', () => {
    const r = steward(['init', 'people.csv', '--out', 'jobs/people/job.yaml'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(tmp.path('jobs/people'))).toEqual(['job.yaml']);
    expect(readFileSync(tmp.path('jobs/people/job.yaml'), 'utf8')).toContain('csv: "../../people.csv"');
    const check = steward(['check', 'jobs/people/job.yaml'], { cwd: tmp.dir });
    expect(check.code, check.stderr).toBe(0);
  });

  test('an --out that is a symbolic link is refused (exit 2), even with --force; the file it points to is not touched', () => {
    writeFileSync(tmp.path('victim.txt'), 'precious\n');
    symlinkSync(tmp.path('victim.txt'), tmp.path('link.yaml'));
    const r = steward(['init', 'people.csv', '--out', 'link.yaml', '--force'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(readFileSync(tmp.path('victim.txt'), 'utf8')).toBe('precious\n');
  });
});

describe('steward run with no records loaded: dedupe and merge are skipped, the counts printed, an empty target written', () => {
  const tmp = tempDir();
  tmp.file('people.csv', 'Name,Email\n');
  tmp.file('ragged.csv', 'Name,Email\nAnn Lee,ann@example.com,extra\nBob Ray,bob@example.org,x,y\n');

  test('a header-only file: exit 0, read 0 rows = 0 loaded + 0 rejected', () => {
    expect(steward(['init', 'people.csv', '--out', 'job.yaml'], { cwd: tmp.dir }).code).toBe(0);
    expect(readFileSync(tmp.path('job.yaml'), 'utf8')).toMatch(/^merge:/m);
    const run = steward(['run', 'job.yaml'], { cwd: tmp.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/read +0 rows = 0 loaded \+ 0 rejected/);
    expect(run.stdout).toContain('no records loaded: dedupe and merge skipped');
    expect(readFileSync(tmp.path('people.clean.csv'), 'utf8').split('\n')[0]).toContain('email');
  });

  test('every row rejected: exit 0, the rejected rows counted', () => {
    const run = steward(['run', 'job.yaml', '--input', 'ragged.csv', '--json'], { cwd: tmp.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).counts).toMatchObject({ read: 2, loaded: 0, rejected: 2, written: 0 });
  });

  test('steward merge on a workspace with no records says so, not "run steward dedupe"', () => {
    const merge = steward(['merge', 'job.yaml'], { cwd: tmp.dir });
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain('holds no records: the last import loaded none');
  });
});

describe('steward init: the words of the rule file and of its errors', () => {
  const tmp = tempDir();
  const rows = Array.from({ length: 12 }, (_, i) => `P-${i + 1},Person${i + 1} Lee,person${i + 1}@example.com`);
  tmp.file('twelve.csv', ['ID,Name,Email', ...rows].join('\n') + '\n');

  test('the rows threshold says what fails, and it does: 12 rows today, 10 pass, 9 fail', () => {
    expect(steward(['init', 'twelve.csv', '--out', 'job.yaml'], { cwd: tmp.dir }).code).toBe(0);
    const text = readFileSync(tmp.path('job.yaml'), 'utf8');
    expect(text).toContain('  rows: ">= 10"   # today 12 rows: fewer than 10 rows fails');
    tmp.file('ten.csv', ['ID,Name,Email', ...rows.slice(0, 10)].join('\n') + '\n');
    tmp.file('nine.csv', ['ID,Name,Email', ...rows.slice(0, 9)].join('\n') + '\n');
    const ten = steward(['audit', 'job.yaml', '--input', 'ten.csv'], { cwd: tmp.dir });
    expect(ten.code, ten.stdout).toBe(0);
    const nine = steward(['audit', 'job.yaml', '--input', 'nine.csv'], { cwd: tmp.dir });
    expect(nine.code).toBe(1);
    expect(nine.stdout).toMatch(/✖ row count +9 +>= 10/);
  });

  test('one row: "a profile of 1 row", "1 line sampled"; a header-only file gets no rows floor, so its audit passes', () => {
    tmp.file('one.csv', 'ID,Name,Email\nP-1,Ann Lee,ann@example.com\n');
    expect(steward(['init', 'one.csv', '--out', 'one.yaml'], { cwd: tmp.dir }).code).toBe(0);
    const text = readFileSync(tmp.path('one.yaml'), 'utf8');
    expect(text).toContain('from a profile of 1 row (every row)');
    expect(text).toContain('100% of the 1 line sampled');
    expect(text).toContain('# today 1 row: fewer than 1 row fails');
    tmp.file('none.csv', 'ID,Name,Email\n');
    expect(steward(['init', 'none.csv', '--out', 'none.yaml'], { cwd: tmp.dir }).code).toBe(0);
    expect(readFileSync(tmp.path('none.yaml'), 'utf8')).toContain('from a profile of 0 rows (every row)');
    const audit = steward(['audit', 'none.yaml', '--input', 'none.csv'], { cwd: tmp.dir });
    expect(audit.code, audit.stdout).toBe(0);
  });

  test.each([
    [['init', 'nope.csv'], '✖ file not found: nope.csv\n'],
    [['profile', 'nope.csv'], '✖ file not found: nope.csv\n'],
    [['init', 'twelve.csv', '--out', 'job.yaml'], '✖ job.yaml already exists; steward init does not overwrite it (give --force, or another --out)\n'],
  ])('%j: the path said once', (args, stderr) => {
    const r = steward(args, { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
  });
});
