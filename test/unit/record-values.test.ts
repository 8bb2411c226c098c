import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordValues } from '../../src/workspace/record-values.js';

/** What JSON.parse gives for each field: the own value, or undefined. */
function parsed(json: string, fields: readonly string[]): unknown[] {
  const data = JSON.parse(json) as Record<string, unknown>;
  return fields.map((field) => (Object.hasOwn(data, field) ? data[field] : undefined));
}

function read(reader: RecordValues, json: string, width: number): unknown[] {
  const out = new Array<string | null | undefined>(width).fill('stale');
  reader.read(json, out);
  return out;
}

describe('RecordValues', () => {
  const fields = ['first_name', 'email', 'phone', 'missing'];

  it('reads records without escapes without JSON.parse, and gives what JSON.parse gives', () => {
    const reader = new RecordValues(fields);
    const records = [
      { first_name: 'Seán', last_name: 'van der Berg', email: 'sean@example.com', phone: null },
      { first_name: 'Zoë', last_name: '', email: 'zoe@example.com', phone: '+1 303' },
      { first_name: '😀 emoji', last_name: 'x', email: '', phone: '' },
      { email: 'first@example.com', first_name: ' padded ' },
      { first_name: 'a', email: 'b', phone: 'c', missing: 'here' },
      {},
      { first_name: 'a', email: 'b', phone: 'c', missing: 'here' },
    ].map((record) => JSON.stringify(record));
    const expected = records.map((json) => parsed(json, fields));
    const parse = JSON.parse;
    let calls = 0;
    JSON.parse = (text: string) => {
      calls++;
      return parse(text) as unknown;
    };
    const got: unknown[][] = [];
    try {
      for (const json of records) got.push(read(reader, json, fields.length));
    } finally {
      JSON.parse = parse;
    }
    expect(got).toEqual(expected);
    expect(calls).toBe(0);
  });

  it('gives what JSON.parse gives whatever the keys and their order, and leaves escapes, numbers and spaces to it', () => {
    const reader = new RecordValues(fields);
    const cases = [
      '{"first_name":"a","email":"b","phone":"c"}',
      '{"first_name":"tab\\there","email":"quote \\" in","phone":"c"}',
      '{"email":"b","first_name":"a","phone":"c"}',
      '{"first_name":"a","email":"b"}',
      '{"first_name":"a","email":"b","phone":"c","extra":"d"}',
      '{"first_name":"a","email":7,"phone":"c"}',
      '{"first_name":"a","email":"b","phone":"c"}',
      '{ "first_name":"a","email":"b","phone":"c"}',
      '{"first_name":"a","email":"b","phone":"c","phone":"d"}',
      '{"first_name":"a","email":"b","phone":"c"}',
      '{"first_name":"lone \\ud800","email":"b","phone":"c"}',
      '{}',
      '{"missing":"here","first_name":"a"}',
      '{"first_name":"a","email":"b","phone":"c"}',
    ];
    for (const json of cases) expect(read(reader, json, fields.length), json).toEqual(parsed(json, fields));
  });

  it('fills every slot of a field asked for twice', () => {
    const reader = new RecordValues(['email', 'first_name', 'email']);
    for (let i = 0; i < 3; i++) expect(read(reader, '{"first_name":"a","email":"b"}', 3)).toEqual(['b', 'a', 'b']);
  });

  it('gives what JSON.parse gives for any sequence of flat records', () => {
    const keys = ['a', 'b', 'first_name', 'email', '1', '__proto__', 'é', 'x"y', 'missing', '', 'a:b', 'c,d', '}'];
    const value = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constant(null), fc.constantFrom('', ' padded ', '\\', '"', 'null', '}', ',"a":"x"', '\n'), fc.integer());
    const record = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 });
    // A run repeats layouts, as a workspace's records do, so that both ways are taken.
    const run = fc.array(fc.tuple(record, fc.nat(3)), { maxLength: 20 });
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: 1 }), run, (wanted, records) => {
        const reader = new RecordValues(wanted);
        for (const [data, repeat] of records) {
          const json = JSON.stringify(data);
          for (let i = 0; i <= repeat; i++) expect(read(reader, json, wanted.length)).toEqual(parsed(json, wanted));
        }
      }),
      { numRuns: 500 },
    );
  });
});
