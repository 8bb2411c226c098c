import { describe, expect, test } from 'vitest';
import { createRowCoercer } from '../../../src/connectors/sql/coerce-row.js';
import { schemaProblems, type TableShape, type TargetColumn } from '../../../src/connectors/sql/target-schema.js';
import type { ColumnKind } from '../../../src/connectors/sql/sql-capabilities.js';

const column = (kind: ColumnKind, extra: Partial<TargetColumn> = {}): TargetColumn => ({
  name: 'c',
  type: extra.type ?? kind,
  kind,
  nullable: true,
  hasDefault: false,
  generated: false,
  autoFilled: false,
  ...extra,
});
const coerce = (target: TargetColumn, value: string | null, truncate = false) => {
  const result = createRowCoercer(['c'], [target], { truncate })([value]);
  return result.reject ? `✖ ${result.reject.code}` : result.values[0];
};

describe('coerceRow: each value to its column type, or the reason it does not fit', () => {
  test.each([
    ['text', {}, 'anything', 'anything'],
    ['text', { maxLength: 5 }, 'Zoë 名', 'Zoë 名'],
    ['text', { maxLength: 5 }, '🎉🎉🎉🎉🎉', '🎉🎉🎉🎉🎉'],
    ['text', { maxLength: 5 }, 'Bobby-Toolong', '✖ TOO_LONG'],
    ['integer', { bits: 32 }, ' 42 ', '42'],
    ['integer', { bits: 32 }, '+7', '7'],
    ['integer', { bits: 32 }, '12.000', '12'],
    ['integer', { bits: 32 }, '12.5', '✖ NOT_AN_INTEGER'],
    ['integer', { bits: 32 }, 'forty', '✖ NOT_AN_INTEGER'],
    ['integer', { bits: 16 }, '40000', '✖ OUT_OF_RANGE'],
    ['integer', { bits: 64 }, '9223372036854775807', '9223372036854775807'],
    ['integer', { bits: 8, unsigned: true }, '255', '255'],
    ['integer', { bits: 8, unsigned: true }, '-1', '✖ OUT_OF_RANGE'],
    ['integer', { bits: 64 }, '9223372036854775808', '✖ OUT_OF_RANGE'],
    ['decimal', { precision: 5, scale: 2 }, '123.456', '123.456'],
    ['decimal', { precision: 5, scale: 2 }, '1234', '✖ OUT_OF_RANGE'],
    ['decimal', {}, '1,5', '✖ NOT_A_NUMBER'],
    ['float', {}, '-1.5e3', '-1.5e3'],
    ['float', {}, '0x10', '✖ NOT_A_NUMBER'],
    ['boolean', {}, 'Yes', 1],
    ['boolean', {}, 'f', 0],
    ['boolean', {}, 'maybe', '✖ NOT_A_BOOLEAN'],
    ['date', {}, '2024-02-29', '2024-02-29'],
    ['date', {}, '2023-02-29', '✖ BAD_DATE'],
    ['date', {}, '2024-01-02T00:00:00Z', '2024-01-02'],
    ['date', {}, '2024-01-02 10:30', '✖ BAD_DATE'],
    ['date', {}, '03/04/2021', '✖ BAD_DATE'],
    ['timestamp', {}, '2024-01-02T03:04:05.123Z', '2024-01-02 03:04:05.123'],
    ['timestamp', {}, '2024-06-01 10:00:00+02:00', '2024-06-01 08:00:00'],
    ['timestamp', {}, '2024-06-01', '2024-06-01 00:00:00'],
    // The date normalizer's ISO form, as a multi-table target writes it into MySQL datetime columns.
    ['timestamp', { type: 'datetime' }, '2017-10-10T09:45:00+02:00', '2017-10-10 07:45:00'],
    ['timestamp', { type: 'datetime' }, '2017-01-05T09:36:20', '2017-01-05 09:36:20'],
    ['timestamptz', {}, '2024-06-01 00:30-01:00', '2024-06-01 01:30:00+00:00'],
    ['timestamptz', {}, '2024-06-01 25:00', '✖ BAD_TIMESTAMP'],
    ['time', {}, '09:30', '09:30'],
    ['time', {}, '9.30', '✖ BAD_TIME'],
    ['uuid', {}, '{123E4567-E89B-12D3-A456-426614174000}', '123e4567-e89b-12d3-a456-426614174000'],
    ['uuid', {}, 'not-a-uuid', '✖ BAD_UUID'],
    ['json', {}, '{"a": [1]}', '{"a": [1]}'],
    ['json', {}, '{a: 1}', '✖ BAD_JSON'],
    ['enum', { values: ['Gold', 'Silver'] }, 'silver', 'Silver'],
    ['enum', { values: ['Gold', 'Silver'] }, 'Bronze', '✖ NOT_IN_ENUM'],
    ['other', {}, '\\x00ff', '\\x00ff'],
  ] as const)('%s %j: %j → %j', (kind, extra, value, expected) => {
    expect(coerce(column(kind, extra as Partial<TargetColumn>), value)).toBe(expected);
  });

  test('truncate: true cuts text to the column length by characters; an empty value in a NOT NULL column rejects the row', () => {
    expect(coerce(column('text', { maxLength: 5 }), 'Zoë-Müller', true)).toBe('Zoë-M');
    expect(coerce(column('text', { nullable: false }), null)).toBe('✖ REQUIRED_EMPTY');
    expect(coerce(column('text'), null)).toBe(null);
  });

  test('the reason names the column, its type, what it takes and the value', () => {
    const result = createRowCoercer(['age', 'born'], [column('integer', { name: 'age', type: 'integer', bits: 32 }), column('date', { name: 'born', type: 'date' })], { truncate: false })(['41', '1990-02-30']);
    expect(result.reject).toEqual({ column: 'born', code: 'BAD_DATE', reason: 'column "born" (date) takes a date YYYY-MM-DD, got "1990-02-30"', value: '1990-02-30' });
  });
});

describe('schemaProblems: every way an export does not fit its table, at once', () => {
  const shape: TableShape = {
    table: 'contacts',
    columns: [
      column('integer', { name: 'id', nullable: false, autoFilled: true }),
      column('text', { name: 'email', nullable: false }),
      column('text', { name: 'owner', type: 'varchar(20)', nullable: false }),
      column('text', { name: 'status', nullable: false, hasDefault: true }),
      column('text', { name: 'search', generated: true }),
    ],
    uniqueKeys: [['id'], ['email']],
    foreignKeys: [],
  };
  test('missing columns, a generated column written, a required column unmapped, an upsert key without a unique index', () => {
    expect(schemaProblems(shape, ['email', 'search', 'phone', 'source_id'], { mode: 'upsert', key: ['source_id'], create: false })).toEqual([
      'it has no columns "phone", "source_id"; it has id, email, owner, status, search (rename with target.columns, or add create: true to add them)',
      'column "search" is computed by the database (generated) and cannot be written; map the field to another column',
      'column "owner" (varchar(20)) is NOT NULL without a default, but no field is written to it; map a field to it (target.columns)',
      'its unique keys are (id), (email): upsert needs a unique index or primary key on (source_id) (create one, or choose another target.key or mode)',
    ]);
  });
  test('a fitting export has none; a key matches a unique index in any column order; create: true adds missing columns', () => {
    expect(schemaProblems(shape, ['email', 'owner'], { mode: 'upsert', key: ['email'], create: false })).toEqual([]);
    expect(schemaProblems({ ...shape, uniqueKeys: [['a', 'b']] }, ['email', 'owner', 'a', 'b'], { mode: 'upsert', key: ['b', 'a'], create: true })).toEqual([]);
    expect(schemaProblems(shape, ['email', 'owner', 'new'], { mode: 'insert', key: [], create: true })).toEqual([]);
  });
});
