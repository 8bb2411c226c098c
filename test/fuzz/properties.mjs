// Property-based tests (fast-check) of the CSV tokenizer, the export/import round trip, the rule loader and the
// normalizers. Shared by test/unit/fuzz.test.ts (the sources, a few seconds per property) and bench/fuzz.mjs
// (the built dist/, as many runs as asked): `api` is steward's programmatic API, from either.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';

/** Characters that break CSV and text handling, mixed into otherwise random text. */
const NASTY = [',', ';', '\t', '|', '"', "'", '\r', '\n', '\r\n', ' ', '\u00a0', '\ufeff', '\u200b', '\u2028', '=', '+', '-', '@', '\\', 'é', 'ß', '中', '文', '😀', '👩‍💻', 'ع', 'ש', '\u0301', '\u0001', '\u007f'];
const nastyText = (maxLength = 20) =>
  fc.string({ unit: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY) }, { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) }), maxLength });
/** Any UTF-16 text at all, lone surrogates and NULs included. */
const anyText = (maxLength = 200) => fc.string({ unit: 'binary', maxLength, size: 'medium' });

/** A steward error is the only thing allowed to come out of bad input: it carries a code and an exit code. */
function expectStewardError(api, error) {
  if (!(error instanceof api.StewardError) || ![1, 2, 3].includes(error.exitCode) || typeof error.code !== 'string') throw error;
}

/** Text cut into random pieces, as a stream delivers it. */
const chunked = (text, cuts) => {
  const points = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
  const pieces = [];
  let from = 0;
  for (const p of points) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
};

/** The chunking property uses a small record limit, so that the limit's own path is exercised too. */
function tokenize(api, delimiter, pieces, expectedCells, maxRecordChars = undefined) {
  const tokenizer = new api.CsvTokenizer({ delimiter, expectedCells, maxRecordChars });
  const records = [];
  pieces.forEach((piece, i) => records.push(...tokenizer.push(piece, i === pieces.length - 1)));
  return records;
}

/** The properties, each { name, runs (for the test suite), property }. */
export function fuzzProperties(api) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'steward-fuzz-'));
  let counter = 0;
  const file = (name, content) => {
    const target = path.join(work, `${counter++}-${name}`);
    writeFileSync(target, content);
    return target;
  };
  const properties = [
    {
      name: 'the CSV tokenizer never throws, and gives the same records however the text is cut into chunks',
      runs: 300,
      property: fc.property(anyText(300), fc.constantFrom(',', ';', '\t', '|'), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), fc.option(fc.integer({ min: 1, max: 6 })), (text, delimiter, cuts, expected) => {
        // Line, and cells or reject code: a reject's message and kept raw text may say how much had arrived.
        const outline = (records) => records.map((r) => [r.line, r.cells ?? r.error.code]);
        const whole = outline(tokenize(api, delimiter, [text], expected ?? undefined, 64));
        const pieces = outline(tokenize(api, delimiter, chunked(text, cuts), expected ?? undefined, 64));
        if (JSON.stringify(whole) !== JSON.stringify(pieces)) throw new Error(`chunking changed the records: ${JSON.stringify(whole)} vs ${JSON.stringify(pieces)}`);
        let line = 0;
        for (const [at] of whole) {
          if (at <= line) throw new Error(`line numbers must grow: ${at} after ${line}`);
          line = at;
        }
      }),
    },
    {
      name: 'the CSV tokenizer reads back any cells written with RFC 4180 quoting',
      runs: 300,
      property: fc.property(fc.array(fc.array(nastyText(), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30, size: 'medium' }), fc.constantFrom(',', ';', '\t'), (rows, delimiter) => {
        const quote = (v) => (/[",;\t\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
        const text = rows.map((r) => r.map(quote).join(delimiter)).join('\r\n');
        const records = tokenize(api, delimiter, [text], 3).map((r) => r.cells ?? r.error);
        const expected = rows;
        if (JSON.stringify(records) !== JSON.stringify(expected)) throw new Error(`read ${JSON.stringify(records)}, wrote ${JSON.stringify(expected)}`);
      }),
    },
    {
      name: 'a round trip (JSON Lines -> steward export to CSV -> steward import of that CSV -> JSON Lines) preserves every value exactly',
      runs: 15,
      property: fc.asyncProperty(
        fc.array(fc.array(nastyText(30).filter((v) => !/[\u0000\ufffd]/.test(v)), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
        async (rows) => {
          const columns = ['c0', 'c1', 'c2'];
          const input = file('in.jsonl', rows.map((r, i) => JSON.stringify({ id: `r${i}`, ...Object.fromEntries(columns.map((c, j) => [c, r[j]])) })).join('\n'));
          const csv = file('out.csv', '');
          const back = file('back.jsonl', '');
          const first = file('a.yaml', `job: fuzz-a\nsource: { jsonl: ${JSON.stringify(input)}, id: id }\ntarget: { csv: ${JSON.stringify(csv)}, unmapped: true, formula_guard: false }\n`);
          const second = file('b.yaml', `job: fuzz-b\nsource: { csv: ${JSON.stringify(csv)}, id: source_id }\ntarget: { jsonl: ${JSON.stringify(back)}, unmapped: true }\n`);
          await api.runJob(first, { workspace: file('a.db', '') });
          const summary = await api.runJob(second, { workspace: file('b.db', '') });
          if (summary.counts.rejected !== 0) throw new Error(`the re-import rejected ${summary.counts.rejected} rows of steward's own CSV`);
          const read = readFileSync(back, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
          // CSV has one way to write an empty value: it comes back as null (no value), which is the same thing.
          const got = read.map((o) => columns.map((c) => o[c] ?? ''));
          if (JSON.stringify(got) !== JSON.stringify(rows)) throw new Error(`values changed: ${JSON.stringify(got)} vs ${JSON.stringify(rows)}`);
        },
      ),
    },
    {
      name: 'the formula guard escapes exactly what a spreadsheet would run, and only adds one apostrophe',
      runs: 1000,
      property: fc.property(fc.oneof(nastyText(12), anyText(12), fc.constantFrom('=1+1', '+1 415 555 2671', '-42', '@x', '\t=1', '+1-1')), (value) => {
        const guarded = api.guardFormula(value);
        if (guarded !== value && guarded !== `'${value}`) throw new Error(`the guard changed ${JSON.stringify(value)} to ${JSON.stringify(guarded)}`);
        if (/^[=@\t\r]/.test(value) && guarded === value) throw new Error(`not guarded: ${JSON.stringify(value)}`);
      }),
    },
    {
      name: 'the rule loader never throws anything but a steward error, whatever the file holds',
      runs: 150,
      property: fc.property(
        fc.oneof(
          anyText(400),
          fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? ''),
          fc.record({ job: fc.oneof(fc.string(), fc.integer()), source: fc.anything({ maxDepth: 2 }), fields: fc.dictionary(fc.string(), fc.anything({ maxDepth: 3 })), extends: fc.option(fc.constantFrom('contacts', 'companies', './missing.yaml', '')) }).map((v) => JSON.stringify(v)),
          fc.tuple(fc.nat(), fc.nat(), anyText(20)).map(([at, cut, insert]) => {
            const base = readFileSync(path.join(api.shippedRulesDir, 'contacts.yaml'), 'utf8');
            const from = at % base.length;
            return base.slice(0, from) + insert + base.slice(from + (cut % 40));
          }),
        ),
        (text) => {
          try {
            api.checkRules(file('rules.yaml', text), { env: {} });
          } catch (error) {
            expectStewardError(api, error);
          }
        },
      ),
    },
    {
      name: 'every normalizer takes any text without throwing, and returns text',
      runs: 300,
      property: fc.property(fc.oneof(anyText(60), nastyText(30), fc.constantFrom('+1 (415) 555-2671 x12', 'JÃ¼rgen', '31/31/1990', 'U.S.A.', 'O\'BRIEN-SMITH JR.', '王伟', '02134')), (value) => {
        for (const normalizer of api.normalizers) {
          const options = OPTIONS[normalizer.name] ?? {};
          const fn = normalizer.create(normalizer.options.parse(options), 'value');
          const out = fn(value, { record: { country: 'DE', first_name: value } });
          if (typeof out.value !== 'string') throw new Error(`${normalizer.name} returned ${typeof out.value}`);
        }
      }),
    },
  ];
  return { properties, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

/** Options for the normalizers that need some. */
const OPTIONS = { map: { values: { a: 'b', Mgr: 'Manager' } }, regex: { pattern: '\\s+', replace: ' ' } };

export { fc };
