import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { importJob } from '../../src/index.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/** The nasty-CSV corpus (fixtures/nasty, made by its make.mjs): each file's expected outcome is in manifest.json. */
interface Case {
  file: string;
  encoding: string;
  delimiter: string;
  expect: { loaded: number; rejected: number; rejected_lines: number[] };
  expect_strict?: boolean;
  sample?: { line: number; first_name?: string; column?: string; [key: string]: unknown };
  notes?: string;
}

const corpus = path.join(repoRoot, 'fixtures/nasty');
const cases = JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as Case[];
const tmp = tempDir();

describe.each(cases)('import fixtures/nasty/$file', (entry) => {
  test(`${entry.expect.loaded} loaded, ${entry.expect.rejected} rejected`, async () => {
    const name = entry.file.replace(/[^a-z0-9]/gi, '_');
    const rules = tmp.file(
      `${name}.yaml`,
      `job: ${name}\nextends: contacts\nsource:\n  csv: ${JSON.stringify(path.join(corpus, entry.file))}\n  encoding: ${entry.encoding}\n  id: [id, ID]\ntarget: { csv: ${name}.csv }\n`,
    );
    const workspace = tmp.path(`${name}.db`);
    const summary = await importJob(rules, { workspace, cwd: tmp.dir });
    const counts = summary.counts;
    // Nothing is lost, whatever the file.
    expect(counts.read).toBe((counts.loaded ?? 0) + (counts.rejected ?? 0));
    const db = new Database(workspace, { readonly: true });
    try {
      const rejectedLines = (db.prepare('select line from stw_rejects order by line').all() as { line: number }[]).map((r) => r.line);
      // steward meets the preferred outcome even where the manifest allows another (expect_strict: false).
      expect({ loaded: counts.loaded, rejected: counts.rejected, rejected_lines: rejectedLines }).toEqual(entry.expect);
      if (counts.read! > 0) expect(summary.import?.source.details['delimiter']).toBe(entry.delimiter === '\t' ? 'tab' : entry.delimiter);
      if (entry.sample?.first_name !== undefined) {
        const record = db.prepare('select data, raw from stw_records where line = ?').get(entry.sample.line) as { data: string } | undefined;
        expect(record, `a record on line ${entry.sample.line}`).toBeDefined();
        const data = JSON.parse(record!.data) as Record<string, string>;
        expect(data['first_name']).toBe(entry.sample.first_name);
      }
    } finally {
      db.close();
    }
  });
});
