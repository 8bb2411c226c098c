import { describe, expect, test } from 'vitest';
import { renderError } from '../../src/cli/render.js';
import { RulesError } from '../../src/errors.js';
import { loadRules } from '../../src/rules/loader.js';
import type { TableShape, TargetColumn } from '../../src/connectors/sql/target-schema.js';
import type { ResolvedTargetTable } from '../../src/rules/resolved.js';
import { createMisfitFinder, createRowCoercion } from '../../src/stages/export/multi-table/find-misfits.js';
import { createTableRows, type IdMaps, type TableRecord } from '../../src/stages/export/multi-table/table-rows.js';
import { uuidV5 } from '../../src/stages/export/multi-table/uuid-v5.js';
import { tempDir } from '../helpers/temp.js';

const tmp = tempDir();

describe('target.tables in a rule file', () => {
  test('resolved parents first, whatever order they are written in; a uuid table is keyed by its id', () => {
    const file = tmp.file(
      'ok.yaml',
      `job: ok\nextends: contacts\ntarget:\n  sqlite: crm.db\n  tables:\n    emails: { rows: { each: [email, other_emails] }, key: [person_id, address], columns: { person_id: { ref: people }, address: { item: value } } }\n    people: { id: { column: id, generate: uuid }, columns: { org: { ref: orgs }, name: { json: { first: first_name, tags: { list: other_emails }, kind: { value: 1 } } } } }\n    orgs: { rows: { distinct: company.key }, id: { column: id, generate: database }, key: name, columns: { name: company } }\n`,
    );
    const tables = loadRules(file, { cwd: tmp.dir }).target!.tables!;
    expect(tables.map((t) => t.name)).toEqual(['orgs', 'people', 'emails']);
    expect(tables[1]).toMatchObject({ rows: { mode: 'record' }, key: ['id'], id: { column: 'id', generate: 'uuid' } });
    expect(tables[0]).toMatchObject({ rows: { mode: 'distinct', sources: ['company.key'] }, key: ['name'] });
  });

  test('every problem at once, with its path and line', () => {
    const file = tmp.file(
      'bad.yaml',
      [
        'job: bad',
        'extends: contacts',
        'target:',
        '  csv: out.csv',
        '  key: email',
        '  mode: replace',
        '  tables:',
        '    a:',
        '      id: { column: id, generate: database }',
        '      columns: { b_id: { ref: b }, nick: nick_name, pos: { item: index }, x: { jsn: { a: first_name } } }',
        '    b:',
        '      rows: { distinct: company.key }',
        '      id: { column: id, generate: uuid }',
        '      key: [id, name_key]',
        '      columns: { a_id: { ref: a }, both: { value: 1, ref: a }, empty: {}, up: { ref: a, case: upper } }',
        '    c:',
        '      rows: { each: phone }',
        '      columns: { c_id: { ref: c } }',
        '',
      ].join('\n'),
    );
    let error: unknown;
    try {
      loadRules(file, { cwd: tmp.dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RulesError);
    expect(renderError(error)).toMatchInlineSnapshot(`
      "✖ target.csv: tables: needs a database target (sqlite, postgres, …); a csv file holds one table (bad.yaml:4)
      ✖ target.key: key: is for a one-table target; with tables: give each table its own (bad.yaml:5)
      ✖ target.mode: tables are always upserted by their keys (a re-run changes nothing); mode replace is for a one-table target (bad.yaml:6)
      ✖ target.tables.a.id: needs key: the columns with a unique index that identify a row (database ids are read back by them), or id: { column, generate: uuid } (bad.yaml:9)
      ✖ target.tables.a.columns.x.jsn: unknown key "jsn"; did you mean "json"? (bad.yaml:10)
      ✖ target.tables.a.columns.nick: "nick_name" reads "nick_name", which is not a field; known: record_id, source_id, full_name, first_name, middle_name, last_name, salutation, suffix, email, phone, mobile, fax, company, title, department, street, street2, city, region, postcode, country, website, birth_date, gender, notes, created_at, updated_at, source, owner, golden_id, record_ids, other_emails, other_phones, phone_ext, mobile_ext, fax_ext (bad.yaml:10)
      ✖ target.tables.a.columns.pos.item: item is for tables whose rows are { distinct: … } or { each: … }; this table has one row per record (bad.yaml:10)
      ✖ target.tables.b.key.1: "name_key" is not a column of this table; its columns: a_id, both, empty, up (bad.yaml:14)
      ✖ target.tables.b.columns.both: has value and ref; choose one (bad.yaml:15)
      ✖ target.tables.b.columns.empty: needs one of value, field, ref, item, list, json (or a field name) (bad.yaml:15)
      ✖ target.tables.b.columns.up.case: case goes with field or item, not ref (bad.yaml:15)
      ✖ target.tables.b.columns.a_id.ref: tables refer to each other in a cycle (a -> b -> a); a parent must be written before its children (bad.yaml:15)
      ✖ target.tables.c.columns: needs key: the columns with a unique index that identify a row, or id: { column, generate: uuid } (bad.yaml:18)
      ✖ target.tables.c.columns.c_id.ref: a table cannot refer to itself (bad.yaml:18)
      14 problems in bad.yaml
      "
    `);
  });
});

describe('rows of a table', () => {
  const record = (id: string, values: Record<string, string>): TableRecord => ({ id, values: { ...values, record_id: id } });
  const records = [
    record('G1', { first_name: 'Ann', email: 'Ann@X.example', other_emails: 'ann2@x.example; ANN@x.example', company: 'Acme Inc.', 'company.key': 'acme' }),
    record('G2', { first_name: 'Bob', email: '', company: 'ACME', 'company.key': 'acme' }),
  ];
  const orgs: ResolvedTargetTable = { name: 'orgs', rows: { mode: 'distinct', sources: ['company.key'] }, id: { column: 'id', generate: 'uuid' }, key: ['id'], columns: [{ name: 'name', value: { kind: 'field', source: 'company' } }], separator: ';' };
  const people: ResolvedTargetTable = {
    name: 'people',
    rows: { mode: 'record' },
    id: { column: 'id', generate: 'uuid' },
    key: ['id'],
    columns: [
      { name: 'org_id', value: { kind: 'ref', table: 'orgs' } },
      { name: 'doc', value: { kind: 'json', entries: [['first', { kind: 'field', source: 'first_name' }], ['emails', { kind: 'list', sources: ['email', 'other_emails'] }], ['n', { kind: 'value', value: 1 }]] } },
      { name: 'title', value: { kind: 'field', source: 'title', default: '' } },
    ],
    separator: ';',
  };
  const emails: ResolvedTargetTable = {
    name: 'emails',
    rows: { mode: 'each', sources: ['email.lower', 'other_emails.lower'] },
    key: ['person_id', 'address'],
    columns: [
      { name: 'person_id', value: { kind: 'ref', table: 'people' } },
      { name: 'address', value: { kind: 'item', what: 'key' } },
      { name: 'caps', value: { kind: 'item', what: 'value', case: 'upper' } },
      { name: 'primary', value: { kind: 'item', what: 'first' } },
      { name: 'from', value: { kind: 'item', what: 'field' } },
    ],
    separator: ';',
  };
  const all = new Map([orgs, people, emails].map((t) => [t.name, t]));
  const ids: IdMaps = new Map([
    ['orgs', new Map([['acme', 'O1']])],
    ['people', new Map([['G1', 'P1'], ['G2', 'P2']])],
  ]);

  test('distinct: one row per key, from the first record with it; later pages skip the keys seen', () => {
    const seen = new Set<string>();
    expect(createTableRows(orgs, all, new Set()).plan(records, ids, seen)).toEqual([{ natural: 'acme', record: 'G1', values: { name: 'Acme Inc.' } }]);
    expect(createTableRows(orgs, all, new Set()).plan(records, ids, seen)).toEqual([]);
    // The keys a record has, seen or not: what a shared row that does not fit is traced back to its records by.
    expect(records.map((r) => createTableRows(orgs, all, new Set()).keys(r))).toEqual([['acme'], ['acme']]);
  });

  test('record: refs, JSON documents with lists and typed constants, defaults', () => {
    expect(createTableRows(people, all, new Set(['other_emails'])).plan(records, ids, new Set())).toEqual([
      { natural: 'G1', record: 'G1', values: { org_id: 'O1', doc: '{"first":"Ann","emails":["Ann@X.example","ann2@x.example","ANN@x.example"],"n":1}', title: '' } },
      { natural: 'G2', record: 'G2', values: { org_id: 'O1', doc: '{"first":"Bob","emails":[],"n":1}', title: '' } },
    ]);
  });

  test('each: one row per distinct value of a record, list fields split, the first one first', () => {
    expect(createTableRows(emails, all, new Set(['other_emails'])).plan(records, ids, new Set())).toEqual([
      { natural: 'G1\u0000ann@x.example', record: 'G1', values: { person_id: 'P1', address: 'ann@x.example', caps: 'ANN@X.EXAMPLE', primary: '1', from: 'email' } },
      { natural: 'G1\u0000ann2@x.example', record: 'G1', values: { person_id: 'P1', address: 'ann2@x.example', caps: 'ANN2@X.EXAMPLE', primary: '0', from: 'other_emails' } },
    ]);
  });
});

test('UUID v5 (RFC 9562 test vector) and the same name giving the same id', () => {
  expect(uuidV5('www.example.com', Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex'))).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  expect(uuidV5('job\u0000t\u0000k')).toBe(uuidV5('job\u0000t\u0000k'));
  expect(uuidV5('job\u0000t\u0000k')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

describe('records that do not fit, found before a page is written', () => {
  const text = (name: string, maxLength?: number, nullable = true): TargetColumn => ({ name, type: maxLength ? `varchar(${maxLength})` : 'text', kind: 'text', maxLength, nullable, hasDefault: false, generated: false, autoFilled: false });
  const shape = (table: string, columns: TargetColumn[]): TableShape => ({ table, columns, uniqueKeys: [], foreignKeys: [] });
  const orgs: ResolvedTargetTable = { name: 'orgs', rows: { mode: 'distinct', sources: ['company.key'] }, id: { column: 'id', generate: 'uuid' }, key: ['id'], columns: [{ name: 'name', value: { kind: 'field', source: 'company' } }], separator: ';' };
  const people: ResolvedTargetTable = {
    name: 'people',
    rows: { mode: 'record' },
    id: { column: 'id', generate: 'database' },
    key: ['lid'],
    columns: [{ name: 'lid', value: { kind: 'field', source: 'record_id' } }, { name: 'last', value: { kind: 'field', source: 'last' } }, { name: 'org_id', value: { kind: 'ref', table: 'orgs' } }],
    separator: ';',
  };
  const tables = [orgs, people];
  const shapes = [shape('orgs', [text('name', 6)]), shape('people', [text('lid'), text('last', 5), { ...text('org_id', undefined, false), kind: 'integer', type: 'integer' }])];
  // The company's key as the company normalizer gives it ("ACME Corporation" = "Acme").
  const record = (id: string, last: string, company: string, key = company.split(' ')[0]!.toLowerCase()): TableRecord => ({ id, values: { record_id: id, last, company, 'company.key': key } });
  const finder = () => {
    const byName = new Map(tables.map((t) => [t.name, t]));
    const planners = tables.map((t) => createTableRows(t, byName, new Set()));
    const seen = new Map(tables.map((t) => [t.name, new Set<string>()]));
    const find = createMisfitFinder(tables, planners, tables.map((t, i) => createRowCoercion(t, shapes[i]!, false, true)), seen, new Map([['orgs', new Map<string, string>()]]));
    return (page: TableRecord[]) => Object.fromEntries([...find(page)].map(([id, m]) => [id, `${m.table}.${m.misfit.column} ${m.misfit.code}: ${m.reason}`]));
  };

  test('a record whose own value does not fit is rejected; a shared row takes the next record\'s values then, and is checked with them', () => {
    // R1's last name is too long; its "ACME CORP" (9) would not fit orgs.name, but R1 is out, so R2's "Acme" is the one checked.
    expect(finder()([record('R1', 'Longname', 'ACME CORP'), record('R2', 'Lee', 'Acme'), record('R3', 'Ng', 'acme')])).toEqual({
      R1: 'people.last TOO_LONG: its row of table "people" does not fit: column "last" (varchar(5)) takes at most 5 characters (it has 8; target.truncate: true cuts it), got "Longname"',
    });
  });

  test('a shared row that does not fit rejects every record with its key, on this page and later ones; a reference left empty is NOT NULL', () => {
    const find = finder();
    const why = 'orgs.name TOO_LONG: the row of table "orgs" it points at ("globex") does not fit: column "name" (varchar(6)) takes at most 6 characters (it has 10; target.truncate: true cuts it), got "Globex Inc"';
    expect(find([record('R1', 'Lee', 'Globex Inc'), record('R2', 'Ng', 'Acme'), record('R3', 'Wu', 'GLOBEX INC')])).toEqual({ R1: why, R3: why });
    // A later page: the row is not checked again with other values ("globex inc" fits nowhere now).
    expect(find([record('R4', 'Poe', 'globex inc'), record('R5', 'Roe', '')])).toEqual({
      R4: why,
      R5: 'people.org_id REQUIRED_EMPTY: its row of table "people" does not fit: column "org_id" (integer) is NOT NULL and the value is empty',
    });
  });
});
