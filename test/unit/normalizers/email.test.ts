import { describe, expect, test } from 'vitest';
import { emailNormalizer } from '../../../src/normalizers/email.js';
import { runNormalizer } from '../../helpers/normalize.js';

describe('email normalizer', () => {
  test.each([
    ['Ann.Lee@Example.COM', 'ann.lee@example.com', 'ann.lee@example.com'],
    ['  bob@example.com ', 'bob@example.com', 'bob@example.com'],
    ['John.Smith+crm@Gmail.com', 'john.smith+crm@gmail.com', 'johnsmith@gmail.com'],
    ['j.o.h.n@googlemail.com', 'j.o.h.n@googlemail.com', 'john@gmail.com'],
    ['ann+news@example.org', 'ann+news@example.org', 'ann@example.org'],
    ['first.last@outlook.com', 'first.last@outlook.com', 'first.last@outlook.com'],
    ['mailto:Info@Acme.de', 'info@acme.de', 'info@acme.de'],
    ['<sales@acme.es>', 'sales@acme.es', 'sales@acme.es'],
    ['ＩＮＦＯ＠ＡＣＭＥ．ＣＯＭ', 'info@acme.com', 'info@acme.com'],
    ['用户@例子.中国', '用户@例子.中国', '用户@例子.中国'],
  ])('%j -> %j (key %j)', (input, value, key) => {
    const out = runNormalizer(emailNormalizer, input);
    expect(out.value).toBe(value);
    expect(out.keys?.['key']).toBe(key);
    expect(out.flags).toBeUndefined();
  });

  test('the local part keeps its case when asked', () => {
    expect(runNormalizer(emailNormalizer, 'Ann.Lee@EXAMPLE.com', { lowercase_local: false }).value).toBe('Ann.Lee@example.com');
  });

  test.each([
    ['steven scott@gmail.com'],
    ['no-at-sign.example.com'],
    ['@example.com'],
    ['ann@'],
    ['ann@localhost'],
    ['ann..lee@example.com'],
    ['ann@exa_mple.com'],
    ['N/A'],
  ])('%j is flagged invalid and kept as it was', (input) => {
    const out = runNormalizer(emailNormalizer, input);
    expect(out.value).toBe(input);
    expect(out.flags?.[0]?.code).toBe('invalid_email');
  });

  test.each([
    ['Ann@gmial.com', 'ann@gmail.com'],
    ['bob@hotmial.com', 'bob@hotmail.com'],
    ['cy@yaho.com', 'cy@yahoo.com'],
    ['di@gmail.con', 'di@gmail.com'],
  ])('%j: a misspelt provider is flagged with a suggestion', (input, suggestion) => {
    const out = runNormalizer(emailNormalizer, input);
    expect(out.value).toBe(input.toLowerCase());
    expect(out.flags).toEqual([{ code: 'email_domain_typo', reason: expect.stringContaining(`did you mean ${suggestion}?`) }]);
  });
});
