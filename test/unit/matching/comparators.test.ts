import { describe, expect, test } from 'vitest';
import { comparatorNames, comparators, getComparator } from '../../../src/matching/comparators/registry.js';
import { NULL_LEVEL, type Comparison, type MatchRecord } from '../../../src/matching/types.js';

/** Builds a comparison from a registry name and rule-file options, as the dedupe stage does. */
function comparison(method: string, options: Record<string, unknown> = {}, field = 'value'): Comparison {
  const definition = getComparator(method);
  return definition.create(definition.options.parse(options), field, field);
}

/** The label of the level a pair of values reaches. */
function level(c: Comparison, a: MatchRecord, b: MatchRecord): string {
  const index = c.compare(a, b);
  const reverse = c.compare(b, a);
  expect(reverse, 'comparisons are symmetric').toBe(index);
  // The prepared form (records by index, what dedupe runs on millions of pairs) gives the same level.
  const prepared = c.prepare?.([a, b, { ...a }]);
  if (prepared) {
    expect(prepared(0, 1), `${c.method} prepared`).toBe(index);
    expect(prepared(1, 0), `${c.method} prepared, reversed`).toBe(index);
    expect(prepared(0, 2), `${c.method} prepared, a record against its copy`).toBe(c.compare(a, { ...a }));
  }
  return index === NULL_LEVEL ? 'null' : c.levels[index]!.label;
}

const pair = (c: Comparison, a: string | undefined, b: string | undefined) => level(c, { value: a }, { value: b });

describe('registry', () => {
  test('every comparator builds with default options and ends with else', () => {
    for (const definition of comparators) {
      const options = definition.options.parse({});
      const c = definition.create(options, 'field', 'name');
      expect(c.method).toBe(definition.name);
      expect(c.name).toBe('name');
      expect(c.reads).toContain('field');
      expect(c.levels.at(-1)?.label).toBe('else');
      expect(new Set(c.levels.map((l) => l.label)).size, definition.name).toBe(c.levels.length);
      for (const l of c.levels) expect(l.description, `${definition.name} ${l.label}`).toMatch(/^[a-z]/);
      expect(definition.description.length).toBeGreaterThan(20);
    }
  });

  test('names are unique and looked up', () => {
    expect(new Set(comparatorNames).size).toBe(comparators.length);
    expect(comparatorNames).toEqual(
      expect.arrayContaining(['exact', 'levenshtein', 'damerau', 'jaro_winkler', 'jaccard', 'phonetic', 'name', 'email', 'phone', 'date', 'number', 'company', 'postcode']),
    );
    expect(() => getComparator('levenstein')).toThrow(/unknown comparator/);
  });

  test.each(comparators.map((c) => [c.name]))('%s returns NULL_LEVEL for missing or empty values', (method) => {
    const c = comparison(method, {}, 'value');
    expect(c.compare({}, { value: 'x' })).toBe(NULL_LEVEL);
    expect(c.compare({ value: 'x' }, { value: '' })).toBe(NULL_LEVEL);
    expect(c.compare({ value: undefined }, { value: undefined })).toBe(NULL_LEVEL);
  });

  test.each([
    ['levenshtein', { thresholds: [2, 1] }],
    ['jaro_winkler', { thresholds: [0.8, 0.92] }],
    ['jaro_winkler', { thresholds: [1.5] }],
    ['jaro_winkler', { threshold: 0.9 }],
    ['phonetic', { algorithm: 'nysiis' }],
    ['number', { tolerances: [0.05, 0.01] }],
    ['date', { within_days: 0 }],
  ])('%s rejects options %j', (method, options) => {
    expect(getComparator(method).options.safeParse(options).success).toBe(false);
  });
});

describe('exact', () => {
  const c = comparison('exact');
  test.each([
    ['Berlin', 'Berlin', 'exact'],
    ['Berlin', 'berlin', 'else'],
    ['Berlin', undefined, 'null'],
  ])('%j ~ %j: %s', (a, b, expected) => {
    expect(pair(c, a, b)).toBe(expected);
  });
  test('term value', () => {
    expect(c.termValue?.({ value: 'Berlin' })).toBe('Berlin');
    expect(c.termValue?.({})).toBeUndefined();
  });
});

describe('levenshtein and damerau', () => {
  const lev = comparison('levenshtein');
  const dam = comparison('damerau');
  test.each([
    ['Meyer', 'Meyer', 'exact', 'exact'],
    ['Meyer', 'Meier', 'levenshtein <= 1', 'damerau <= 1'],
    ['John', 'Jonh', 'levenshtein <= 2', 'damerau <= 1'],
    ['Smith', 'Smyth', 'levenshtein <= 1', 'damerau <= 1'],
    ['Schmidt', 'Schmitt', 'levenshtein <= 1', 'damerau <= 1'],
    ['Katherine', 'Catherine', 'levenshtein <= 1', 'damerau <= 1'],
    ['Stephen', 'Steven', 'levenshtein <= 2', 'damerau <= 2'],
    ['Johnson', 'Jonsen', 'levenshtein <= 2', 'damerau <= 2'],
    ['Alexander', 'Alex', 'else', 'else'],
    ['Müller', 'Mueller', 'levenshtein <= 2', 'damerau <= 2'],
  ])('%s ~ %s: %s / %s', (a, b, expectedLev, expectedDam) => {
    expect(pair(lev, a, b)).toBe(expectedLev);
    expect(pair(dam, a, b)).toBe(expectedDam);
  });
  test('custom thresholds', () => {
    const c = comparison('damerau', { thresholds: [1, 3] });
    expect(c.levels.map((l) => l.label)).toEqual(['exact', 'damerau <= 1', 'damerau <= 3', 'else']);
    expect(pair(c, 'kitten', 'sitting')).toBe('damerau <= 3');
  });
});

describe('jaro_winkler', () => {
  const c = comparison('jaro_winkler');
  test('levels', () => {
    expect(c.levels.map((l) => l.label)).toEqual(['exact', 'jaro_winkler >= 0.92', 'jaro_winkler >= 0.8', 'else']);
  });
  test.each([
    ['MARTHA', 'MARTHA', 'exact'],
    ['MARTHA', 'MARHTA', 'jaro_winkler >= 0.92'],
    ['DWAYNE', 'DUANE', 'jaro_winkler >= 0.8'],
    ['DIXON', 'DICKSONX', 'jaro_winkler >= 0.8'],
    ['Jonathan', 'Jonathon', 'jaro_winkler >= 0.92'],
    ['Jonathan', 'Johnathan', 'jaro_winkler >= 0.8'],
    ['Smith', 'Jones', 'else'],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(pair(c, a, b)).toBe(expected);
  });
});

describe('jaccard', () => {
  const c = comparison('jaccard');
  test.each([
    ['Senior Software Engineer', 'Senior Software Engineer', 'exact'],
    ['Senior Software Engineer', 'Software Engineer, Senior', 'same words'],
    ['Head of Sales EMEA', 'head of sales', 'jaccard >= 0.6'],
    ['Acme Widgets Europe Ltd', 'Acme Widgets Ltd', 'jaccard >= 0.6'],
    ['Chief Executive Officer', 'Sales Manager', 'else'],
    ['--', '...', 'else'],
  ])('%j ~ %j: %s', (a, b, expected) => {
    expect(pair(c, a, b)).toBe(expected);
  });
});

describe('phonetic', () => {
  const dm = comparison('phonetic');
  const sx = comparison('phonetic', { algorithm: 'soundex' });
  test.each([
    ['Smith', 'Smith', 'exact', 'exact'],
    ['Smith', 'Schmidt', 'sounds alike', 'sounds alike'],
    ['Meyer', 'Maier', 'sounds alike', 'sounds alike'],
    ['Robert', 'Rupert', 'sounds alike', 'sounds alike'],
    ['Yvonne', 'Evon', 'sounds alike', 'else'],
    ['Sean', 'Shawn', 'else', 'sounds alike'],
    ['Catherine', 'Kathryn', 'sounds alike', 'else'],
    ['Schneider', 'Snyder', 'sounds alike', 'sounds alike'],
    ['Thompson', 'Thomson', 'else', 'else'],
    ['Müller', 'Mueller', 'sounds alike', 'sounds alike'],
    ['Smith', 'Jones', 'else', 'else'],
  ])('%s ~ %s: %s (double metaphone) / %s (soundex)', (a, b, expectedDm, expectedSx) => {
    expect(pair(dm, a, b)).toBe(expectedDm);
    expect(pair(sx, a, b)).toBe(expectedSx);
  });
});

describe('name', () => {
  const first = comparison('name', { swap_with: 'last_name' }, 'first_name');
  const both = (a: string, b: string) => level(first, { first_name: a }, { first_name: b });

  test('levels, strongest first', () => {
    expect(first.levels.map((l) => l.label)).toEqual([
      'exact', 'pinyin', 'nickname', 'initial', 'swapped', 'jaro_winkler >= 0.92', 'jaro_winkler >= 0.8', 'sounds alike', 'else',
    ]);
    expect(first.reads).toEqual(['first_name', 'last_name']);
  });

  test.each([
    ['José', 'jose', 'exact'],
    ['JOHN', 'John', 'exact'],
    ["O'Brien", 'OBrien', 'exact'],
    ['王伟', 'Wang Wei', 'pinyin'],
    ['王伟', 'Wei Wang', 'pinyin'],
    ['王伟', 'WANGWEI', 'pinyin'],
    ['伟', 'Wei', 'pinyin'],
    ['黄晓明', 'Huang Xiaoming', 'pinyin'],
    ['吕芳', 'Lyu Fang', 'pinyin'],
    ['陈', '陳', 'sounds alike'],
    ['王伟', 'Li Na', 'else'],
    ['Bob', 'Robert', 'nickname'],
    ['Bill', 'William', 'nickname'],
    ['Liz', 'Elizabeth', 'nickname'],
    ['Hannes', 'Johannes', 'nickname'],
    ['Paco', 'Francisco', 'nickname'],
    ['Pepe', 'José', 'nickname'],
    ['J.', 'John', 'initial'],
    ['J', 'John', 'initial'],
    ['Christina', 'Kristina', 'nickname'],
    ['Catherine', 'Kathryn', 'nickname'],
    ['Jonathan', 'Jonathon', 'jaro_winkler >= 0.92'],
    ['Caitlin', 'Kaitlyn', 'jaro_winkler >= 0.8'],
    ['Yvonne', 'Evon', 'sounds alike'],
    ['Aaron', 'Erin', 'sounds alike'],
    ['Bob', 'William', 'else'],
    ['K', 'John', 'else'],
    ['-', 'John', 'null'],
  ])('%j ~ %j: %s', (a, b, expected) => {
    expect(both(a, b)).toBe(expected);
  });

  test('first and last name swapped', () => {
    const a = { first_name: 'Smith', last_name: 'John' };
    const b = { first_name: 'John', last_name: 'Smith' };
    expect(level(first, a, b)).toBe('swapped');
    expect(level(first, { first_name: 'Müller', last_name: 'Anna' }, { first_name: 'Anna', last_name: 'MÜLLER' })).toBe('swapped');
  });

  test('options turn levels off', () => {
    const plain = comparison('name', { nicknames: false, initials: false, pinyin: false }, 'first_name');
    expect(plain.levels.map((l) => l.label)).toEqual(['exact', 'jaro_winkler >= 0.92', 'jaro_winkler >= 0.8', 'sounds alike', 'else']);
    expect(level(plain, { first_name: 'Bob' }, { first_name: 'Robert' })).toBe('else');
  });

  test('term value is the folded name', () => {
    expect(first.termValue?.({ first_name: 'José' })).toBe('jose');
    expect(first.termValue?.({ first_name: '' })).toBeUndefined();
  });
});

describe('email', () => {
  const c = comparison('email', {}, 'email');
  const rec = (email: string, key?: string): MatchRecord => ({ email, 'email.key': key });
  test('reads the match key', () => {
    expect(c.reads).toEqual(['email', 'email.key']);
  });
  test.each([
    [rec('anna@example.com', 'anna@example.com'), rec('anna@example.com', 'anna@example.com'), 'exact'],
    [rec('Anna@Example.com'), rec('anna@example.com'), 'exact'],
    [rec('anna.schmidt@gmail.com', 'annaschmidt@gmail.com'), rec('annaschmidt+crm@gmail.com', 'annaschmidt@gmail.com'), 'same match key'],
    [rec('anna.schmidt@gmail.com'), rec('anna.schmidt@web.de'), 'same local part'],
    [rec('anna.schmidt@example.com'), rec('anna.schmitd@example.com'), 'jaro_winkler >= 0.92'],
    [rec('anna@example.com'), rec('bob@other.org'), 'else'],
  ])('%j ~ %j: %s', (a, b, expected) => {
    expect(level(c, a, b)).toBe(expected);
  });
});

describe('phone', () => {
  const c = comparison('phone');
  test.each([
    ['+14155552671', '+14155552671', 'exact'],
    ['+1 (415) 555-2671', '+14155552671', 'exact'],
    ['+494012345678', '04012345678', 'same national number'],
    ['+494012345678', '0049 40 12345678', 'exact'],
    ['+14155552671', '(415) 555-2671', 'same national number'],
    ['+14155552671', '14155552671', 'same national number'],
    ['+390612345678', '0612345678', 'same national number'],
    ['+442071234567', '+442081234567', 'same last 7 digits'],
    ['+442071234567', '+442079876543', 'else'],
    ['+14155552671', '+16505552671', 'same last 7 digits'],
    ['+14155552671', '+444155552671', 'same last 7 digits'],
    ['+14155552671', '+14155559999', 'else'],
    // A trunk 0 kept after the country code is still the same national number.
    ['+4402071234567', '+442071234567', 'same national number'],
    ['+3906123456', '+396123456', 'same national number'],
    ['+4915155552671', '+14155552671', 'same last 7 digits'],
    ['+1555267', '+1555267', 'exact'],
    ['+15552671', '+25552671', 'same last 7 digits'],
    ['n/a', '+14155552671', 'null'],
  ])('%j ~ %j: %s', (a, b, expected) => {
    expect(pair(c, a, b)).toBe(expected);
  });
});

describe('date', () => {
  const c = comparison('date');
  test('levels', () => {
    expect(c.levels.map((l) => l.label)).toEqual(['exact', 'day and month swapped', 'within 30 days', 'same year', 'else']);
  });
  test.each([
    ['1985-03-04', '1985-03-04', 'exact'],
    ['1985-03-04', '1985-03-04T00:00:00Z', 'exact'],
    ['1985-03-04', '1985-04-03', 'day and month swapped'],
    ['1985-03-04', '1985-03-20', 'within 30 days'],
    ['1984-12-20', '1985-01-10', 'within 30 days'],
    ['1985-03-04', '1985-11-30', 'same year'],
    ['1985-03-04', '1958-03-04', 'else'],
    ['unknown', 'unknown', 'exact'],
    ['03/04/1985', '1985-03-04', 'else'],
    ['1985-02-30', '1985-03-02', 'else'],
  ])('%j ~ %j: %s', (a, b, expected) => {
    expect(pair(c, a, b)).toBe(expected);
  });
  test('within_days option', () => {
    const week = comparison('date', { within_days: 7 });
    expect(week.levels[2]?.label).toBe('within 7 days');
    expect(pair(week, '2024-01-01', '2024-01-20')).toBe('same year');
  });
});

describe('number', () => {
  const c = comparison('number');
  test.each([
    ['1200', '1200', 'exact'],
    ['1200', '1200.0', 'exact'],
    ['1,200.50', '1200.5', 'exact'],
    ['1200,5', '1200.5', 'exact'],
    ['1000', '1009', 'within 1%'],
    ['1000', '1020', 'else'],
    ['-50', '50', 'else'],
    ['n/a', '1000', 'else'],
  ])('%j ~ %j: %s', (a, b, expected) => {
    expect(pair(c, a, b)).toBe(expected);
  });
  test('absolute tolerances', () => {
    const abs = comparison('number', { tolerances: [1, 10], relative: false });
    expect(abs.levels.map((l) => l.label)).toEqual(['exact', 'within 1', 'within 10', 'else']);
    expect(pair(abs, '100', '105')).toBe('within 10');
  });
});

describe('company', () => {
  const c = comparison('company', {}, 'company');
  const rec = (company: string, key?: string): MatchRecord => ({ company, 'company.key': key });
  test('levels', () => {
    expect(c.levels.map((l) => l.label)).toEqual(['same company key', 'jaro_winkler >= 0.92', 'same words', 'jaccard >= 0.6', 'else']);
    expect(c.reads).toEqual(['company', 'company.key']);
  });
  test.each([
    [rec('Acme Inc.', 'acme'), rec('ACME Corporation', 'acme'), 'same company key'],
    [rec('Acme Inc.'), rec('ACME, Inc')], // keys derived from the names when the normalizer did not run
    [rec('Siemens AG', 'siemens'), rec('Siemes AG', 'siemes'), 'jaro_winkler >= 0.92'],
    [rec('Bank of America', 'bankofamerica'), rec('America Bank', 'americabank'), 'jaccard >= 0.6'],
    [rec('Müller & Söhne GmbH', 'mullerandsohne'), rec('Söhne Müller GmbH', 'sohnemuller'), 'same words'],
    [rec('Acme Inc.', 'acme'), rec('Globex Corporation', 'globex'), 'else'],
  ])('%j ~ %j: %s', (a, b, expected = 'same company key') => {
    expect(level(c, a, b)).toBe(expected);
  });
  test('term value is the key', () => {
    expect(c.termValue?.(rec('Acme Inc.', 'acme'))).toBe('acme');
    expect(c.termValue?.(rec('Acme Inc.'))).toBe('acme');
  });
});

describe('postcode', () => {
  const c = comparison('postcode');
  test.each([
    ['SW1A 1AA', 'sw1a1aa', 'exact'],
    ['SW1A 1AA', 'SW1A 2BB', 'same first 3 characters'],
    ['10115', '10117', 'same first 3 characters'],
    ['10115', '80331', 'else'],
    ['1', '1', 'exact'],
    ['12', '13', 'else'],
  ])('%j ~ %j: %s', (a, b, expected) => {
    expect(pair(c, a, b)).toBe(expected);
  });
});
