import { z } from 'zod';
import type { NormalizeOutput, NormalizerDefinition } from './types.js';
import { createMemo } from './memo.js';
import { defaultTextCleaner } from './text.js';

/** Street-type words and their abbreviations, folded to one form for matching (English, German, Spanish, French). */
const STREET_TYPES: Record<string, string> = {
  street: 'st', st: 'st', str: 'st', avenue: 'ave', ave: 'ave', av: 'ave', road: 'rd', rd: 'rd', boulevard: 'blvd', blvd: 'blvd',
  drive: 'dr', dr: 'dr', lane: 'ln', ln: 'ln', court: 'ct', ct: 'ct', place: 'pl', pl: 'pl', square: 'sq', sq: 'sq', terrace: 'ter',
  parkway: 'pkwy', pkwy: 'pkwy', highway: 'hwy', hwy: 'hwy', suite: 'ste', ste: 'ste', apartment: 'apt', apt: 'apt', floor: 'fl', fl: 'fl',
  north: 'n', south: 's', east: 'e', west: 'w', n: 'n', s: 's', e: 'e', w: 'w',
  strasse: 'str', weg: 'weg', platz: 'pl', allee: 'allee', gasse: 'gasse',
  calle: 'c', c: 'c', avenida: 'av', avda: 'av', plaza: 'pl', paseo: 'ps', carrera: 'cra',
  rue: 'r', r: 'r', bd: 'bd', chemin: 'ch', ch: 'ch', impasse: 'imp', imp: 'imp',
};

/** "Hauptstraße 5" and "Hauptstr. 5" alike: German compounds ending in straße/strasse/str. */
function foldGermanStreet(word: string): string {
  return word.replace(/(stra(ss|ß)e|str\.?)$/u, 'str');
}

export function streetKey(street: string): string {
  const words = street
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ');
  return words.map((w) => STREET_TYPES[w] ?? foldGermanStreet(w)).join(' ');
}

/** The house number, written before (US, UK, FR) or after (DE, ES, NL) the street name. */
export function houseNumber(street: string): string | undefined {
  const before = /^(\d+[a-zA-Z]?(?:[-/]\d+[a-zA-Z]?)?)[,\s]/.exec(street);
  if (before) return before[1];
  const after = /\s(\d+[a-zA-Z]?(?:\s?[-/]\s?\d+[a-zA-Z]?)?)(?:,.*)?$/.exec(street);
  return after?.[1]?.replace(/\s/g, '');
}

export const streetNormalizer: NormalizerDefinition<Record<string, never>> = {
  name: 'street',
  description: 'Clean a street address; adds street.key (street types folded: Street/St/St., Avenue/Ave, Straße/Str./Strasse) and street.number (the house number).',
  keys: ['key', 'number'],
  options: z.strictObject({}),
  create() {
    // Streets repeat across a household or an office building: fold each distinct one once.
    const memo = createMemo<NormalizeOutput>();
    return (input) => {
      const cached = memo.get(input);
      if (cached) return cached;
      const value = defaultTextCleaner(input);
      const number = houseNumber(value);
      const keys: Record<string, string> = { key: streetKey(value) };
      if (number) keys['number'] = number;
      const output = { value, keys };
      memo.set(input, output);
      return output;
    };
  },
};
