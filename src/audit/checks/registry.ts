import type { CheckDefinition } from './check.js';
import { completenessCheck } from './completeness.js';
import { validityCheck } from './validity.js';
import { uniquenessCheck } from './uniqueness.js';
import { referencesCheck } from './references.js';
import { freshnessCheck } from './freshness.js';
import { recordCompletenessCheck } from './record-completeness.js';
import { rowCountCheck } from './row-count.js';
import { dedupeDuplicatesCheck } from './dedupe-duplicates.js';
import { regressionCheck } from './regression.js';

/** Every check, in the order reports list them. */
export const checks: readonly CheckDefinition[] = [
  rowCountCheck,
  completenessCheck,
  validityCheck,
  uniquenessCheck,
  referencesCheck,
  freshnessCheck,
  recordCompletenessCheck,
  dedupeDuplicatesCheck,
  regressionCheck,
];
