import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { RuntimeFailure } from '../../../src/errors.js';
import { checkDraft } from '../../../src/init-jobs.js';
import { tempDir } from '../../helpers/temp.js';

const tmp = tempDir();

describe("init's draft is checked from its text", () => {
  test('a valid draft loads where its rule file will be, with no file written (the folder need not exist yet)', () => {
    tmp.file('people.csv', 'Email\na@b.com\n');
    const out = tmp.path('jobs/not-yet/people.yaml');
    const rules = checkDraft('job: people\nsource: { csv: ../../people.csv }\nfields: { email: { from: Email } }\n', out, 'people.csv', {});
    expect(rules.job).toBe('people');
    expect(rules.source?.location).toBe(tmp.path('people.csv'));
    expect(existsSync(tmp.path('jobs'))).toBe(false);
  });

  test("a draft that fails its check is init's own bug (exit 3), told by rule path and draft line, not by a file name", () => {
    const draft = 'job: people\nsource: { csv: people.csv }\naudit:\n  fields:\n  rows: ">= 1"\n';
    let error: unknown;
    try {
      checkDraft(draft, tmp.path('people.yaml'), 'people.csv', {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuntimeFailure);
    expect((error as RuntimeFailure).code).toBe('INIT_DRAFT_INVALID');
    expect((error as RuntimeFailure).exitCode).toBe(3);
    expect((error as Error).message).toBe(
      'steward init drafted a rule file for people.csv that fails its own check; this is a bug in steward init, not in your file: audit.fields: must be a mapping, got null (line 4 of the draft)',
    );
  });
});
