import { describe, expect, test } from 'vitest';
import { civilFromDays, dateNormalizer, daysFromCivil, type DateOptions } from '../../../src/normalizers/date.js';

const context = { record: {} };
const make = (options: Partial<DateOptions> = {}) => dateNormalizer.create(dateNormalizer.options.parse(options), 'date');
const mdy = make();
const dmy = make({ order: 'DMY' });
const ymd = make({ order: 'YMD' });
const drop = make({ time: 'drop' });

describe('date normalizer', () => {
  test.each([
    // ISO and year-first
    ['2021-03-04', '2021-03-04'],
    ['2021-3-4', '2021-03-04'],
    ['2021/3/4', '2021-03-04'],
    ['2021/03/04', '2021-03-04'],
    ['2021.03.04', '2021-03-04'],
    ['20210304', '2021-03-04'],
    ['  2021-03-04  ', '2021-03-04'],
    ['2020-02-29', '2020-02-29'],
    ['2000-02-29', '2000-02-29'],
    // Numeric, month first by default
    ['03/04/2021', '2021-03-04'],
    ['3/4/2021', '2021-03-04'],
    ['3/4/21', '2021-03-04'],
    ['03-04-2021', '2021-03-04'],
    ['12/31/2021', '2021-12-31'],
    ['99/03/04', '1999-03-04'],
    // Dots: day first whatever the order
    ['04.03.2021', '2021-03-04'],
    ['4.3.2021', '2021-03-04'],
    ['4.3.21', '2021-03-04'],
    ['31.12.1999', '1999-12-31'],
    ['04.13.2021', '2021-04-13'],
    // Two-digit years around the pivot (50)
    ['3/4/49', '2049-03-04'],
    ['3/4/50', '1950-03-04'],
    ['3/4/00', '2000-03-04'],
    ['3/4/99', '1999-03-04'],
    // English month names
    ['4 Mar 2021', '2021-03-04'],
    ['4 March 2021', '2021-03-04'],
    ['4th March 2021', '2021-03-04'],
    ['04-Mar-2021', '2021-03-04'],
    ['4-mar-21', '2021-03-04'],
    ['March 4, 2021', '2021-03-04'],
    ['MARCH 4, 2021', '2021-03-04'],
    ['Mar 4 2021', '2021-03-04'],
    ['Mar. 4, 2021', '2021-03-04'],
    ['March 4th, 2021', '2021-03-04'],
    ['Sept 30, 2021', '2021-09-30'],
    ['2021-Mar-04', '2021-03-04'],
    ['2021 March 4', '2021-03-04'],
    ['Thu, 04 Mar 2021', '2021-03-04'],
    ['Thursday, March 4, 2021', '2021-03-04'],
    // German
    ['4. März 2021', '2021-03-04'],
    ['4. Maerz 2021', '2021-03-04'],
    ['4 Mai 2021', '2021-05-04'],
    ['1. Okt. 2021', '2021-10-01'],
    ['24. Dez 2021', '2021-12-24'],
    ['3. Jänner 2021', '2021-01-03'],
    ['Donnerstag, den 4. März 2021', '2021-03-04'],
    // French
    ['4 mars 2021', '2021-03-04'],
    ['1er janv. 2021', '2021-01-01'],
    ['3 févr. 2021', '2021-02-03'],
    ['15 août 2021', '2021-08-15'],
    ['25 déc. 2021', '2021-12-25'],
    ['jeudi 4 mars 2021', '2021-03-04'],
    // Spanish
    ['4 de marzo de 2021', '2021-03-04'],
    ['3 ene 2021', '2021-01-03'],
    ['24 dic 2021', '2021-12-24'],
    ['jueves, 4 de marzo de 2021', '2021-03-04'],
    // CJK
    ['2021年3月4日', '2021-03-04'],
    ['2021年03月04日', '2021-03-04'],
    ['2021年3月4日(木)', '2021-03-04'],
    ['２０２１年３月４日', '2021-03-04'],
    ['2021년 3월 4일', '2021-03-04'],
    // Times without a zone: wall time kept, no zone invented
    ['2019-03-04 10:22:00', '2019-03-04T10:22:00'],
    ['2019-03-04 10:22', '2019-03-04T10:22:00'],
    ['2019-03-04T10:22:00', '2019-03-04T10:22:00'],
    ['2019-03-04 10:22:00.123', '2019-03-04T10:22:00'],
    ['03/04/2021 14:05', '2021-03-04T14:05:00'],
    ['31.12.1999 23:59', '1999-12-31T23:59:00'],
    ['March 4, 2021 10:22 PM', '2021-03-04T22:22:00'],
    ['March 4, 2021 12:05 AM', '2021-03-04T00:05:00'],
    ['2021年3月4日 10:22', '2021-03-04T10:22:00'],
    // Times with a zone: converted to UTC
    ['2019-03-04T10:22:00Z', '2019-03-04T10:22:00Z'],
    ['2019-03-04T10:22:00.000Z', '2019-03-04T10:22:00Z'],
    ['2019-03-04T10:22:00+02:00', '2019-03-04T08:22:00Z'],
    ['2019-03-04T10:22:00-05:00', '2019-03-04T15:22:00Z'],
    ['2019-03-04T00:30:00+02:00', '2019-03-03T22:30:00Z'],
    ['2019-12-31T23:30:00-01:00', '2020-01-01T00:30:00Z'],
    ['2019-03-04T10:22:00+0530', '2019-03-04T04:52:00Z'],
    ['2019-03-04 10:22:00 UTC', '2019-03-04T10:22:00Z'],
    ['20190304T102200Z', '2019-03-04T10:22:00Z'],
    ['Thu, 04 Mar 2021 10:22:00 +0100', '2021-03-04T09:22:00Z'],
    ['Thu, 04 Mar 2021 10:22:00 GMT', '2021-03-04T10:22:00Z'],
    ['Thu, 04 Mar 2021 10:22:00 EST', '2021-03-04T15:22:00Z'],
    ['Thu Mar 04 2021 10:22:00 GMT+0100 (Central European Standard Time)', '2021-03-04T09:22:00Z'],
    // Excel serial dates (1900 system, with its 1900-02-29)
    ['44259', '2021-03-04'],
    ['44259.5', '2021-03-04T12:00:00'],
    ['44259.75', '2021-03-04T18:00:00'],
    ['2958465', '9999-12-31'],
  ])('MDY: %j -> %s', (input, expected) => {
    expect(mdy(input, context)).toEqual({ value: expected });
  });

  test.each([
    ['03/04/2021', '2021-04-03'],
    ['3/4/21', '2021-04-03'],
    ['03-04-2021', '2021-04-03'],
    ['13/04/2021', '2021-04-13'],
    ['04.03.2021', '2021-03-04'],
    ['03/04/2021 14:05', '2021-04-03T14:05:00'],
    ['2021-03-04', '2021-03-04'],
    ['4 Mar 2021', '2021-03-04'],
  ])('DMY: %j -> %s', (input, expected) => {
    expect(dmy(input, context)).toEqual({ value: expected });
  });

  // Converted (only one reading is a date) but flagged, so the audit can count a file holding both orders.
  test.each<[order: DateOptions['order'], input: string, expected: string, conflict?: 'MDY' | 'DMY']>([
    ['MDY', '13/04/2021', '2021-04-13', 'DMY'],
    ['MDY', '31/12/2021', '2021-12-31', 'DMY'],
    ['MDY', '31-12-21', '2021-12-31', 'DMY'],
    ['MDY', '13/04/2021 10:22', '2021-04-13T10:22:00', 'DMY'],
    ['DMY', '04/13/2021', '2021-04-13', 'MDY'],
    ['DMY', '12/31/99', '1999-12-31', 'MDY'],
    ['DMY', '04.13.2021', '2021-04-13', 'MDY'],
    ['MDY', '04.13.2021', '2021-04-13'],
    ['MDY', '13.04.2021', '2021-04-13'],
    ['MDY', '12/31/2021', '2021-12-31'],
    ['DMY', '31/12/2021', '2021-12-31'],
    ['MDY', '03/04/2021', '2021-03-04'],
    ['YMD', '13/04/2021', '2021-04-13'],
  ])('order %s: %j -> %s, flagged when it only reads %s', (order, input, expected, conflict) => {
    const out = make({ order })(input, context);
    expect(out.value).toBe(expected);
    if (conflict === undefined) expect(out.flags).toBeUndefined();
    else {
      const reading = conflict === 'DMY' ? 'day first (DMY)' : 'month first (MDY)';
      expect(out.flags).toEqual([{ code: 'date_order_conflict', reason: `${JSON.stringify(input)} only reads ${reading} although the rule file says order: ${order}; it was read as ${conflict}` }]);
    }
  });

  test.each([
    ['21/03/04', '2021-03-04'],
    ['21/3/4', '2021-03-04'],
    ['03/04/2021', '2021-03-04'],
    ['04.03.2021', '2021-03-04'],
    ['2021-03-04', '2021-03-04'],
  ])('YMD: %j -> %s', (input, expected) => {
    expect(ymd(input, context)).toEqual({ value: expected });
  });

  test.each([
    ['2019-03-04T10:22:00Z', '2019-03-04'],
    ['2019-03-04 10:22:00', '2019-03-04'],
    ['2019-03-04T00:30:00+02:00', '2019-03-03'],
    ['44259.5', '2021-03-04'],
    ['2021-03-04', '2021-03-04'],
  ])('time drop: %j -> %s', (input, expected) => {
    expect(drop(input, context)).toEqual({ value: expected });
  });

  test.each([
    ['3/4/29', 30, '2029-03-04'],
    ['3/4/30', 30, '1930-03-04'],
    ['3/4/49', 0, '1949-03-04'],
    ['3/4/99', 100, '2099-03-04'],
  ])('pivot: %j with pivot %i -> %s', (input, pivot, expected) => {
    expect(make({ two_digit_year_pivot: pivot })(input, context)).toEqual({ value: expected });
  });

  test.each([
    ['2021-02-30'],
    ['2021-02-29'],
    ['1900-02-29'],
    ['2021-13-01'],
    ['2021-00-10'],
    ['2021-04-31'],
    ['0000-00-00'],
    ['13/13/2021'],
    ['00/10/2021'],
    ['31.02.2021'],
    ['31 Feb 2021'],
    ['February 30, 2021'],
    ['2021年2月30日'],
    ['20210230'],
    ['2021-03-04 25:00'],
    ['2021-03-04 10:60'],
    ['March 4, 2021 13:05 PM'],
  ])('invalid: %j is flagged and kept', (input) => {
    for (const normalize of [mdy, dmy]) {
      expect(normalize(input, context)).toEqual({ value: input, flags: [{ code: 'invalid_date', reason: `not a valid date: ${JSON.stringify(input)}` }] });
    }
  });

  test.each([
    ['1614853320'],
    ['0'],
    ['2958466'],
    ['garbage'],
    ['2021-03'],
    ['4 Foo 2021'],
    ['March 2021'],
    ['2021-03-04 noon'],
    ['next Tuesday'],
    ['N/A'],
  ])('unparseable: %j is flagged and kept', (input) => {
    const out = mdy(input, context);
    expect(out.value).toBe(input);
    expect(out.flags).toHaveLength(1);
    expect(out.flags?.[0]?.code).toBe('unparseable_date');
    expect(out.flags?.[0]?.reason).toContain(JSON.stringify(input));
  });

  test('a Unix timestamp is not read as a date', () => {
    expect(mdy('1614853320', context).flags?.[0]?.reason).toMatch(/Excel serial/);
  });

  test('with excel_serial off, bare numbers are flagged but compact dates still read', () => {
    const noExcel = make({ excel_serial: false });
    expect(noExcel('44259', context).flags?.[0]?.code).toBe('unparseable_date');
    expect(noExcel('20210304', context)).toEqual({ value: '2021-03-04' });
  });

  test('options: strict, with defaults', () => {
    expect(dateNormalizer.options.parse({})).toEqual({ order: 'MDY', excel_serial: true, excel_serial_min: 10000, two_digit_year_pivot: 50, time: 'keep' });
    expect(() => dateNormalizer.options.parse({ order: 'DYM' })).toThrow();
    expect(() => dateNormalizer.options.parse({ format: 'iso' })).toThrow();
    expect(() => dateNormalizer.options.parse({ two_digit_year_pivot: 101 })).toThrow();
  });

  test('day-number arithmetic round-trips', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1899, 12, 30)).toBe(-25569);
    for (let days = -800_000; days <= 3_000_000; days += 997) {
      const [y, m, d] = civilFromDays(days);
      expect(daysFromCivil(y, m, d)).toBe(days);
    }
  });

  test('results do not depend on the machine time zone', () => {
    // Run this file under TZ=America/Los_Angeles and TZ=Asia/Tokyo: the expectations above are fixed strings.
    expect(mdy('2019-03-04T00:30:00+02:00', context)).toEqual({ value: '2019-03-03T22:30:00Z' });
    expect(mdy('2019-03-10 02:30:00', context)).toEqual({ value: '2019-03-10T02:30:00' }); // a DST gap in Los Angeles
  });

  test('repeated values return the same result object', () => {
    const normalize = make();
    const first = normalize('03/04/2021', context);
    expect(normalize('03/04/2021', context)).toBe(first);
  });
});

describe('date: the whole Excel 1900 system', () => {
  const all = make({ excel_serial_min: 1 });
  test.each([
    ['1', '1900-01-01'],
    ['59', '1900-02-28'],
    ['61', '1900-03-01'],
  ])('%j -> %s with excel_serial_min 1', (input, expected) => {
    expect(all(input, context)).toEqual({ value: expected });
  });

  test('serial 60 is the 1900-02-29 that never was: flagged', () => {
    expect(all('60', context)).toMatchObject({ value: '60', flags: [{ code: 'invalid_date' }] });
  });

  test('by default a bare year is not a serial date', () => {
    expect(mdy('1985', context)).toMatchObject({ value: '1985', flags: [{ code: 'unparseable_date' }] });
  });
});
