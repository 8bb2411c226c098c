import { describe, expect, test } from 'vitest';
import { fixMojibake, textNormalizer } from '../../../src/normalizers/text.js';
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
    ['JÃ¼rgen', { nfkc: false }, 'JÃ¼rgen'],
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

  test('mojibake repair leaves text alone when the bytes are not UTF-8', () => {
    expect(fixMojibake('Ã©tÃ')).toBe('Ã©tÃ');
  });
});
