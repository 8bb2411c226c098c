import type { ComparatorDefinition } from '../types.js';
import { exactComparator } from './exact.js';
import { levenshteinComparator } from './levenshtein.js';
import { damerauComparator } from './damerau.js';
import { jaroWinklerComparator } from './jaro-winkler.js';
import { jaccardComparator } from './jaccard.js';
import { phoneticComparator } from './phonetic.js';
import { nameComparator } from './name.js';
import { emailComparator } from './email.js';
import { phoneComparator } from './phone.js';
import { dateComparator } from './date.js';
import { numberComparator } from './number.js';
import { companyComparator } from './company.js';
import { postcodeComparator } from './postcode.js';

/** Every comparator, one line each; the rule-file schema is built from this list. */
export const comparators: readonly ComparatorDefinition[] = [
  exactComparator,
  levenshteinComparator,
  damerauComparator,
  jaroWinklerComparator,
  jaccardComparator,
  phoneticComparator,
  nameComparator,
  emailComparator,
  phoneComparator,
  dateComparator,
  numberComparator,
  companyComparator,
  postcodeComparator,
];

export const comparatorNames: readonly string[] = comparators.map((c) => c.name);

export function getComparator(name: string): ComparatorDefinition {
  const found = comparators.find((c) => c.name === name);
  if (!found) throw new Error(`unknown comparator ${name}`);
  return found;
}
