import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadRules } from '../../src/rules/loader.js';
import { ColumnMapper, foldHeader } from '../../src/stages/import/column-mapping.js';
import { repoRoot } from '../helpers/temp.js';

const contacts = loadRules(path.join(repoRoot, 'rules/contacts.yaml'));

function mapWithContacts(headers: string[]): Record<string, string[]> {
  const mapper = new ColumnMapper(contacts.fields, contacts.source?.id?.columns ?? []);
  mapper.update(headers);
  return mapper.describe(headers);
}

describe('foldHeader', () => {
  test.each([
    ['First Name', 'firstname'],
    ['first_name', 'firstname'],
    ['FIRST-NAME', 'firstname'],
    ['  E-Mail ', 'email'],
    ['ＥＭＡＩＬ', 'email'],
    ['Prénom', 'prénom'],
    ['Mailing Zip/Postal Code', 'mailingzippostalcode'],
  ])('%j -> %j', (header, folded) => expect(foldHeader(header)).toBe(folded));
});

describe('the shipped contacts rules map common headers with no hand-written mapping', () => {
  test.each([
    ['English', ['Legacy ID', 'First Name', 'Last Name', 'E-mail', 'Phone', 'Zip'], { first_name: ['First Name'], last_name: ['Last Name'], email: ['E-mail'], phone: ['Phone'], postcode: ['Zip'] }],
    ['spacing and case', ['FirstName', 'LAST_NAME', 'email address', 'Postal Code'], { first_name: ['FirstName'], last_name: ['LAST_NAME'], email: ['email address'], postcode: ['Postal Code'] }],
    ['API names', ['given_name', 'family_name', 'email'], { first_name: ['given_name'], last_name: ['family_name'], email: ['email'] }],
    ['Chinese', ['名', '姓', '邮箱', '手机', '邮编', '公司'], { first_name: ['名'], last_name: ['姓'], email: ['邮箱'], mobile: ['手机'], postcode: ['邮编'], company: ['公司'] }],
    ['German', ['Vorname', 'Nachname', 'E-Mail', 'Telefon', 'PLZ', 'Ort', 'Firma'], { first_name: ['Vorname'], last_name: ['Nachname'], email: ['E-Mail'], phone: ['Telefon'], postcode: ['PLZ'], city: ['Ort'], company: ['Firma'] }],
    ['Spanish', ['Nombre', 'Apellido', 'Correo electrónico', 'Teléfono', 'Código postal', 'Ciudad'], { first_name: ['Nombre'], last_name: ['Apellido'], email: ['Correo electrónico'], phone: ['Teléfono'], postcode: ['Código postal'], city: ['Ciudad'] }],
    ['French', ['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Code postal', 'Ville', 'Société'], { first_name: ['Prénom'], last_name: ['Nom'], email: ['Courriel'], phone: ['Téléphone'], postcode: ['Code postal'], city: ['Ville'], company: ['Société'] }],
  ])('%s', (_name, headers, expected) => {
    expect(mapWithContacts(headers)).toEqual(expected);
  });

  test('the id column is found among the candidates and is not a field', () => {
    const mapper = new ColumnMapper(contacts.fields, contacts.source?.id?.columns ?? []);
    const headers = ['Legacy ID', 'Email'];
    mapper.update(headers);
    expect(headers[mapper.idColumn]).toBe('Legacy ID');
    expect(mapper.unmappedColumns(2)).toEqual([]);
  });

  test('several columns for one field: best spelling first; unknown columns stay unmapped', () => {
    const mapper = new ColumnMapper(contacts.fields, []);
    const headers = ['Tel', 'Phone', 'Shoe Size'];
    mapper.update(headers);
    expect(mapper.describe(headers)['phone']).toEqual(['Phone', 'Tel']);
    expect(mapper.unmappedColumns(3).map((i) => headers[i])).toEqual(['Shoe Size']);
  });

  test('columns that appear later (JSON Lines) are mapped when they appear', () => {
    const mapper = new ColumnMapper(contacts.fields, []);
    const headers = ['email'];
    mapper.update(headers);
    headers.push('first_name');
    mapper.update(headers);
    expect(mapper.describe(headers)).toEqual({ first_name: ['first_name'], email: ['email'] });
  });
});
