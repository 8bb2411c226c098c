import { describe, expect, test } from 'vitest';
import { CsvTokenizer, type TokenizedRecord } from '../../src/connectors/csv/csv-tokenizer.js';

function tokenize(text: string, options: { delimiter?: string; chunk?: number; expectedCells?: number } = {}): TokenizedRecord[] {
  const tokenizer = new CsvTokenizer({ delimiter: options.delimiter ?? ',', ...(options.expectedCells ? { expectedCells: options.expectedCells } : {}) });
  const out: TokenizedRecord[] = [];
  const size = options.chunk ?? text.length;
  for (let i = 0; i < text.length; i += size) out.push(...tokenizer.push(text.slice(i, i + size)));
  out.push(...tokenizer.push('', true));
  return out;
}

const summary = (records: TokenizedRecord[]) => records.map((r) => ('error' in r ? `${r.line}:${r.error.code}` : `${r.line}:${JSON.stringify(r.cells)}`));

describe('CsvTokenizer', () => {
  test.each([
    ['plain LF', 'a,b\n1,2\n', ['1:["a","b"]', '2:["1","2"]']],
    ['CRLF', 'a,b\r\n1,2\r\n', ['1:["a","b"]', '2:["1","2"]']],
    ['CR only (old Mac)', 'a,b\r1,2\r', ['1:["a","b"]', '2:["1","2"]']],
    ['no trailing newline', 'a,b\n1,2', ['1:["a","b"]', '2:["1","2"]']],
    ['quoted delimiter and doubled quote', 'a,b\n"x, y","say ""hi"""\n', ['1:["a","b"]', '2:["x, y","say \\"hi\\""]']],
    ['quoted newline counts lines', 'a,b\n"one\ntwo",2\n3,4\n', ['1:["a","b"]', '2:["one\\ntwo","2"]', '4:["3","4"]']],
    ['quoted CRLF', 'a,b\r\n"one\r\ntwo",2\r\n3,4\r\n', ['1:["a","b"]', '2:["one\\r\\ntwo","2"]', '4:["3","4"]']],
    ['blank lines are skipped, not rows', 'a,b\n\n1,2\n\r\n3,4\n', ['1:["a","b"]', '3:["1","2"]', '5:["3","4"]']],
    ['empty cells', 'a,b,c\n,,\n', ['1:["a","b","c"]', '2:["","",""]']],
    ['stray quote inside a quoted field', 'a,b\n1,"Ann "The" Lee"\n2,ok\n', ['1:["a","b"]', '2:INVALID_CLOSING_QUOTE', '3:["2","ok"]']],
    ['quote inside an unquoted field', 'a,b\n1,ab"c\n2,ok\n', ['1:["a","b"]', '2:INVALID_QUOTE', '3:["2","ok"]']],
    ['unclosed quote at the end', 'a,b\n1,ok\n2,"never closed\n', ['1:["a","b"]', '2:["1","ok"]', '3:UNCLOSED_QUOTE']],
  ])('%s', (_name, text, expected) => {
    expect(summary(tokenize(text))).toEqual(expected);
    // The same records whatever the chunking: one character at a time included.
    expect(summary(tokenize(text, { chunk: 1 }))).toEqual(expected);
    expect(summary(tokenize(text, { chunk: 3 }))).toEqual(expected);
  });

  test('an unclosed quote rejects its own line only and the rows after it load', () => {
    const text = 'id,name,email\n1,Ann,a@x\n2,"Bob,b@x\n3,Cy,c@x\n4,"Di",d@x\n5,Ed,e@x\n';
    const records = tokenize(text, { expectedCells: 3 });
    expect(summary(records)).toEqual([
      '1:["id","name","email"]',
      '2:["1","Ann","a@x"]',
      '3:UNCLOSED_QUOTE',
      '4:["3","Cy","c@x"]',
      '5:["4","Di","d@x"]',
      '6:["5","Ed","e@x"]',
    ]);
    const rejected = records[2]!;
    expect('raw' in rejected && rejected.raw).toBe('2,"Bob,b@x');
  });

  test('a real multi-line cell with the right cell count is kept', () => {
    const records = tokenize('id,note\n1,"line one\nline two"\n2,x\n', { expectedCells: 2 });
    expect(summary(records)).toEqual(['1:["id","note"]', '2:["1","line one\\nline two"]', '4:["2","x"]']);
  });

  test('raw is the record text as it was, without its line break', () => {
    const records = tokenize('a,b\r\n"x ""q""",2\r\n');
    expect(records.map((r) => ('raw' in r ? r.raw : ''))).toEqual(['a,b', '"x ""q""",2']);
  });

  test('a quote left open longer than the record limit is cut at its first line', () => {
    const tokenizer = new CsvTokenizer({ delimiter: ',', maxRecordChars: 50 });
    const out = [...tokenizer.push('a,b\n1,"open\n'), ...tokenizer.push(`${'x,y\n'.repeat(30)}`), ...tokenizer.push('', true)];
    expect(out[1]).toMatchObject({ line: 2, error: { code: 'UNCLOSED_QUOTE' } });
    expect(out.filter((r) => 'cells' in r)).toHaveLength(31);
  });

  test('other delimiters', () => {
    expect(summary(tokenize('a;b\n"1;2";3\n', { delimiter: ';' }))).toEqual(['1:["a","b"]', '2:["1;2","3"]']);
    expect(summary(tokenize('a\tb\n1,5\t3\n', { delimiter: '\t' }))).toEqual(['1:["a","b"]', '2:["1,5","3"]']);
  });
});
