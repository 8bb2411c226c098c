import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { importJob, normalizeJob, runJob, exportJob } from '../../src/index.js';
import { tempDir } from '../helpers/temp.js';

const tmp = tempDir();
const input = tmp.file(
  'intl.csv',
  [
    'ID,Full Name,E-mail,Phone,Mobile,Company,Street,Zip,Country,Created',
    'u1,DR. JOHN SMITH JR.,John.Smith+crm@Gmail.com,(415) 555-2671 x12,415.555.2672,"Acme, Inc.",123 Main Street,2134,USA,03/04/2021',
    'g1,"O\'BRIEN, SEAN",sean@Example.co.uk,020 7946 0958,07911 123456,Globex Ltd,10 Downing St,sw1a 2aa,United Kingdom,2021-03-04T10:22:00+01:00',
    'd1,jürgen müller,JM@web.de,030 1234567,0151 23456789,Müller GmbH & Co. KG,Hauptstraße 5,1067,Deutschland,4.3.2021',
    'e1,José García,jose@gmial.com,+34 612 345 678,,Industrias Foo S.L.,Calle Mayor 10,28013,España,4 Mar 2021',
    'c1,王伟,wang.wei@example.cn,１３８００１３８０００,,阿里巴巴有限公司,,100000,中国,2021年3月4日',
    'x1,Ann Lee,not-an-email,000-000-0000,,Acme Incorporated,,ABCDE,Atlantis,2021-02-30',
  ].join('\n') + '\n',
);
const rules = tmp.file('job.yaml', 'job: intl\nextends: contacts\n');
const workspace = tmp.path('ws.db');

function rows<T>(sql: string): T[] {
  const db = new Database(workspace, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('normalize stage with the shipped contacts rules', () => {
  test('values normalized across countries; match keys, changes and flags kept in the workspace', async () => {
    await importJob(rules, { input, workspace, cwd: tmp.dir });
    const summary = await normalizeJob(rules, { workspace, cwd: tmp.dir });
    expect(summary.normalize?.counts.records).toBe(6);
    const records = rows<{ source_id: string; data: string; changed: string; keys: string }>(
      'select r.source_id, r.data, n.changed, n.keys from stw_records r join stw_normalized n on n.id = r.id order by r.id',
    );
    const values = Object.fromEntries(records.map((r) => [r.source_id, { ...(JSON.parse(r.data) as Record<string, string>), ...(JSON.parse(r.changed) as Record<string, string>) }]));
    const keys = Object.fromEntries(records.map((r) => [r.source_id, JSON.parse(r.keys) as Record<string, string>]));

    expect(values['u1']).toMatchObject({
      full_name: 'John Smith',
      first_name: 'John',
      last_name: 'Smith',
      salutation: 'Dr.',
      suffix: 'Jr.',
      email: 'john.smith+crm@gmail.com',
      phone: '+14155552671',
      phone_ext: '12',
      mobile: '+14155552672',
      postcode: '02134',
      country: 'US',
      created_at: '2021-03-04',
    });
    expect(values['g1']).toMatchObject({ first_name: 'Sean', last_name: "O'Brien", phone: '+442079460958', mobile: '+447911123456', postcode: 'SW1A 2AA', country: 'GB', created_at: '2021-03-04T09:22:00Z' });
    expect(values['d1']).toMatchObject({ full_name: 'Jürgen Müller', phone: '+49301234567', mobile: '+4915123456789', postcode: '01067', country: 'DE', created_at: '2021-03-04', email: 'jm@web.de' });
    expect(values['e1']).toMatchObject({ phone: '+34612345678', country: 'ES', created_at: '2021-03-04' });
    expect(values['c1']).toMatchObject({ last_name: '王', first_name: '伟', phone: '+8613800138000', country: 'CN', created_at: '2021-03-04' });

    // Company match keys are equal across legal-form variants; the displayed names keep them.
    expect(keys['u1']!['company.key']).toBe('acme');
    expect(keys['x1']!['company.key']).toBe('acme');
    expect(values['u1']!['company']).toBe('Acme, Inc.');
    expect(keys['d1']!['company.key']).toBe('muller');
    expect(keys['c1']!['company.key']).toBe('阿里巴巴');
    expect(keys['u1']!['email.key']).toBe('johnsmith@gmail.com');
    expect(keys['d1']!['phone.type']).toBe('FIXED_LINE');
    expect(keys['d1']!['mobile.type']).toBe('MOBILE');
    expect(keys['d1']!['street.key']).toBe('hauptstr 5');

    // What could not be made valid keeps its original text and is flagged.
    expect(values['x1']).toMatchObject({ email: 'not-an-email', phone: '000-000-0000', postcode: 'ABCDE', country: 'Atlantis', created_at: '2021-02-30' });
    const flags = rows<{ source_id: string; field: string; code: string }>("select source_id, field, code from stw_flags where source_id in ('x1', 'e1') order by source_id, field");
    expect(flags).toEqual([
      { source_id: 'e1', field: 'email', code: 'email_domain_typo' },
      { source_id: 'x1', field: 'country', code: 'unknown_country' },
      { source_id: 'x1', field: 'created_at', code: 'invalid_date' },
      { source_id: 'x1', field: 'email', code: 'invalid_email' },
      { source_id: 'x1', field: 'phone', code: 'invalid_phone' },
    ]);
    // Every change is recorded: record, field, before, after, normalizer.
    const changes = rows<{ field: string; before: string; after: string; normalizer: string }>("select field, before, after, normalizer from stw_changes where source_id = 'd1' and field in ('phone', 'postcode', 'country')");
    // country first: phone and postcode read it.
    expect(changes).toEqual([
      { field: 'country', before: 'Deutschland', after: 'DE', normalizer: 'country' },
      { field: 'phone', before: '030 1234567', after: '+49301234567', normalizer: 'phone' },
      { field: 'postcode', before: '1067', after: '01067', normalizer: 'postcode' },
    ]);
    // The imported values are untouched: normalizing again gives the same result.
    const before = rows('select id, changed, keys, changes, flags from stw_normalized order by id');
    await normalizeJob(rules, { workspace, cwd: tmp.dir });
    expect(rows('select id, changed, keys, changes, flags from stw_normalized order by id')).toEqual(before);
  });

  test('--dry-run reports counts and samples and writes nothing', async () => {
    const ws = tmp.path('dry.db');
    await importJob(rules, { input, workspace: ws, cwd: tmp.dir });
    const dry = await normalizeJob(rules, { workspace: ws, cwd: tmp.dir, dryRun: true });
    expect(dry.normalize?.dryRun).toBe(true);
    expect(dry.normalize?.changesByField['phone']).toEqual({ phone: 5 });
    expect(dry.normalize?.samples.find((s) => s.field === 'country')).toEqual({ sourceId: 'u1', field: 'country', before: 'USA', after: 'US', normalizer: 'country' });
    const db = new Database(ws, { readonly: true });
    expect(db.prepare('select count(*) as n from stw_normalized').get()).toEqual({ n: 0 });
    db.close();
  });

  test('export writes the normalized values, with the fields normalizers added after the mapped ones', async () => {
    const out = tmp.path('out.jsonl');
    const summary = await runJob(rules, { input, output: out, workspace: tmp.path('run.db'), cwd: tmp.dir, until: 'normalize' });
    expect(summary.stages).toEqual(['import', 'normalize', 'export']);
    expect(summary.export?.columns).toEqual([
      'source_id', 'full_name', 'email', 'phone', 'mobile', 'company', 'street', 'postcode', 'country', 'created_at',
      'first_name', 'last_name', 'salutation', 'suffix', 'phone_ext',
    ]);
    const onlyImport = await runJob(rules, { input, output: tmp.path('raw.jsonl'), workspace: tmp.path('run2.db'), cwd: tmp.dir, until: 'import' });
    expect(onlyImport.stages).toEqual(['import', 'export']);
    const again = await exportJob(rules, { output: tmp.path('raw2.csv'), workspace: tmp.path('run2.db'), cwd: tmp.dir });
    expect(again.export?.columns).toContain('full_name');
  });
});
