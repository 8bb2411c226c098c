import { describe, expect, test } from 'vitest';
import { dateEvidence, dateOrderOf, emptyKindTally, inferKind, tallyValue, valueKinds, type ColumnKind } from '../../../src/profile/kinds.js';
import { valueShape } from '../../../src/profile/value-shape.js';
import { guessFields, headerFields, looseReadings } from '../../../src/profile/field-guess.js';

describe('valueShape', () => {
  test.each([
    ['(415) 555-0101', '(999) 999-9999'],
    ['John Smith', 'Aaaa Aaaa'],
    ['04.03.2021', '99.99.9999'],
    ['JOHN', 'AAA'],
    ['McDonald', 'AaAaaa'],
    ['王伟', 'LL'],
    ['Jürgen Müller', 'Aaaa Aaaa'],
    ['john.smith@example.com', 'aaa.aaa@aaa.aaa'],
    ['SW1A 1AA', 'AA9A 9AA'],
    ['  K-1001 ', 'A-9999'],
    ['', ''],
  ])('%j → %j', (value, shape) => {
    expect(valueShape(value)).toBe(shape);
  });
});

describe('valueKinds', () => {
  test.each<[string, string[]]>([
    ['ann@example.com', ['email']],
    ['(415) 555-0101', ['phone']],
    ['+49 30 1234567', ['phone']],
    ['04.03.2021', ['date']],
    ['2021-03-04', ['date']],
    ['4 Mar 2021', ['date']],
    ['Deutschland', ['country']],
    ['Acme Inc.', ['company']],
    ['Müller GmbH', ['company']],
    ['Mary Johnson', ['person_name']],
    ['yes', ['boolean']],
    ['1,234.50', ['number']],
  ])('%j', (value, kinds) => {
    expect(valueKinds(value)).toEqual(expect.arrayContaining(kinds));
  });

  test('an email is nothing else', () => {
    expect(valueKinds('1@2.de')).toEqual(['email']);
  });
  test('one to three capitals are a code, not a name', () => {
    expect(valueKinds('IL')).not.toContain('person_name');
    expect(valueKinds('NSW')).not.toContain('person_name');
    expect(valueKinds('JOHN')).toContain('person_name');
  });
  test('six- and seven-digit postcodes look like postcodes (CN 100022, JP 1000001)', () => {
    expect(valueKinds('100022')).toContain('postcode');
    expect(valueKinds('1000001')).toContain('postcode');
  });
  test('a date is not a phone', () => {
    expect(valueKinds('04.03.2021')).not.toContain('phone');
    expect(valueKinds('12345')).not.toContain('phone');
  });
});

describe('dateEvidence', () => {
  test.each([
    ['13/04/2021', 'day_first'],
    ['04/13/2021', 'month_first'],
    ['03/04/2021', 'ambiguous'],
    ['03.04.2021', 'dotted'],
    ['2021-04-03', 'year_first'],
    ['2021年4月3日', 'year_first'],
    ['3 March 2021', 'words'],
    ['13/13/2021', undefined],
    ['hello', undefined],
  ])('%j → %j', (value, evidence) => {
    expect(dateEvidence(value)).toBe(evidence);
  });
});

function column(values: readonly string[], expected?: ColumnKind) {
  const tally = emptyKindTally();
  for (const v of values) tallyValue(tally, v);
  return { kind: inferKind(tally, new Set(values).size, expected).kind, order: dateOrderOf(tally) };
}

describe('inferKind', () => {
  test.each<[string, string[], ColumnKind | undefined, ColumnKind]>([
    ['emails with one placeholder-like value', ['a@x.com', 'b@y.org', 'c@z.de', 'nope'], undefined, 'email'],
    ['US phones', ['(415) 555-0101', '212-555-0199', '+1 312 555 0173'], undefined, 'phone'],
    ['dates', ['13/04/2021', '01/02/2020', '2021-05-02'], undefined, 'date'],
    ['countries', ['Deutschland', 'France', 'US', 'España'], undefined, 'country'],
    ['booleans', ['yes', 'no', 'yes', 'no', 'yes'], undefined, 'boolean'],
    ['codes, all different', ['C-001', 'C-002', 'C-003', 'C-004'], undefined, 'id'],
    ['unique plain numbers are numbers', ['120', '45', '0', '300'], undefined, 'number'],
    ['unique plain numbers under an id header are ids', ['1', '2', '3', '10'], 'id', 'id'],
    ['five-digit codes under a postcode header', ['10115', '80331', '01067', '10115'], 'postcode', 'postcode'],
    ['person names', ['Mary Johnson', 'Robert Smith', 'Olivia Brown'], undefined, 'person_name'],
    ['a few words over and over are categories, not names', ['Web', 'Cold Call', 'Web', 'Trade Show', 'Web', 'Partner Referral', 'Cold Call', 'Web', 'Trade Show', 'Web', 'Web', 'Cold Call'], undefined, 'text'],
    ['state codes are not names', ['IL', 'NY', 'TX', 'IL', 'WA', 'FL', 'NJ'], undefined, 'text'],
    ['six-digit codes under a postcode header', ['100022', '200120', '518057', '110'], 'postcode', 'postcode'],
    ['companies', ['Acme Inc.', 'Globex Corporation', 'Hooli', 'Initech LLC'], undefined, 'company'],
    ['city names under a city header are text', ['London', 'Paris', 'Berlin'], 'text', 'text'],
    ['prose', ['Called twice, no answer, will try again next week', 'Wants a demo of the new product line soon'], undefined, 'text'],
  ])('%s', (_name, values, expected, kind) => {
    expect(column(values, expected).kind).toBe(kind);
  });
});

describe('dateOrderOf', () => {
  test.each([
    ['day first seen', ['13/04/2021', '03/04/2021'], { order: 'DMY', basis: 'certain' }],
    ['month first seen', ['04/13/2021', '03/04/2021'], { order: 'MDY', basis: 'certain' }],
    ['both, day first more often', ['13/04/2021', '14/04/2021', '04/13/2021'], { order: 'DMY', basis: 'mixed' }],
    ['dotted', ['03.04.2021', '04.05.2020'], { order: 'DMY', basis: 'certain' }],
    ['ISO only', ['2021-04-03', '2020-01-01'], { order: 'YMD', basis: 'certain' }],
    ['nothing tells', ['03/04/2021', '01/02/2020'], { order: 'MDY', basis: 'assumed' }],
  ])('%s', (_name, values, expected) => {
    expect(column(values).order).toMatchObject(expected);
  });
});

describe('field guesses', () => {
  test('headers map by the shipped spellings, legacy ones included', () => {
    expect(headerFields(['Cust_No', 'E-Mail Adresse', 'Tel.', 'DOB', 'Vorname', 'Something'])).toEqual(['source_id', 'email', 'phone', 'birth_date', 'first_name', undefined]);
  });
  test('dBase and Access abbreviations map by their header', () => {
    expect(headerFields(['CUSTNO', 'LNAME', 'FNAME', 'ADDR1', 'ADDR2', 'CITY', 'ST', 'ZIP', 'PHONE1', 'FAX', 'EMAIL_ADDR', 'DOB', 'LASTORD'])).toEqual([
      'source_id', 'last_name', 'first_name', 'street', 'street2', 'city', 'region', 'postcode', 'phone', 'fax', 'email', 'birth_date', undefined,
    ]);
  });
  test('a column the header does not name maps by its values; a second column of a field gets a numbered one', () => {
    const guesses = guessFields(['Email', 'EMAIL_ADDR', 'Kontakt'], [
      { kind: 'email', share: 1 },
      { kind: 'email', share: 1 },
      { kind: 'phone', share: 0.9 },
    ]);
    expect(guesses.map((g) => g?.field)).toEqual(['email', 'email_2', 'phone']);
    expect(guesses[0]!.by).toBe('header and content');
    expect(guesses[2]!.by).toBe('content');
    expect(guesses[2]!.confidence).toBeLessThan(guesses[0]!.confidence);
  });
  test('a header no spelling names is read again without qualifier words, brackets, a trailing 1, or each side of a slash', () => {
    expect(looseReadings('Email (Work)')).toEqual(['Email']);
    expect(looseReadings('CustomerEmail1')).toEqual(['Email1', 'Email']);
    expect(looseReadings('Postal/Zip')).toEqual(['Postal Zip', 'Postal', 'Zip']);
    expect(looseReadings('Primary Contact')).toEqual([]);
    expect(headerFields(['Customer Email', 'Client Phone', 'Tel. privé', 'Province/Territory', 'Customer First Name', 'Customer Since'])).toEqual([
      'email', 'phone', 'phone', 'region', 'first_name', undefined,
    ]);
  });
  test('a loose reading is less sure than a spelling, comes after it, and yields to values that contradict it', () => {
    const guesses = guessFields(['Customer Email', 'Email', 'Customer Account'], [
      { kind: 'email', share: 1 },
      { kind: 'email', share: 1 },
      { kind: 'number', share: 1 },
    ]);
    expect(guesses.map((g) => g?.field)).toEqual(['email_2', 'email', undefined]);
    expect(guesses[0]!.confidence).toBeLessThan(guesses[1]!.confidence);
    expect(guesses[0]!.reason).toContain('read as "Email"');
  });
  test('a header contradicted by the values is less sure', () => {
    const [guess] = guessFields(['Email'], [{ kind: 'phone', share: 1 }]);
    expect(guess).toMatchObject({ field: 'email', confidence: 0.5 });
  });
});
