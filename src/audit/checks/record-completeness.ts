import { share, verdict, type CheckDefinition } from './check.js';

export const recordCompletenessCheck: CheckDefinition = {
  name: 'record completeness',
  description: 'A weighted score per record (important fields weigh more): its mean, and the share of records under the floor.',
  run({ rules, figures }) {
    const spec = rules.record;
    const r = figures.record;
    if (!spec || !r) return [];
    const results = [];
    if (spec.completeness !== undefined) {
      results.push(
        verdict(spec.completeness, spec.severity, {
          name: 'record completeness',
          field: null,
          metric: 'record_score',
          value: r.mean,
          share: true,
          samples: r.belowSamples,
          what: 'the mean weighted record score',
        }),
      );
    }
    if (spec.below_floor !== undefined) {
      results.push(
        verdict(spec.below_floor, spec.severity, {
          name: 'records under the floor',
          field: null,
          metric: 'below_floor_rate',
          value: share(r.belowFloor, figures.records, 0),
          share: true,
          samples: r.belowSamples,
          what: `${r.belowFloor.toLocaleString('en-US')} of ${figures.records.toLocaleString('en-US')} records score under ${spec.floor}`,
        }),
      );
    }
    return results;
  },
};
