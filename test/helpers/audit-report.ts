import type { AuditReport, CheckResult } from '../../src/audit/types.js';

/** A hostile value from user data: it must come out escaped in every markup format. */
export const HOSTILE = `<script>alert(1)</script>`;

const check = (c: Partial<CheckResult> & Pick<CheckResult, 'name' | 'metric' | 'value' | 'threshold' | 'status'>): CheckResult => ({
  field: null,
  severity: c.status === 'warn' ? 'warn' : 'fail',
  samples: [],
  message: `${c.name}: ${c.value}`,
  ...c,
});

/** A hand-built audit of 1,000 contacts: a pass, two warnings, three failures (one on a hostile field), a histogram, two earlier runs. */
export function auditReportFixture(overrides: Partial<AuditReport> = {}): AuditReport {
  return {
    status: 'fail',
    records: 1000,
    fields: {
      email: { filled: 953, completeness: 0.953, valid: 944, validity: 944 / 953 },
      phone: { filled: 812, completeness: 0.812, valid: 790, validity: 790 / 812, duplicates: 14 },
      company: { filled: 640, completeness: 0.64, valid: 640, validity: 1 },
      [HOSTILE]: { filled: 10, completeness: 0.01, valid: 5, validity: 0.5 },
    },
    checks: [
      check({ name: 'email completeness', field: 'email', metric: 'completeness', value: 0.953, threshold: '>= 95%', status: 'pass', message: '953 of 1,000 records have an email (95.3%), needs >= 95%' }),
      check({ name: 'phone validity', field: 'phone', metric: 'validity', value: 790 / 812, threshold: '>= 98%', status: 'warn', severity: 'warn', message: '790 of 812 phones are valid (97.3%), wants >= 98%' }),
      check({ name: 'row count', field: null, metric: 'row_count', value: 1000, threshold: '>= 500', status: 'pass', message: '1,000 records, needs >= 500' }),
      check({
        name: 'company completeness',
        field: 'company',
        metric: 'completeness',
        value: 0.64,
        threshold: '>= 80%',
        status: 'fail',
        samples: ['c-0007', 'c-0012', 'c-0031'],
        message: '640 of 1,000 records have a company (64.0%), needs >= 80%',
      }),
      check({
        name: `${HOSTILE} completeness`,
        field: HOSTILE,
        metric: 'completeness',
        value: 0.01,
        threshold: '>= 50%',
        status: 'fail',
        samples: [HOSTILE, 'a|b', 'x & "y" \'z\'\u0000\u0007', 'line\nbreak'],
        message: `10 of 1,000 records have a ${HOSTILE} (1.0%), needs >= 50%`,
      }),
      check({ name: 'newest record age', field: null, metric: 'newest_age_days', value: 12.5, threshold: '<= 7', status: 'warn', severity: 'warn', message: 'the newest record is 12.5 days old, wants <= 7' }),
      check({ name: 'record completeness', field: null, metric: 'record_score', value: 0.71, threshold: '>= 75%', status: 'fail', samples: ['c-0100'], message: 'mean record completeness 71.0%, needs >= 75%' }),
    ],
    target: 'fixtures/legacy-contacts.csv',
    at: '2026-12-01T10:00:00.000Z',
    job: 'contacts',
    recordCompleteness: {
      mean: 0.71,
      histogram: Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, count: [2, 3, 5, 10, 30, 80, 150, 260, 300, 160][i]! })),
    },
    history: [
      { at: '2026-11-17T10:00:00.000Z', status: 'warn', records: 950, completeness: { email: 0.96, phone: 0.8, company: 0.7 } },
      { at: '2026-11-24T10:00:00.000Z', status: 'pass', records: 980, completeness: { email: 0.974, phone: 0.807, company: 0.66, [HOSTILE]: 0.02 } },
    ],
    changes: { email: 0.953 - 0.974, phone: 0.812 - 0.807, company: 0.64 - 0.66, [HOSTILE]: 0.01 - 0.02 },
    ...overrides,
  };
}
