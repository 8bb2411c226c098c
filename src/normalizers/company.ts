import { z } from 'zod';
import type { NormalizeOutput, NormalizerDefinition } from './types.js';
import { defaultTextCleaner } from './text.js';

/**
 * Legal-form words and abbreviations across countries, as they read after folding (lower case, no
 * punctuation, & = and). Longest first so "gmbh co kg" goes before "kg".
 */
const LEGAL_FORMS = [
  // "& Co.", "und Co.", "et Cie", "y Cía." after folding.
  'and company', 'and compagnie', 'and compania', 'and co', 'and cie', 'and cia',
  'gmbh and co kg', 'gmbh co kg', 'ag and co kg', 'ag co kg', 'public limited company', 'limited liability company', 'limited liability partnership',
  'proprietary limited', 'pty ltd', 'sociedad anonima', 'sociedad limitada', 'societe anonyme', 'societe par actions simplifiee',
  'societa per azioni', 'naamloze vennootschap', 'besloten vennootschap', 'aktiengesellschaft', 'kommanditgesellschaft',
  'incorporated', 'corporation', 'company', 'limited', 'holdings', 'holding',
  'inc', 'corp', 'co', 'llc', 'llp', 'lp', 'ltd', 'plc', 'pty', 'gmbh', 'ag', 'kg', 'ohg', 'ug', 'ev', 'se', 'sa', 'sl', 'sas', 'sarl', 'srl',
  'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'kft', 'sro', 'spzoo', 'doo', 'kk', 'sacv', 'sadecv', 'ltda', 'cia', 'sc', 'snc', 'eurl',
];
const CJK_LEGAL_FORMS = ['股份有限公司', '有限责任公司', '有限責任公司', '有限公司', '株式会社', '有限会社', '合同会社', '集团', '集團', '公司'];
// Legal forms end a name; a few (Swedish AB, Indonesian PT, Russian OOO) may also start it.
const SUFFIX_PATTERN = new RegExp(`(?:^|\\s)(?:${LEGAL_FORMS.map((f) => f.replace(/ /g, '\\s')).join('|')})$`);
const PREFIX_PATTERN = /^(?:ab|pt|ooo|oao|zao|pao) (?=\S)/;
const CJK_PATTERN = new RegExp(CJK_LEGAL_FORMS.join('|'), 'g');
const DIACRITICS = /[\u0300-\u036f]/g;

/** The company match key: case, accents, punctuation and legal forms folded away; "&" and "and" alike. */
export function companyKey(name: string): string {
  let key = name.normalize('NFKD').replace(DIACRITICS, '').toLowerCase().replace(/ß/g, 'ss');
  key = key.replace(/\s*&\s*|\s+\+\s+/g, ' and ').replace(/\bund\b|\bet\b|\by\b/g, 'and');
  // "S.A." and "s. a." fold to "sa" before the legal forms are matched.
  key = key.replace(/\b([a-z])\.\s?(?=[a-z]\b\.?)/g, '$1').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  key = key.replace(CJK_PATTERN, ' ');
  let previous;
  do {
    previous = key;
    key = key.replace(SUFFIX_PATTERN, '').replace(PREFIX_PATTERN, '').replace(/\s+/g, ' ').trim();
  } while (key !== previous && key.length > 0);
  // "The Acme Company" and "Acme": a leading article carries no identity.
  key = key.replace(/^(the|die|der|la|le|el|les|los) /, '');
  return key === '' ? name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '') : key.replace(/ /g, '');
}

export const companyNormalizer: NormalizerDefinition<Record<string, never>> = {
  name: 'company',
  description: 'Clean a company name for display (the legal form stays) and add a match key that folds case, punctuation, & / and, and legal forms (company.key).',
  keys: ['key'],
  options: z.strictObject({}),
  create() {
    // Many contacts share an employer: fold each distinct name once.
    const cache = new Map<string, NormalizeOutput>();
    return (input) => {
      const cached = cache.get(input);
      if (cached) return cached;
      const value = defaultTextCleaner(input);
      const output = { value, keys: { key: companyKey(value) } };
      if (cache.size >= 100_000) cache.clear();
      cache.set(input, output);
      return output;
    };
  },
};
