import { describe, expect, test } from 'vitest';
import { buildMergePlan } from '../../../src/stages/merge/merge-plan.js';
import type { MergeRecord } from '../../../src/stages/merge/survivorship/types.js';
import type { ResolvedFieldRule, ResolvedMerge } from '../../../src/rules/resolved.js';
import { parseRuleCall, ruleCallProblem } from '../../../src/stages/merge/survivorship/registry.js';

const FIELDS = ['first_name', 'last_name', 'email', 'email2', 'phone', 'city', 'source', 'score', 'created_at', 'updated_at'];

function rule(text: string, extra: Partial<ResolvedFieldRule> = {}): ResolvedFieldRule {
  return { ...parseRuleCall(text), into: [], separator: ';', list: text === 'union' ? undefined : undefined, ...extra };
}

function mergeRules(overrides: Partial<Omit<ResolvedMerge, 'survivor' | 'tieBreakers'>> & { survivor?: string; tieBreakers?: string[] } = {}): ResolvedMerge {
  const { survivor, tieBreakers, ...rest } = overrides;
  return {
    survivor: parseRuleCall(survivor ?? 'most_complete'),
    tieBreakers: (tieBreakers ?? []).map(parseRuleCall),
    weights: {},
    sourceField: 'source',
    sourcePriority: ['crm', 'legacy_erp', 'webform'],
    defaultRule: rule('master'),
    fields: {},
    batchSize: 500,
    inPlace: { children: [], discoverChildren: true },
    ...rest,
  };
}

let index = 0;
function record(id: string, values: Record<string, string>, flagged: string[] = []): MergeRecord {
  return { id, index: index++, values, flagged: new Set(flagged) };
}

/** One cluster of the given records, merged with the rules: the golden record of it. */
function mergeOne(records: MergeRecord[], merge: ResolvedMerge) {
  const plan = buildMergePlan({ fields: FIELDS, records, clusterOf: records.map(() => 'K') }, merge);
  expect(plan.clusters).toHaveLength(1);
  return plan.clusters[0]!;
}

describe('survivor (master) rules', () => {
  const a = record('A', { first_name: 'Ann', email: 'a@x.com', updated_at: '2020-01-01', created_at: '2015-01-01', source: 'webform' });
  const b = record('B', { first_name: 'Ann', last_name: 'Lee', email: 'a@x.com', updated_at: '2022-06-01', created_at: '2018-01-01', source: 'legacy_erp' });
  const c = record('C', { first_name: 'Ann', last_name: 'Lee', updated_at: '2021-01-01', created_at: '2010-01-01', source: 'crm' });
  test.each([
    ['most_complete', [], 'B'],
    ['most_recent(updated_at)', [], 'B'],
    ['oldest(created_at)', [], 'C'],
    ['source_priority', [], 'C'],
    // A tie on completeness (B and C fill the same count when email weighs nothing) goes to the tie-breaker.
    ['most_complete', ['oldest(created_at)'], 'B'],
  ])('%s (then %j) picks %s', (survivor, tieBreakers, expected) => {
    expect(mergeOne([a, b, c], mergeRules({ survivor, tieBreakers })).survivor).toBe(expected);
  });
  test('weights change what "complete" means; a full tie goes to the record read first', () => {
    expect(mergeOne([a, b, c], mergeRules({ weights: { email: 0, last_name: 0, source: 0, created_at: 0, updated_at: 0 } })).survivor).toBe('A');
    expect(mergeOne([a, b, c], mergeRules({ weights: { email: 0 }, tieBreakers: ['oldest(created_at)'] })).survivor).toBe('C');
  });
});

describe('field rules', () => {
  const r1 = record('R1', { first_name: 'Bob', city: 'Boston', score: '9', phone: '+111', created_at: '2019-05-01', updated_at: '2020-01-01', source: 'webform' });
  const r2 = record('R2', { first_name: 'Robert', city: 'boston', score: '10', phone: '', created_at: '2018-05-01', updated_at: '2023-01-01', source: 'crm' });
  const r3 = record('R3', { first_name: 'Rob', city: 'Boston', score: '', phone: '+333', created_at: '', updated_at: '2021-01-01', source: 'legacy_erp', last_name: 'Lee', email: 'r@x.com', email2: 'r2@x.com' });
  test.each([
    // field, rule, expected value, from record
    ['first_name', 'master', 'Rob', 'R3'],
    ['first_name', 'longest', 'Robert', 'R2'],
    ['first_name', 'most_recent(updated_at)', 'Robert', 'R2'],
    ['first_name', 'oldest(created_at)', 'Robert', 'R2'],
    ['first_name', 'source_priority', 'Robert', 'R2'],
    ['city', 'most_frequent', 'Boston', 'R3'],
    ['score', 'max', '10', 'R2'],
    ['score', 'min', '9', 'R1'],
    ['score', 'master', '9', 'R1'],
    ['created_at', 'min', '2018-05-01', 'R2'],
    ['created_at', 'max', '2019-05-01', 'R1'],
    ['phone', 'first_non_empty', '+333', 'R3'],
    ['phone', 'most_complete', '+333', 'R3'],
  ])('%s by %s: %j from %s', (field, text, value, from) => {
    const golden = mergeOne([r1, r2, r3], mergeRules({ fields: { [field]: rule(text) } }));
    expect(golden.survivor).toBe('R3');
    expect(golden.values[field]).toBe(value);
    expect(golden.lineage[field]).toEqual({ record: from, rule: text });
  });

  test('an empty value never replaces a filled one, whatever the rule', () => {
    for (const text of ['master', 'most_recent(updated_at)', 'source_priority', 'min', 'longest']) {
      const golden = mergeOne([record('E1', { last_name: 'Lee', city: '', updated_at: '2030-01-01', source: 'crm', score: '' }), record('E2', { city: 'Oslo', score: '5' })], mergeRules({ fields: { city: rule(text), score: rule(text) } }));
      expect(golden.values['city'], text).toBe('Oslo');
      expect(golden.values['score'], text).toBe('5');
    }
  });

  test('a value normalize flagged loses to a valid one, and is kept when it is the only one', () => {
    const golden = mergeOne(
      [record('F1', { last_name: 'Lee', email: 'bad@@x', phone: 'call me' }, ['email', 'phone']), record('F2', { email: 'good@x.com' })],
      mergeRules({ fields: { email: rule('master'), phone: rule('master') } }),
    );
    expect(golden.survivor).toBe('F1');
    expect(golden.values['email']).toBe('good@x.com');
    expect(golden.lineage['email']!.record).toBe('F2');
    expect(golden.values['phone']).toBe('call me');
    // Only valid values conflict.
    expect(golden.conflicts.map((c) => c.field)).toEqual([]);
  });

  test('conflicts: two different valid values, listed with the records holding each', () => {
    const golden = mergeOne([r1, r2, r3], mergeRules({ fields: { first_name: rule('longest') } }));
    expect(golden.conflicts.find((c) => c.field === 'first_name')).toEqual({
      field: 'first_name',
      rule: 'longest',
      chosen: 'Robert',
      values: [
        { value: 'Rob', records: ['R3'] },
        { value: 'Bob', records: ['R1'] },
        { value: 'Robert', records: ['R2'] },
      ],
    });
    expect(golden.conflicts.find((c) => c.field === 'score')).toMatchObject({ chosen: '9', values: [{ value: '9' }, { value: '10' }] });
  });
});

describe('union', () => {
  const u1 = record('U1', { last_name: 'Lee', email: 'a@x.com', email2: 'b@x.com', phone: '+1' });
  const u2 = record('U2', { email: 'c@x.com', phone: '+2' });
  const u3 = record('U3', { email: 'b@x.com', phone: 'junk' }, ['phone']);
  const u4 = record('U4', { email: 'd@x.com' });
  test("the survivor's value stays; the others fill the secondary fields, then the list column; nothing is lost", () => {
    const golden = mergeOne([u1, u2, u3, u4], mergeRules({ fields: { email: rule('union', { into: ['email2'], list: 'other_emails' }), phone: rule('union', { list: 'phones' }) } }));
    expect(golden.values).toMatchObject({ email: 'a@x.com', email2: 'b@x.com', other_emails: 'c@x.com;d@x.com', phone: '+1', phones: '+2;junk' });
    expect(golden.lineage['email2']).toEqual({ record: 'U1', rule: 'union' });
    expect(golden.lineage['other_emails']!.record).toBe('U2;U4');
  });
  test('what an earlier merge kept in the list column is merged again, each value once', () => {
    const old = record('O1', { last_name: 'Lee', email: 'a@x.com', other_emails: 'z@old.com;a@x.com' });
    const golden = mergeOne([old, record('O2', { email: 'c@x.com' })], mergeRules({ fields: { email: rule('union', { list: 'other_emails' }) } }));
    expect(golden.values).toMatchObject({ email: 'a@x.com', other_emails: 'z@old.com;c@x.com' });
  });

  test('the columns of the plan include the union columns that are not fields', () => {
    const plan = buildMergePlan({ fields: FIELDS, records: [u1, u2], clusterOf: ['K', 'K'] }, mergeRules({ fields: { email: rule('union', { into: ['email2'], list: 'other_emails' }) } }));
    expect(plan.columns.slice(-1)).toEqual(['other_emails']);
    expect(plan.rules['email2']).toBeUndefined();
  });
});

describe('plans', () => {
  test('counts: records = golden + merged away; golden ids are the survivors\' ids, in input order of clusters', () => {
    const records = [record('1', { last_name: 'A' }), record('2', { last_name: 'B', city: 'X' }), record('3', { last_name: 'A', city: 'Y' }), record('4', {})];
    const plan = buildMergePlan({ fields: FIELDS, records, clusterOf: ['1', '2', '1', '4'] }, mergeRules());
    expect(plan.counts).toEqual({ records: 4, golden: 3, mergedAway: 1, multiRecordClusters: 1, conflicts: 0 });
    expect(plan.clusters.map((c) => [c.goldenId, c.recordIds])).toEqual([
      ['3', ['3', '1']],
      ['2', ['2']],
      ['4', ['4']],
    ]);
  });
  test('deterministic: the same input gives the same plan', () => {
    const make = () => [{ first_name: 'Al', city: 'P' }, { first_name: 'Alan', city: 'Q' }, { first_name: 'Al', city: 'Q' }].map((values, i): MergeRecord => ({ id: 'xyz'[i]!, index: i, values, flagged: new Set() }));
    const one = buildMergePlan({ fields: FIELDS, records: make(), clusterOf: ['k', 'k', 'k'] }, mergeRules({ fields: { first_name: rule('most_frequent'), city: rule('longest') } }));
    const two = buildMergePlan({ fields: FIELDS, records: make(), clusterOf: ['k', 'k', 'k'] }, mergeRules({ fields: { first_name: rule('most_frequent'), city: rule('longest') } }));
    expect(JSON.stringify(one.clusters)).toBe(JSON.stringify(two.clusters));
  });
});

describe('rule names', () => {
  test.each([
    ['most_recent', 'record', '"most_recent" needs the field it reads, like most_recent(updated_at)'],
    ['longest', 'record', '"longest" chooses a field\'s value, not a surviving record; allowed here: most_complete, most_recent(field), oldest(field), source_priority'],
    ['max(score)', 'field', '"max" takes no field; write max'],
    ['newest', 'field', 'unknown rule "newest"; allowed: master, most_complete, first_non_empty, most_recent(field), oldest(field), most_frequent, longest, source_priority, max, min, union'],
    ['oldest(created_at)', 'record', undefined],
  ] as const)('%s as a %s rule', (text, use, problem) => {
    expect(ruleCallProblem(parseRuleCall(text), use)).toBe(problem);
  });
});

describe('dates normalize could not read', () => {
  // "next week" stays as written and is flagged; as text it would sort after every ISO date.
  const stale = record('S', { first_name: 'Ann', last_name: 'Lee', city: 'Paris', updated_at: 'next week' }, ['updated_at']);
  const fresh = record('F', { first_name: 'Ann', city: 'Lyon', updated_at: '2023-05-01' });
  test('count as no date for most_recent and oldest, as survivor rule and as field rule', () => {
    expect(mergeOne([stale, fresh], mergeRules({ survivor: 'most_recent(updated_at)' })).survivor).toBe('F');
    expect(mergeOne([stale, fresh], mergeRules({ survivor: 'oldest(updated_at)' })).survivor).toBe('F');
    const golden = mergeOne([stale, fresh], mergeRules({ fields: { city: rule('most_recent(updated_at)') } }));
    expect(golden.survivor).toBe('S');
    expect(golden.values['city']).toBe('Lyon');
    expect(golden.lineage['city']).toEqual({ record: 'F', rule: 'most_recent(updated_at)' });
  });
});
