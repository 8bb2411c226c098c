import { existsSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderHtml } from '../../src/audit/reporters/html.js';
import { auditReportFixture } from '../helpers/audit-report.js';
import { steward } from '../helpers/cli.js';
import { repoRoot, tempDir } from '../helpers/temp.js';

/** Files steward writes: escaped when shown in HTML, made with the user's umask, never written through a planted link. */
const tmp = tempDir();
const contacts = path.join(repoRoot, 'rules/contacts.yaml');
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
/** Markup from the data must never come out as an element. */
const LIVE_MARKUP = /<script|<img|<svg onload|<b>/i;

const hostileCsv = () => tmp.file('<svg onload=alert(1)>.csv', `ID,First Name,Last Name,Email\n${IMG},${SCRIPT},"""><b>",${SCRIPT}@x\n2,Ann,,\n`);

describe('the HTML audit report escapes every value it shows', () => {
  test('in-process: job, target, time, field names, check names, thresholds, messages, sample ids and history labels', () => {
    const base = auditReportFixture();
    const html = renderHtml({
      ...base,
      job: SCRIPT,
      target: IMG,
      at: `${SCRIPT}T`,
      checks: base.checks.map((c) => ({ ...c, name: `${c.name} ${SCRIPT}`, threshold: IMG, message: `"'><${SCRIPT}`, samples: [...c.samples, IMG, `"><svg onload=alert(1)>`] })),
      history: base.history.map((e) => ({ ...e, at: IMG })),
    });
    expect(html).not.toMatch(LIVE_MARKUP);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // No script at all, and the content security policy forbids any.
    expect(html).toContain(`content="default-src 'none'`);
  });

  test('through the CLI: hostile ids, values and file name in the data', () => {
    const html = tmp.path('hostile.html');
    const result = steward(['audit', '--rules', contacts, '--input', hostileCsv(), '--workspace', tmp.path('hostile.db'), '--report', `html=${html}`]);
    expect([0, 1]).toContain(result.code);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(LIVE_MARKUP);
    expect(page).toContain('&lt;svg onload=alert(1)&gt;.csv');
  });

  test('a history file with markup or a wrong shape in a line is refused with its line, never rendered', () => {
    const history = tmp.file('history.jsonl', `${JSON.stringify({ at: '2026-11-01T00:00:00Z', status: 'pass', records: 2, completeness: { email: 1 } })}\n${JSON.stringify({ at: 1, status: SCRIPT, records: 'x', completeness: {} })}\n`);
    const result = steward(['audit', '--rules', contacts, '--input', hostileCsv(), '--workspace', tmp.path('history.db'), '--history', history, '--report', `html=${tmp.path('history.html')}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/history file .*history\.jsonl has a line that is not an audit run \(line 2\)/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(tmp.path('history.html'))).toBe(false);
  });
});

describe('files steward writes', () => {
  const input = path.join(repoRoot, 'fixtures/legacy-contacts.csv');

  /** A file someone else owns, and a link to it planted where steward will write. */
  function planted(name: string, content = 'precious\n'): { link: string; victim: string } {
    const victim = tmp.file(`victim-of-${name}`, content);
    const link = tmp.path(name);
    symlinkSync(victim, link);
    return { link, victim };
  }
  function expectRefused(result: { code: number | null; stderr: string }, link: string, victim: string): void {
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`✖ the output ${link} is a symbolic link (to ${victim}); steward does not write through links`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  }

  test.each(['out.csv', 'out.jsonl'])('an export never writes through a symbolic link planted at the output path (%s)', (name) => {
    const { link, victim } = planted(name);
    const result = steward(['run', contacts, '--input', input, '--output', link, '--until', 'import', '--workspace', tmp.path(`${name}.db`)]);
    expectRefused(result, link, victim);
  });

  test('nor do audit reports, the audit history, or dedupe outputs', () => {
    const report = planted('report.html');
    expectRefused(steward(['audit', '--rules', contacts, '--input', input, '--workspace', tmp.path('a1.db'), '--report', `html=${report.link}`]), report.link, report.victim);
    const line = `${JSON.stringify({ at: '2026-11-01T00:00:00Z', status: 'pass', records: 2, completeness: { email: 1 } })}\n`;
    const history = planted('history-link.jsonl', line);
    const audited = steward(['audit', '--rules', contacts, '--input', input, '--workspace', tmp.path('a2.db'), '--history', history.link]);
    // The history is read through the link (harmless) and refused when appended to.
    expect(audited.code).toBe(2);
    expect(audited.stderr).toContain(`✖ the output ${history.link} is a symbolic link`);
    expect(readFileSync(history.victim, 'utf8')).toBe(line);
    const clusters = planted('clusters.csv');
    expectRefused(steward(['dedupe', '--rules', contacts, '--input', path.join(repoRoot, 'fixtures/dedupe/contacts-dupes.csv'), '--workspace', tmp.path('d.db'), '--clusters-out', clusters.link]), clusters.link, clusters.victim);
  });

  test.each([
    ['077', 0o600],
    ['022', 0o644],
  ])('files are created with the user\'s umask (%s)', (umask, mode) => {
    const out = tmp.path(`umask-${umask}.csv`);
    const report = tmp.path(`umask-${umask}.html`);
    const bin = path.join(repoRoot, 'bin/steward.js');
    const script = `umask ${umask} && "${process.execPath}" "${bin}" run "${contacts}" --input "${input}" --output "${out}" --until import --workspace "${tmp.path(`umask-${umask}.db`)}" && "${process.execPath}" "${bin}" audit --rules "${contacts}" --input "${input}" --workspace "${tmp.path(`umask-a-${umask}.db`)}" --report "html=${report}" --out "${tmp.path(`umask-${umask}.txt`)}"; true`;
    const result = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/^\s+at /m);
    for (const file of [out, report]) expect((statSync(file).mode & 0o777).toString(8), file).toBe(mode.toString(8));
  });

  test('a failed export leaves no temporary file and the previous output as it was', () => {
    const out = tmp.file('kept.csv', 'previous\n');
    writeFileSync(tmp.path('bad.csv'), 'Legacy ID,First Name\n1,Ann\n1,Bo\n');
    const result = steward(['run', contacts, '--input', tmp.path('bad.csv'), '--output', out, '--until', 'import', '--max-rejects', '0', '--workspace', tmp.path('kept.db')]);
    expect(result.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('previous\n');
    expect(readFileSync(tmp.path('bad.csv'), 'utf8')).toContain('Legacy ID');
    expect(existsSync(tmp.dir) && !spawnSync('ls', [tmp.dir], { encoding: 'utf8' }).stdout.includes('.partial')).toBe(true);
  });
});
