import { compareValues, compareValuesDescending } from './order.js';
import type { SurvivorshipRule } from './types.js';

/** The value most records of the cluster hold. */
export const mostFrequentRule: SurvivorshipRule = {
  name: 'most_frequent',
  description: 'the value most records hold',
  needsField: false,
  ranksRecords: false,
  compare: (a, b, context) => (context.frequency?.get(b.value) ?? 0) - (context.frequency?.get(a.value) ?? 0),
};

/** The longest value (in characters). */
export const longestRule: SurvivorshipRule = {
  name: 'longest',
  description: 'the longest value',
  needsField: false,
  ranksRecords: false,
  compare: (a, b) => [...b.value].length - [...a.value].length,
};

/** The greatest value: numbers by value, dates (ISO) and text in order. */
export const maxRule: SurvivorshipRule = {
  name: 'max',
  description: 'the greatest value (numbers by value, ISO dates by date)',
  needsField: false,
  ranksRecords: false,
  compare: (a, b) => compareValuesDescending(a.value, b.value),
};

export const minRule: SurvivorshipRule = {
  name: 'min',
  description: 'the smallest value (numbers by value, ISO dates by date)',
  needsField: false,
  ranksRecords: false,
  compare: (a, b) => compareValues(a.value, b.value),
};
