import { formatValue } from '../threshold.js';
import type { CheckResult } from '../types.js';
import { share, type CheckDefinition } from './check.js';

export const regressionCheck: CheckDefinition = {
  name: 'regression',
  description: "--fail-on-regression: a field's completeness dropped by more than the allowed share since the last run.",
  run({ figures, previous, failOnRegression }) {
    if (failOnRegression === undefined || !previous) return [];
    const results: CheckResult[] = [];
    for (const [field, tally] of Object.entries(figures.fields)) {
      const before = previous.completeness[field];
      if (before === undefined) continue;
      const drop = Math.max(0, before - share(tally.filled, figures.records, 0));
      const ok = drop <= failOnRegression + 1e-9;
      results.push({
        name: `${field} completeness regression`,
        field,
        metric: 'completeness_drop',
        value: Math.round(drop * 1e6) / 1e6,
        threshold: `<= ${formatValue(failOnRegression, true)}`,
        severity: 'fail',
        status: ok ? 'pass' : 'fail',
        samples: ok ? [] : tally.emptySamples,
        message: `${field} completeness went from ${formatValue(before, true)} to ${formatValue(share(tally.filled, figures.records, 0), true)} since the run of ${previous.at}`,
      });
    }
    return results;
  },
};
