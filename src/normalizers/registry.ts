import type { NormalizerDefinition } from './types.js';
import { textNormalizer } from './text.js';
import { trimNormalizer } from './trim.js';
import { nameNormalizer } from './name.js';
import { emailNormalizer } from './email.js';
import { phoneNormalizer } from './phone.js';
import { companyNormalizer } from './company.js';
import { streetNormalizer } from './street.js';
import { postcodeNormalizer } from './postcode.js';
import { countryNormalizer } from './country.js';
import { dateNormalizer } from './date.js';
import { mapNormalizer } from './map.js';
import { regexNormalizer } from './regex.js';

/** Every normalizer, one line each; the rule-file schema is built from this list. */
export const normalizers: readonly NormalizerDefinition[] = [
  textNormalizer,
  trimNormalizer,
  nameNormalizer,
  emailNormalizer,
  phoneNormalizer,
  companyNormalizer,
  streetNormalizer,
  postcodeNormalizer,
  countryNormalizer,
  dateNormalizer,
  mapNormalizer,
  regexNormalizer,
];

export const normalizerNames: readonly string[] = normalizers.map((n) => n.name);

export function getNormalizer(name: string): NormalizerDefinition {
  const found = normalizers.find((n) => n.name === name);
  if (!found) throw new Error(`unknown normalizer ${name}`);
  return found;
}
