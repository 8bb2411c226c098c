import { describe, expect, test } from 'vitest';
import { loadRules } from '../../src/rules/loader.js';
import { RulesError } from '../../src/errors.js';
import { renderError } from '../../src/cli/render.js';
import { normalizers } from '../../src/normalizers/registry.js';
import { tempDir } from '../helpers/temp.js';

const tmp = tempDir();

function problems(file: string): string {
  try {
    loadRules(file, { cwd: tmp.dir });
  } catch (error) {
    expect(error).toBeInstanceOf(RulesError);
    return renderError(error);
  }
  throw new Error('expected the rule file to be rejected');
}

describe('record keys a rule reads', () => {
  test('a mistyped transform or normalizer key is refused with a suggestion, at its rule path', () => {
    const file = tmp.file(
      'typos.yaml',
      [
        'job: typos',
        'extends: contacts',
        'dedupe:',
        '  blocking:',
        '    - last_name.metafone + first_name.initial',
        '    - [email.kye]',
        '    - company.key.lowr',
        '  compare:',
        '    email: email',
        '    street: { field: street.keys }',
        '',
      ].join('\n'),
    );
    const text = problems(file);
    expect(text).toContain('dedupe.blocking.0: "last_name.metafone" reads "metafone" of last_name, which is neither a transform');
    expect(text).toContain('did you mean "last_name.metaphone"?');
    expect(text).toContain('dedupe.blocking.1.0: "email.kye" reads "kye" of email');
    expect(text).toContain("nor a key email's normalizers add (key); did you mean \"email.key\"?");
    expect(text).toContain('did you mean "company.key.lower"?');
    expect(text).toContain('dedupe.compare.street.field: "street.keys" reads "keys" of street');
    expect(text).toContain('(key, number)');
    expect(text).toContain('typos.yaml:5');
  });

  test('a key the field has no normalizer for is refused: company.key without the company normalizer', () => {
    const file = tmp.file('nokey.yaml', 'job: nokey\nfields:\n  company: Company\ndedupe:\n  blocking: [company.key]\n  compare: { company: company }\n');
    expect(problems(file)).toContain('"company.key" reads "key" of company, which is neither a transform');
    expect(problems(file)).toContain('nor a key of company (its normalizers add none)');
  });

  test('transforms, normalizer keys and keys with transforms are accepted', () => {
    const file = tmp.file(
      'ok.yaml',
      'job: ok\nextends: contacts\ndedupe:\n  blocking: ["last_name.metaphone + first_name.initial", email.key, company.key.lower, postcode.prefix3, phone.last7, street.number]\n  compare: { email: email, street: { field: street.key } }\n',
    );
    expect(() => loadRules(file, { cwd: tmp.dir })).not.toThrow();
  });

  test('every key a normalizer adds is one it declares (the rule check knows keys by that list)', () => {
    const samples: Record<string, string[]> = {
      email: ['Ann.Lee+crm@Example.COM', 'bad@'],
      company: ['Acme Holdings GmbH', 'ACME Inc.'],
      street: ['12 Main Street', 'Hauptstraße 5a'],
      phone: ['+49 30 1234567', '(415) 555-0132', '030 8995472'],
    };
    let seen = 0;
    for (const definition of normalizers) {
      // map and regex need options of their own and add no keys.
      const options = definition.options.safeParse({});
      if (!options.success) continue;
      const normalize = definition.create(options.data, 'field');
      for (const value of samples[definition.name] ?? ['x']) {
        const output = normalize(value, { record: { country: 'DE' } });
        for (const key of Object.keys(output.keys ?? {})) {
          expect(definition.keys ?? [], `${definition.name} adds ${key}`).toContain(key);
          seen++;
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(8);
  });
});
