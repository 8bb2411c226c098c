import { describe, expect, test } from 'vitest';
import { fixMojibake, looksLikeMojibake, textNormalizer } from '../../../src/normalizers/text.js';
import { nameNormalizer } from '../../../src/normalizers/name.js';
import { runNormalizer } from '../../helpers/normalize.js';

describe('text normalizer', () => {
  test.each([
    ['  Ann   Lee  ', {}, 'Ann Lee'],
    ['１３８　００１３', {}, '138 0013'],
    ['ＡＣＭＥ　Ｉｎｃ', {}, 'ACME Inc'],
    ['Zo\u200Be', {}, 'Zoe'],
    ['a\u0000b\u0007c', {}, 'abc'],
    ['line one\r\nline two', {}, 'line one line two'],
    ['line one\r\nline two', { collapse_whitespace: false }, 'line one\r\nline two'],
    ['\uFEFFbom', {}, 'bom'],
    ['JÃ¼rgen MÃ¼ller', { fix_mojibake: true }, 'Jürgen Müller'],
    ['JÃ¼rgen', { nfkc: false, fix_mojibake: false }, 'JÃ¼rgen'],
    ['cafÃ©', { fix_mojibake: true }, 'café'],
    ['itâ€™s', { fix_mojibake: true }, 'it’s'],
    ['Ã', { fix_mojibake: true }, 'Ã'],
    ['Jürgen', { fix_mojibake: true }, 'Jürgen'],
    ['hello WORLD', { case: 'lower' }, 'hello world'],
    ['hello world', { case: 'upper' }, 'HELLO WORLD'],
    ['hello wORLD-wide', { case: 'title' }, 'Hello World-Wide'],
  ])('%j with %j -> %j', (input, options, expected) => {
    expect(runNormalizer(textNormalizer, input, options).value).toBe(expected);
  });

  // fix_mojibake: auto (the default) repairs before NFKC, which would turn ¼ into 1⁄4 and ™ into TM.
  test.each([
    ['JÃ¼rgen', 'Jürgen'],
    ['JÃ¼rgen MÃ¼ller', 'Jürgen Müller'],
    ['SÃ£o Paulo', 'São Paulo'],
    ['donâ€™t', 'don’t'],
    ['FranÃ§ois â€“ cafÃ©', 'François – café'],
    ['GroÃŸmann', 'Großmann'],
    ['Å\u0081Ã³dÅº', 'Łódź'],
    ['Ã\u0081lvaro', 'Álvaro'],
    ['Ã‰lise', 'Élise'],
    ['Müller', 'Müller'],
    ['São', 'São'],
    ['Æsir', 'Æsir'],
    ['Ångström', 'Ångström'],
    ['Ã', 'Ã'],
    ['Ã©tÃ', 'Ã©tÃ'],
    ['Â®', '®'],
    ['Café Ã¼', 'Café Ã1⁄4'],
    ['ACME™', 'ACMETM'],
  ])('fix_mojibake auto: %j -> %j', (input, expected) => {
    expect(runNormalizer(textNormalizer, input).value).toBe(expected);
    expect(runNormalizer(textNormalizer, input, { fix_mojibake: 'auto' }).value).toBe(expected);
  });

  test.each([
    [{ fix_mojibake: false }, 'JÃ¼rgen', 'JÃ1⁄4rgen'],
    [{ fix_mojibake: true }, 'JÃ¼rgen', 'Jürgen'],
    [{ fix_mojibake: true }, 'Â\u0085', ''],
    [{ fix_mojibake: 'auto', nfkc: false }, 'JÃ¼rgen', 'Jürgen'],
  ])('fix_mojibake %j: %j -> %j', (options, input, expected) => {
    expect(runNormalizer(textNormalizer, input, options).value).toBe(expected);
  });

  test.each([
    ['full_name', 'JÃ¼rgen MÃ¼ller', 'Jürgen Müller'],
    ['last_name', 'MÃœLLER', 'Müller'],
    ['first_name', 'JosÃ©', 'José'],
  ])('[text, name] on %s: %j -> %j', (field, input, expected) => {
    const text = runNormalizer(textNormalizer, input).value;
    expect(runNormalizer(nameNormalizer, text, {}, field).value).toBe(expected);
  });

  test.each([
    ['MÃ¼ller', 'Müller'],
    ['Müller', undefined],
    ['São', undefined],
    ['½ price', undefined],
    ['Æsir', undefined],
    ['Ångström', undefined],
    ['Â\u0085', undefined],
  ])('the mojibake detector: %j -> %j', (input, expected) => {
    expect(looksLikeMojibake(input)).toBe(expected);
  });

  test('mojibake repair leaves text alone when the bytes are not UTF-8', () => {
    expect(fixMojibake('Ã©tÃ')).toBe('Ã©tÃ');
  });
});
