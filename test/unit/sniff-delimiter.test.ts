import { describe, expect, test } from 'vitest';
import { sniffDelimiter } from '../../src/connectors/csv/sniff-delimiter.js';

describe('sniffDelimiter', () => {
  test.each([
    ['comma', 'id,name,city\n1,Ann,Boston\n2,Bob,Austin\n', ','],
    ['semicolon with commas in cells', 'id;name;note\n1;Ann;"a, b, c"\n2;Bob;x, y\n3;Cy;z\n', ';'],
    ['tab with commas in cells', 'id\tname\tnote\n1\tSmith, Ann\tx\n2\tLee, Bob\ty, z\n', '\t'],
    ['pipe', 'id|name|note\n1|Ann|a,b\n2|Bob|c;d\n', '|'],
    ['one column', 'email\na@x\nb@x\n', ','],
    ['quoted header cells', '"id";"name"\n"1";"Ann, B"\n', ';'],
  ])('%s', (_name, sample, expected) => {
    expect(sniffDelimiter(sample)).toBe(expected);
  });
});
