// The corpus cases too big to commit, built at test time into a temporary folder (see make-corpus.mjs for
// the expect format). Each returns { group, name, file, expect }.

import { writeFileSync } from 'node:fs';
import path from 'node:path';

const HEAD = 'id,First Name,Last Name,Email,Notes';
const MB = 1024 * 1024;

/** The cases' names, group/name, for the test runner to list before they are built. */
export const BIG_CASES = [
  'csv/big-field-1mb',
  'csv/big-line-10mb',
  'csv/big-line-7mb',
  'csv/big-unclosed-quote-then-9mb',
  'csv/big-columns-5000',
  'csv/big-header-50000-columns',
  'jsonl/big-line-10mb',
  'jsonl/deeply-nested-arrays-100000',
  'jsonl/deeply-nested-objects-50000',
  'jsonl/long-string',
  'rules/big-rule-file-6mb',
  'rules/big-rule-file-problem-at-end',
  'rules/yaml-deep-block-nesting',
  'rules/long-line',
];

/** Writes the big cases into `dir` and returns them. */
export function writeBigCases(dir) {
  const cases = [];
  const add = (group, name, ext, content, expect) => {
    const file = path.join(dir, `${name}.${ext}`);
    writeFileSync(file, content);
    cases.push({ group, name, file, expect: { file: path.basename(file), ...expect } });
  };

  // A quoted field of 1 MB, full of delimiters, quotes and line breaks.
  const unit = 'a,b;"c"\n\u00e9\u4e2d';
  const big = unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  add('csv', 'big-field-1mb', 'csv', `${HEAD}\n1,Ann,Lee,ann@example.com,"${big.replace(/"/g, '""')}"\n2,Bo,Ng,bo@example.com,\n`, {
    exit: 0,
    counts: { read: 2, loaded: 2, rejected: 0 },
    rejects: {},
    lengths: { 2: { notes: big.length } },
    description: 'a 1 MB quoted field with commas, quotes and line breaks in it',
  });

  // One physical line of 10 MB (an unquoted cell), between two ordinary rows.
  add('csv', 'big-line-10mb', 'csv', `${HEAD}\n1,Ann,Lee,ann@example.com,\n2,Bo,Ng,bo@example.com,${'x'.repeat(10 * MB)}\n3,Cy,Roe,cy@example.com,\n`, {
    exit: 0,
    counts: { read: 3, loaded: 2, rejected: 1 },
    rejects: { 3: 'RECORD_TOO_LONG' },
    description: 'a line of 10 MB: longer than a record may be (8 MB), so it is rejected as one row and reading goes on',
  });

  // An 8 MB cell just under the limit loads.
  add('csv', 'big-line-7mb', 'csv', `${HEAD}\n1,Ann,Lee,ann@example.com,${'y'.repeat(7 * MB)}\n2,Bo,Ng,bo@example.com,\n`, {
    exit: 0,
    counts: { read: 2, loaded: 2, rejected: 0 },
    rejects: {},
    lengths: { 2: { notes: 7 * MB } },
    description: 'a line of 7 MB loads whole',
  });

  // A quote opened on line 2 and never closed, followed by 9 MB of ordinary rows.
  const filler = Array.from({ length: 120_000 }, (_, i) => `${i + 3},F${i},L${i},u${i}@example.com,`).join('\n');
  add('csv', 'big-unclosed-quote-then-9mb', 'csv', `${HEAD}\n2,"Bo,Ng,bo@example.com,\n${filler}\n`, {
    exit: 0,
    counts: { read: 120_001, loaded: 120_000, rejected: 1 },
    rejects: { 2: 'UNCLOSED_QUOTE' },
    description: 'an unclosed quote followed by 120,000 rows: only its line is rejected',
  });

  // 5,000 columns.
  const columns = ['id', 'First Name', ...Array.from({ length: 4998 }, (_, i) => `Column ${i + 1}`)];
  const row = (id) => [String(id), `Name${id}`, ...Array.from({ length: 4998 }, (_, i) => `v${id}-${i}`)].join(',');
  add('csv', 'big-columns-5000', 'csv', `${columns.join(',')}\n${row(1)}\n${row(2)}\n${row(3).split(',').slice(0, 4000).join(',')}\n`, {
    exit: 0,
    counts: { read: 3, loaded: 2, rejected: 1 },
    rejects: { 4: 'WRONG_CELL_COUNT' },
    values: { 2: { first_name: 'Name1' } },
    description: '5,000 columns, one row short of them',
  });

  // 50,000 columns in the header only.
  add('csv', 'big-header-50000-columns', 'csv', `${Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(',')}\n`, {
    exit: 0,
    counts: { read: 0, loaded: 0, rejected: 0 },
    rejects: {},
    description: 'a header of 50,000 columns and no rows',
  });

  // A JSON Lines record of 10 MB.
  add('jsonl', 'big-line-10mb', 'jsonl', `{"id":"1","first_name":"Ann"}\n{"id":"2","notes":"${'z'.repeat(10 * MB)}"}\n{"id":"3","first_name":"Cy"}\n`, {
    exit: 0,
    counts: { read: 3, loaded: 3, rejected: 0 },
    rejects: {},
    lengths: { 2: { notes: 10 * MB } },
    description: 'a JSON line of 10 MB',
  });

  // A rule file of several megabytes: a map normalizer with 150,000 values.
  const values = Array.from({ length: 150_000 }, (_, i) => `            "Title ${i}": "Canonical title number ${i} of the big map"`).join('\n');
  add('rules', 'big-rule-file-6mb', 'yaml', `job: big\nsource: { csv: c.csv }\nfields:\n  title:\n    normalize:\n      - map:\n          values:\n${values}\n`, {
    exit: 0,
    description: 'a rule file of about 8 MB (a map with 150,000 entries) loads',
  });

  // A rule file of several megabytes with one problem near its end.
  add('rules', 'big-rule-file-problem-at-end', 'yaml', `job: big\nfields:\n${Array.from({ length: 60_000 }, (_, i) => `  field_${i}: { from: "Column ${i}" }`).join('\n')}\n  field_x: { form: "X" }\n`, {
    exit: 2,
    error: { code: 'RULES_INVALID', message: ['fields.field_x.form: unknown key "form"; did you mean "from"\\?', ':60003\\)'] },
    description: 'a 2 MB rule file with a typo on its last line: found, with its line number',
  });

  // Deep nesting and long lines, a few hundred kilobytes to megabytes each.
  const nest = (depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  add('jsonl', 'deeply-nested-arrays-100000', 'jsonl', `{"id":"1","notes":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n{"id":"2","first_name":"Bo"}\n`, {
    exit: 0,
    counts: { read: 2, loaded: 1, rejected: 1 },
    rejects: { 1: 'TOO_DEEP' },
    description: 'arrays nested 100,000 levels: rejected as too deep, never a stack overflow',
  });
  add('jsonl', 'deeply-nested-objects-50000', 'jsonl', `{"id":"1","notes":${nest(50_000)}}\n{"id":"2","first_name":"Bo"}\n`, {
    exit: 0,
    counts: { read: 2, loaded: 1, rejected: 1 },
    rejects: { 1: 'TOO_DEEP' },
    description: 'objects nested 50,000 levels',
  });
  add('jsonl', 'long-string', 'jsonl', `{"id":"1","notes":"${'x'.repeat(200_000)}"}\n`, {
    exit: 0,
    counts: { read: 1, loaded: 1, rejected: 0 },
    rejects: {},
    lengths: { 1: { notes: 200_000 } },
    description: 'a 200,000-character string',
  });
  add('rules', 'yaml-deep-block-nesting', 'yaml', `job: deep\nx:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n')}1\n`, {
    exit: 2,
    error: { code: 'RULES_INVALID', message: ['.'] },
    description: 'a list indented 3,000 levels deep (4.5 MB)',
  });
  add('rules', 'long-line', 'yaml', `job: corpus\ndescription: "${'x'.repeat(1_000_000)}"\n`, { exit: 0, description: 'a one-megabyte line' });

  return cases;
}
