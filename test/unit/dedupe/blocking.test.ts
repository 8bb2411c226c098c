import { describe, expect, test } from 'vitest';
import { parseKeyPart, type BlockingKeyPart } from '../../../src/matching/blocking-keys.js';
import { blockPairs, ruleKey, ruleKeys, type BlockingRule } from '../../../src/matching/blocking.js';

const rule = (...parts: string[]): BlockingRule => ({ text: parts.join(' + '), parts: parts.map((p) => parseKeyPart(p) as BlockingKeyPart) });
const pairsOf = (result: { a: Int32Array; b: Int32Array; count: number }) => Array.from({ length: result.count }, (_, i) => `${result.a[i]}-${result.b[i]}`);

describe('blocking keys', () => {
  test.each([
    ['last_name.metaphone', { last_name: 'Schmidt' }, 'XMT'],
    ['first_name.initial', { first_name: 'Élodie' }, 'e'],
    ['postcode.prefix3', { postcode: 'SW1A 1AA' }, 'sw1'],
    ['phone.last7', { phone: '+14155552671' }, '5552671'],
    ['email.key', { 'email.key': 'ann@gmail.com' }, 'ann@gmail.com'],
    ['created_at.year', { created_at: '2021-03-04' }, '2021'],
    ['company.sorted_words', { company: 'Smith & Wesson' }, 'smith wesson'],
    ['city', { city: '  Berlin ' }, 'Berlin'],
    ['website.domain', { website: 'https://www.Acme.com/about?x=1' }, 'acme.com'],
    ['email.domain', { email: 'Sales@ACME.com' }, 'acme.com'],
    ['website.domain', { website: 'acme.co.uk' }, 'acme.co.uk'],
    ['last_name.soundex', {}, ''],
  ])('%s of %j is %j', (text, record, expected) => {
    const part = parseKeyPart(text);
    expect('error' in part).toBe(false);
    expect((part as BlockingKeyPart).value(record)).toBe(expected);
  });

  test('a key that is only a transform is refused', () => {
    expect(parseKeyPart('.metaphone')).toHaveProperty('error');
  });
});

describe('blockPairs', () => {
  const records = [
    { email: 'a@x.com', last_name: 'Smith', first_name: 'John' },
    { email: 'a@x.com', last_name: 'Smyth', first_name: 'Jon' },
    { email: 'b@x.com', last_name: 'Smith', first_name: 'Jane' },
    { last_name: 'Jones', first_name: 'Jo' },
    { email: 'b@x.com' },
  ];

  test('rules are OR-ed and a pair found by an earlier rule is not produced twice', () => {
    const result = blockPairs([rule('email'), rule('last_name.metaphone', 'first_name.initial')], records, { maxBlockSize: 100 });
    // Smith and Smyth sound alike (SM0) and John, Jon and Jane share the initial: 0-1 came from email already.
    expect(pairsOf(result)).toEqual(['0-1', '2-4', '0-2', '1-2']);
    expect(result.rules.map((r) => [r.rule, r.pairs, r.newPairs])).toEqual([
      ['email', 2, 2],
      ['last_name.metaphone + first_name.initial', 3, 2],
    ]);
  });

  test('an empty key part blocks nothing', () => {
    const result = blockPairs([rule('email', 'first_name')], records, { maxBlockSize: 100 });
    expect(pairsOf(result)).toEqual([]);
  });

  test('a block over the cap is skipped and reported, and a later rule still finds its pairs', () => {
    const result = blockPairs([rule('last_name.metaphone'), rule('email')], records, { maxBlockSize: 2 });
    expect(result.oversized).toEqual([{ rule: 'last_name.metaphone', key: 'SM0', size: 3, pairs: 3 }]);
    expect(result.rules[0]).toMatchObject({ skippedBlocks: 1, skippedPairs: 3, pairs: 0 });
    expect(pairsOf(result)).toEqual(['0-1', '2-4']);
  });

  test('link mode: only pairs across the two sides, side 0 first', () => {
    const side = Uint8Array.from([1, 0, 0, 1, 1]);
    const result = blockPairs([rule('email')], records, { maxBlockSize: 100, side });
    expect(pairsOf(result)).toEqual(['1-0', '2-4']);
  });

  test('count only: the same counts without pair arrays', () => {
    const result = blockPairs([rule('email'), rule('last_name.metaphone')], records, { maxBlockSize: 100, countOnly: true });
    expect(result.count).toBe(4);
    expect(result.a.length).toBe(0);
  });
});

describe('ruleKeys', () => {
  const names = ['Smith', ' Smith', 'Smyth', 'Jones', '', 'Schmidt', 'smith', 'J', 'Jo'];
  const records = Array.from({ length: 400 }, (_, i) => ({
    last_name: names[i % names.length],
    first_name: names[(i * 7) % names.length],
    city: i % 5 === 0 ? undefined : ['Berlin', 'Paris ', 'Paris'][i % 3],
  }));

  test.each([['last_name'], ['last_name.metaphone'], ['last_name.metaphone', 'first_name.initial'], ['city', 'last_name.initial', 'first_name.soundex']])(
    'numbers %j as the key texts would, in first-seen order',
    (...parts) => {
      const r = rule(...parts);
      const seen = new Map<string, number>();
      const expected = records.map((record) => {
        const key = ruleKey(r, record);
        if (key === undefined) return -1;
        if (!seen.has(key)) seen.set(key, seen.size);
        return seen.get(key)!;
      });
      const numbered = ruleKeys(r, records);
      expect(Array.from(numbered.ids)).toEqual(expected);
      expect(numbered.count).toBe(seen.size);
    },
  );
});
