import { withArticle } from '../../wording.js';
import { share, verdict, type CheckDefinition } from './check.js';

export const freshnessCheck: CheckDefinition = {
  name: 'freshness',
  description: 'Age of the newest record and share of stale records, by a date field.',
  run({ rules, figures }) {
    const spec = rules.freshness;
    const f = figures.freshness;
    if (!spec || !f) return [];
    const results = [];
    if (spec.stale !== undefined) {
      results.push(
        verdict(spec.stale, spec.severity, {
          name: `${spec.field} freshness`,
          field: spec.field,
          metric: 'stale_rate',
          value: share(f.stale, f.dated, 0),
          share: true,
          samples: f.staleSamples,
          what: `${f.stale.toLocaleString('en-US')} of ${f.dated.toLocaleString('en-US')} dated records are older than ${spec.stale_after_days} days`,
        }),
      );
    }
    if (spec.newest !== undefined) {
      // No dated record at all is as stale as it gets.
      const age = f.newestAgeDays === null ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(f.newestAgeDays));
      results.push(
        verdict(spec.newest, spec.severity, {
          name: `newest ${spec.field}`,
          field: spec.field,
          metric: 'newest_age_days',
          value: Number.isFinite(age) ? age : -1,
          share: false,
          samples: [],
          what: f.newestAgeDays === null ? `no record has ${withArticle(spec.field)} date` : `the newest record is ${age} days old`,
        }),
      );
      if (!Number.isFinite(age)) results[results.length - 1] = { ...results[results.length - 1]!, status: spec.severity };
    }
    return results;
  },
};
