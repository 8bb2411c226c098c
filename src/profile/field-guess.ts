import path from 'node:path';
import { loadRules, shippedRulesDir } from '../rules/loader.js';
import type { ResolvedField } from '../rules/resolved.js';
import { ColumnMapper, foldHeader } from '../stages/import/column-mapping.js';
import type { ColumnKind } from './kinds.js';

/** The kind of value each canonical field holds; fields not listed hold text of any kind. */
export const FIELD_KINDS: Readonly<Record<string, ColumnKind>> = {
  email: 'email',
  phone: 'phone',
  mobile: 'phone',
  fax: 'phone',
  birth_date: 'date',
  created_at: 'date',
  updated_at: 'date',
  postcode: 'postcode',
  country: 'country',
  first_name: 'person_name',
  middle_name: 'person_name',
  last_name: 'person_name',
  full_name: 'person_name',
  company: 'company',
};

/** Fields a column of a kind goes to when its header names none, in order of preference (a second phone column is the mobile). */
const FIELDS_BY_KIND: Readonly<Partial<Record<ColumnKind, readonly string[]>>> = {
  email: ['email'],
  phone: ['phone', 'mobile', 'fax'],
  country: ['country'],
  postcode: ['postcode'],
  company: ['company'],
  person_name: ['full_name'],
};

/** The id column of a record: not a field but `source.id`. */
export const RECORD_ID = 'source_id';

export interface FieldGuess {
  /** A canonical field, a numbered extra one (email_2) for a second column of one field, or source_id for the record id. */
  readonly field: string;
  /** 0..1: how likely a person maps the column there. */
  readonly confidence: number;
  readonly by: 'header' | 'content' | 'header and content';
  readonly reason: string;
}

interface Shipped {
  readonly fields: readonly ResolvedField[];
  readonly idCandidates: readonly string[];
  /** Folded spelling -> field, the first field naming it winning (as import maps). */
  readonly spellings: ReadonlyMap<string, string>;
}

let shipped: Shipped | undefined;

/** The shipped contacts rules' header spellings (English, Chinese, German, Spanish, French) and id columns: what import maps by. */
export function shippedMapping(): Shipped {
  if (!shipped) {
    const rules = loadRules(path.join(shippedRulesDir, 'contacts.yaml'), { env: {} });
    const spellings = new Map<string, string>();
    for (const field of rules.fields) for (const spelling of field.from) if (!spellings.has(foldHeader(spelling))) spellings.set(foldHeader(spelling), field.name);
    shipped = { fields: rules.fields, idCandidates: rules.source?.id?.columns ?? [], spellings };
  }
  return shipped;
}

/**
 * Words that qualify a header without changing what it holds: "Customer Email", "Email (Work)", "Contact Phone",
 * "Tel. privé". A header no spelling names is read again without them.
 */
const QUALIFIERS = new Set([
  'customer', 'customers', 'cust', 'client', 'clients', 'contact', 'contacts', 'person', 'member', 'primary', 'main', 'default', 'preferred',
  'current', 'mailing', 'billing', 'shipping', 'work', 'office', 'home', 'personal', 'private', 'my', 'the', 'of',
  'kunde', 'kunden', 'privat', 'geschäftlich', 'cliente', 'contacto', 'principal', 'privé', 'prive', 'du', 'de', 'del',
]);

/**
 * Readings of a header no spelling names, most literal first: without bracketed parts and qualifier words, without
 * a trailing 1, each side of a slash, then the last part of a dashed path ("Email (Work)" → Email, "CustomerEmail1"
 * → Email, "Postal/Zip" → Postal, "Person - Postal address - Street/road name" → Street).
 */
export function looseReadings(header: string): string[] {
  const out: string[] = [];
  const add = (words: readonly string[]) => {
    const text = words.join(' ');
    if (text !== '' && !out.includes(text)) out.push(text);
  };
  const plain = header.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
  // "Person - Postal address - Street/road name" (Pipedrive, Zoho): the last part of a dashed path says what it is.
  const path = plain.split(/\s+-\s+/);
  const last = path.length > 1 ? path.at(-1)! : undefined;
  const parts = [plain, ...(plain.includes('/') ? plain.split('/') : [])];
  if (last !== undefined) parts.push(last, ...(last.includes('/') ? last.split('/') : []));
  for (const part of parts) {
    const words = part.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
    const kept = words.filter((w) => !QUALIFIERS.has(w.toLowerCase()));
    add(kept);
    const last = kept.at(-1);
    if (last !== undefined && /^\p{L}+1$/u.test(last)) add([...kept.slice(0, -1), last.slice(0, -1)]);
    else if (last === '1') add(kept.slice(0, -1));
  }
  return out;
}

/** How a header named its field: by a shipped spelling, or by a loose reading of it (`read`). */
export interface HeaderMatch {
  readonly field: string;
  readonly read?: string;
}

/** The field each column's header names by the shipped spellings (else by a loose reading), or RECORD_ID for the id column. */
export function headerMatches(columns: readonly string[]): (HeaderMatch | undefined)[] {
  const { fields, idCandidates, spellings } = shippedMapping();
  const mapper = new ColumnMapper(fields, idCandidates);
  mapper.update(columns);
  const out: (HeaderMatch | undefined)[] = columns.map(() => undefined);
  if (mapper.idColumn >= 0) out[mapper.idColumn] = { field: RECORD_ID };
  for (const field of mapper.mappedFields()) for (const index of field.columns) out[index] = { field: field.name };
  columns.forEach((column, i) => {
    if (out[i] !== undefined) return;
    for (const read of looseReadings(column)) {
      const field = spellings.get(foldHeader(read));
      if (field !== undefined) {
        out[i] = { field, read };
        return;
      }
    }
  });
  return out;
}

/** The field each column's header names (see headerMatches); undefined where none. */
export function headerFields(columns: readonly string[]): (string | undefined)[] {
  return headerMatches(columns).map((m) => m?.field);
}

/** Whether a column of kind `kind` fits a field expecting `expected` (any kind fits a text field but an email or a phone). */
function fits(kind: ColumnKind, expected: ColumnKind | undefined): boolean {
  if (expected === undefined) return kind !== 'email';
  if (expected === kind) return true;
  // Names are often written in one column as a person or a company; a postcode column of plain numbers reads as numbers.
  if (expected === 'person_name' && (kind === 'text' || kind === 'company')) return true;
  if (expected === 'company' && (kind === 'text' || kind === 'person_name')) return true;
  if (expected === 'postcode' && (kind === 'number' || kind === 'id')) return true;
  return false;
}

/**
 * Words of a header naming a tax, company or bank number: its digits look like a phone (Partita IVA 03456780963)
 * or a postcode, but it is none, so its values do not map it. It stays unmapped and is kept.
 */
const IDENTIFIER_WORDS = new Set([
  'vat', 'tax', 'taxid', 'tin', 'ein', 'ssn', 'iban', 'bic', 'swift', 'duns', 'registration',
  'iva', 'fiscale', 'fiscal', 'piva', 'cf', 'ust', 'ustid', 'ustidnr', 'steuernummer', 'steuer', 'handelsregister',
  'nif', 'cif', 'nie', 'rfc', 'cuit', 'rut', 'tva', 'siret', 'siren', 'rcs', 'abn', 'gst',
  '税号', '纳税人识别号', '统一社会信用代码', '法人番号', 'マイナンバー',
]);

function namesAnIdentifier(header: string): boolean {
  const words = header.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return words.some((w) => IDENTIFIER_WORDS.has(w));
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The field each column most likely maps to: its header by the shipped spellings, checked against what its values
 * look like; where the header names nothing, its values' kind (an email column goes to email). A second column of
 * a field gets a numbered field of its own (email_2), so no value is hidden behind the first.
 */
export function guessFields(columns: readonly string[], kinds: readonly { readonly kind: ColumnKind; readonly share: number; readonly filled?: number }[]): (FieldGuess | undefined)[] {
  const byHeader = headerMatches(columns);
  const taken = new Set<string>();
  const out: (FieldGuess | undefined)[] = columns.map(() => undefined);
  const claim = (field: string): string => {
    let name = field;
    for (let n = 2; taken.has(name); n++) name = `${field}_${n}`;
    taken.add(name);
    return name;
  };
  // Header matches first (in column order, spellings before loose readings), so content guesses take only the fields left.
  const order = [...byHeader.keys()].sort((a, b) => Number(byHeader[a]?.read !== undefined) - Number(byHeader[b]?.read !== undefined) || a - b);
  for (const i of order) {
    const match = byHeader[i];
    if (match === undefined) continue;
    const { field } = match;
    const { kind, share, filled } = kinds[i]!;
    // A column with no values (a header-only file) is read by its header alone: there is nothing to agree with it.
    const unseen = filled === 0;
    if (field === RECORD_ID) {
      const agrees = !unseen && (kind === 'id' || kind === 'number');
      out[i] = { field: claim(RECORD_ID), confidence: agrees ? 0.95 : 0.7, by: agrees ? 'header and content' : 'header', reason: agrees ? 'an id column by its header, its values unique codes' : `an id column by its header${unseen ? '; no values to check' : ''}` };
      continue;
    }
    const expected = FIELD_KINDS[field];
    const agrees = fits(kind, expected);
    // A loose reading the values contradict ("Customer Account" holding codes) is no match: the values decide.
    if (match.read !== undefined && !agrees) continue;
    // A loose reading ("Customer Email" read as Email) is a little less sure than a spelling.
    const names = match.read === undefined ? `header names ${field}` : `header names ${field} (read as ${JSON.stringify(match.read)})`;
    const less = match.read === undefined ? 0 : 0.1;
    const name = claim(field);
    if (unseen) out[i] = { field: name, confidence: round(0.85 - less), by: 'header', reason: `${names}; no values to check` };
    else if (agrees && expected !== undefined && kind === expected) out[i] = { field: name, confidence: round(Math.min(0.99, 0.8 + 0.19 * share) - less), by: 'header and content', reason: `${names}, values look like ${kind}` };
    else if (agrees) out[i] = { field: name, confidence: round(0.85 - less), by: 'header', reason: names };
    else out[i] = { field: name, confidence: round(0.5 - less), by: 'header', reason: `${names}, but the values look like ${kind}` };
  }
  kinds.forEach(({ kind, share }, i) => {
    if (out[i] !== undefined || namesAnIdentifier(columns[i]!)) return;
    if (kind === 'id' && !taken.has(RECORD_ID)) {
      out[i] = { field: claim(RECORD_ID), confidence: round(0.5 + 0.3 * share), by: 'content', reason: 'unique codes: the record id' };
      return;
    }
    // Every field of the kind taken: a numbered one of the first (a second email column is email_2).
    const candidates = FIELDS_BY_KIND[kind];
    const free = candidates?.find((f) => !taken.has(f)) ?? candidates?.[0];
    if (free === undefined) return;
    out[i] = { field: claim(free), confidence: round(0.4 + 0.4 * share), by: 'content', reason: `the header names no field; the values look like ${kind}` };
  });
  return out;
}
