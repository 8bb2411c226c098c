import { describe, expect, test } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { escapeXml, formatChange, formatValue } from '../../../src/audit/reporters/format.js';
import { renderHtml } from '../../../src/audit/reporters/html.js';
import { renderJson } from '../../../src/audit/reporters/json.js';
import { renderJunit } from '../../../src/audit/reporters/junit.js';
import { escapeMarkdown, renderMarkdown } from '../../../src/audit/reporters/markdown.js';
import { getReporter, reporterNames, reporters } from '../../../src/audit/reporters/registry.js';
import { renderTable } from '../../../src/audit/reporters/table.js';
import { auditReportFixture, HOSTILE } from '../../helpers/audit-report.js';

const report = auditReportFixture();
const failing = report.checks.filter((c) => c.status === 'fail');
const warning = report.checks.filter((c) => c.status === 'warn');

interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) =>
  text.replace(/&(#\d+|[a-z]+);/g, (_, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!));

/** A crude but strict XML reader: balanced tags, quoted attributes, no stray `<` or `&`, no illegal characters. */
function parseXml(xml: string): XmlElement {
  expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#root', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    expect(between, `stray markup before ${m[0]}`).not.toMatch(/[<>]|&(?!(#\d+|amp|lt|gt|quot|apos);)/);
    stack[stack.length - 1]!.text += decode(between);
    last = m.index + m[0].length;
    const [, closing, name, attributeText, selfClosing] = m;
    if (closing) {
      expect(stack.pop()?.name, `closing </${name}>`).toBe(name);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attributeText!.matchAll(/([\w.-]+)="([^"<]*)"/g)) {
      expect(a[2], `attribute ${a[1]}`).not.toMatch(/&(?!(#\d+|amp|lt|gt|quot|apos);)/);
      attributes[a[1]!] = decode(a[2]!);
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    stack[stack.length - 1]!.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack.map((e) => e.name)).toEqual(['#root']);
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

const find = (e: XmlElement, name: string): XmlElement[] => [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => find(c, name))];

describe('formatting', () => {
  test.each([
    ['completeness', 0.953, '95.3%'],
    ['validity', 1, '100.0%'],
    ['duplicate_rate', 0.0012, '0.1%'],
    ['completeness_drop', 0.021, '2.1%'],
    ['row_count', 12345, '12,345'],
    ['newest_age_days', 12.46, '12.5'],
    ['newest_age_days', 3, '3'],
  ])('%s %d shows as %s', (metric, value, shown) => {
    expect(formatValue(metric, value)).toBe(shown);
  });

  test.each([
    [-0.021, '-2.1 pt'],
    [0.005, '+0.5 pt'],
    [0.0001, '±0.0 pt'],
    [undefined, ''],
    [Number.NaN, ''],
  ])('change %s shows as %j', (change, shown) => {
    expect(formatChange(change)).toBe(shown);
  });

  test('XML escaping covers the five specials and drops characters XML 1.0 forbids', () => {
    expect(escapeXml(`a&b<c>d"e'f\u0000\u0008\u000b\ufffe\ud800g\u{1f600}\th\n`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;fg\u{1f600}\th\n');
  });
});

describe('table reporter', () => {
  const text = renderTable(report);

  test('header, fields with changes, checks with samples, histogram', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('✖ audit contacts: fail · 1,000 records · fixtures/legacy-contacts.csv');
    expect(lines.find((l) => l.trimStart().startsWith('email '))).toMatch(/^ {2}email\s+953\s+95\.3%\s+944\s+99\.1%\s+-2\.1 pt$/);
    expect(lines.find((l) => l.trimStart().startsWith('phone '))).toMatch(/97\.3%\s+\+0\.5 pt$/);
    expect(text).toMatch(/✔ email completeness\s+95\.3%\s+>= 95%/);
    expect(text).toMatch(/▲ phone validity\s+97\.3%\s+>= 98%\s+\(warn\)/);
    expect(text).toMatch(/✔ row count\s+1,000\s+>= 500/);
    expect(text).toMatch(/▲ newest record age\s+12\.5\s+<= 7/);
    expect(text).toMatch(/✖ company completeness\s+64\.0%\s+>= 80%\s+\(fail\)\n\s+e\.g\. c-0007, c-0012, c-0031\n/);
    expect(text).toContain('2 passed, 2 warned, 3 failed');
    expect(text).toContain('record completeness  mean 71.0%');
    expect(text).toMatch(/80–90%\s+█{30}\s+300\n/);
    expect(text).toMatch(/0–10%\s+█ +2\n/);
    // Failures come first; passing checks list no samples.
    expect(text.indexOf('✖ company completeness')).toBeLessThan(text.indexOf('✔ email completeness'));
  });

  test('control characters from the data cannot reach the terminal', () => {
    expect(renderTable(auditReportFixture({ job: 'x\u001b[31mred' }))).toContain('x [31mred');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  test('no fields, no checks, no histogram', () => {
    expect(renderTable(auditReportFixture({ status: 'pass', records: 1, fields: {}, checks: [], recordCompleteness: undefined }))).toBe(
      '✔ audit contacts: pass · 1 record · fixtures/legacy-contacts.csv\n',
    );
  });
});

describe('json reporter', () => {
  const json = renderJson(report);
  const parsed = JSON.parse(json) as Record<string, unknown>;

  test('contract keys first and in order, then the rest', () => {
    expect(json.endsWith('}\n')).toBe(true);
    expect(Object.keys(parsed)).toEqual(['status', 'records', 'fields', 'checks', 'target', 'at', 'job', 'recordCompleteness', 'history', 'changes']);
    expect(parsed['status']).toBe('fail');
    expect(parsed['records']).toBe(1000);
    const fields = parsed['fields'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(fields)).toEqual(['email', 'phone', 'company', HOSTILE]);
    expect(fields['email']).toEqual({ filled: 953, completeness: 0.953, valid: 944, validity: 944 / 953 });
    expect(Object.keys(fields['phone']!)).toEqual(['filled', 'completeness', 'valid', 'validity', 'duplicates']);
    const checks = parsed['checks'] as Record<string, unknown>[];
    expect(checks).toHaveLength(report.checks.length);
    for (const c of checks) expect(Object.keys(c)).toEqual(['name', 'field', 'metric', 'value', 'threshold', 'severity', 'status', 'samples', 'message']);
    expect(checks[3]).toMatchObject({ name: 'company completeness', field: 'company', status: 'fail', samples: ['c-0007', 'c-0012', 'c-0031'] });
  });

  test('the same report whatever order its keys were built in', () => {
    const { checks, fields, records, status, ...rest } = report;
    expect(renderJson({ ...rest, checks, fields, records, status })).toBe(json);
  });

  test('no record completeness: the key is left out', () => {
    expect(Object.keys(JSON.parse(renderJson(auditReportFixture({ recordCompleteness: undefined }))) as object)).not.toContain('recordCompleteness');
  });
});

describe('junit reporter', () => {
  const xml = renderJunit(report);
  const root = parseXml(xml);

  test('well formed: one suite, a test case per check, failures only for failed checks', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    const suites = find(root, 'testsuite');
    expect(suites).toHaveLength(1);
    const suite = suites[0]!;
    expect(suite.attributes).toMatchObject({ name: 'steward audit: contacts', tests: '7', failures: String(failing.length), errors: '0' });
    const cases = find(suite, 'testcase');
    expect(cases.map((c) => [c.attributes['classname'], c.attributes['name']])).toEqual(report.checks.map((c) => [`steward.audit.${c.field ?? 'records'}`, c.name]));
    expect(find(suite, 'failure')).toHaveLength(failing.length);
    for (const [i, c] of report.checks.entries()) {
      const kase = cases[i]!;
      expect(find(kase, 'failure').length, c.name).toBe(c.status === 'fail' ? 1 : 0);
      expect(find(kase, 'system-out').length, c.name).toBe(c.status === 'warn' ? 1 : 0);
    }
    expect(warning).toHaveLength(2);
  });

  test('a failure carries message, threshold, value and samples', () => {
    const kase = find(root, 'testcase').find((c) => c.attributes['name'] === 'company completeness')!;
    const failure = find(kase, 'failure')[0]!;
    expect(failure.attributes['message']).toBe('640 of 1,000 records have a company (64.0%), needs >= 80%');
    expect(failure.text).toBe(
      '640 of 1,000 records have a company (64.0%), needs >= 80%\nthreshold: >= 80%\nvalue: 64.0%\nseverity: fail\nsamples (3):\n  c-0007\n  c-0012\n  c-0031',
    );
    const warn = find(root, 'testcase').find((c) => c.attributes['name'] === 'phone validity')!;
    expect(find(warn, 'system-out')[0]!.text).toBe('WARNING phone validity: 790 of 812 phones are valid (97.3%), wants >= 98% (threshold >= 98%, value 97.3%)');
  });

  test('hostile values are escaped and survive a round trip', () => {
    expect(xml).not.toContain(HOSTILE);
    const kase = find(root, 'testcase').find((c) => c.attributes['classname'] === `steward.audit.${HOSTILE}`)!;
    expect(kase.attributes['name']).toBe(`${HOSTILE} completeness`);
    const text = find(kase, 'failure')[0]!.text;
    expect(text).toContain(`  ${HOSTILE}\n  a|b\n  x & "y" 'z'\n  line\nbreak`);
    const hostileJob = parseXml(renderJunit(auditReportFixture({ job: `"a'<b>&\u0001`, checks: [{ ...report.checks[3]!, message: 'two\nlines "q"' }] })));
    expect(find(hostileJob, 'testsuite')[0]!.attributes['name']).toBe(`steward audit: "a'<b>&`);
    expect(find(hostileJob, 'failure')[0]!.attributes['message']).toBe('two\nlines "q"');
  });

  test('no checks: an empty but valid suite', () => {
    const empty = parseXml(renderJunit(auditReportFixture({ status: 'pass', checks: [] })));
    expect(find(empty, 'testsuite')[0]!.attributes).toMatchObject({ tests: '0', failures: '0' });
  });
});

describe('markdown reporter', () => {
  const md = renderMarkdown(report);

  test.each([
    ['a|b', 'a\\|b'],
    ['two\nlines', 'two lines'],
    ['crlf\r\nend', 'crlf end'],
    [HOSTILE, '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['*bold* _it_ `code` [link](x) $x$ ~~s~~ # h', '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\$x\\$ \\~\\~s\\~\\~ \\# h'],
    ["it's \u001b[31m", "it's  \\[31m"],
    ['a & "b"', 'a &amp; &quot;b&quot;'],
    ['back\\slash', 'back\\\\slash'],
  ])('cell text %j -> %j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  test('status line, field table, check table, failing samples in details', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('### ❌ steward audit <code>contacts</code>: **fail**');
    expect(md).toContain('| field | filled | completeness | valid | validity | change |');
    expect(md).toContain('| <code>email</code> | 953 | 95.3% | 944 | 99.1% | -2.1 pt |');
    expect(md).toContain('| ⚠️ warn | phone validity | 97.3% | &gt;= 98% | warn |');
    expect(md).toContain('| ❌ fail | company completeness | 64.0% | &gt;= 80% | fail |');
    expect(md).toContain('| ✅ pass | row count | 1,000 | &gt;= 500 | fail |');
    expect(md).toContain('<details>\n<summary>❌ company completeness: 3 samples</summary>\n\n640 of 1,000 records have a company (64.0%), needs &gt;= 80%\n\n- <code>c-0007</code>\n- <code>c-0012</code>\n- <code>c-0031</code>\n\n</details>');
    expect((md.match(/<details>/g) ?? []).length).toBe(failing.length);
  });

  test('every table row keeps its column count and hostile values are escaped', () => {
    expect(md).not.toContain('<script');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('- <code>a\\|b</code>');
    expect(md).toContain('- <code>line break</code>');
    expect(md).toContain(`- <code>x &amp; &quot;y&quot; 'z'  </code>`);
    // The summary sits in an HTML block, where Markdown escapes would show: entities only.
    expect(md).toContain('<summary>❌ &lt;script&gt;alert(1)&lt;/script&gt; completeness: 4 samples</summary>');
    for (const row of md.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      expect([6, 5], row).toContain(cells);
    }
  });

  test.each(['pass', 'warn'] as const)('status %s has its emoji', (status) => {
    expect(renderMarkdown(auditReportFixture({ status })).split('\n')[0]).toContain(status === 'pass' ? '✅' : '⚠️');
  });
});

describe('html reporter', () => {
  const html = renderHtml(report);

  test('self-contained: no URL, no script, no external reference', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  test('charts: fill rates, histogram, trend; failing checks with samples', () => {
    expect(html).toMatch(/<svg id="fill-rates"[^>]*>/);
    expect(html).toMatch(/<svg id="histogram"[^>]*>/);
    expect(html).toMatch(/<svg id="trend"[^>]*>/);
    expect((html.match(/<svg /g) ?? []).length).toBe(3);
    expect((html.match(/<\/svg>/g) ?? []).length).toBe(3);
    expect((html.match(/<g class="field-row"/g) ?? []).length).toBe(4);
    expect((html.match(/<rect class="bar-completeness" x="190" y="\d+(\.\d)?" width="[\d.]+" height="14"/g) ?? []).length).toBe(4);
    expect(html).toContain('<rect class="bar-completeness" x="190" y="30" width="571.8" height="14" rx="2"><title>email completeness 95.3%</title></rect>');
    expect((html.match(/<g class="bin">/g) ?? []).length).toBe(10);
    expect((html.match(/<polyline class="trend-field"/g) ?? []).length).toBe(4);
    expect(html).toContain('<polyline class="trend-mean"');
    expect(html).toMatch(/<section id="failures">[\s\S]*<h3>✖ company completeness<\/h3>[\s\S]*<li><code>c-0007<\/code><\/li>/);
    expect((html.match(/<article class="failure">/g) ?? []).length).toBe(failing.length);
    expect(html).toContain('<td class="num down">-2.1 pt</td>');
    expect(html).toContain('<td class="num up">+0.5 pt</td>');
    expect(html).toContain('<span class="badge status-fail" id="status">✖ fail</span>');
  });

  test('every value from the data is escaped', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('alert(1)</');
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(html).toContain(`<li><code>${escaped}</code></li>`);
    expect(html).toContain(`<g class="field-row" data-field="${escaped}">`);
    expect(html).toContain(`<h3>✖ ${escaped} completeness</h3>`);
    expect(html).toContain('<li><code>x &amp; &quot;y&quot; &#39;z&#39;</code></li>');
    const hostile = renderHtml(auditReportFixture({ job: HOSTILE, target: `"><img src=x onerror=alert(1)>` }));
    expect(hostile).not.toMatch(/<script|<img/);
    expect(hostile).toContain('<title>steward audit: &lt;script&gt;alert(1)&lt;/script&gt; (fail)</title>');
    expect(hostile).toContain('<dd>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</dd>');
  });

  test('a long history: every run on the chart, a few labelled, the last six in the table', () => {
    const history = Array.from({ length: 30 }, (_, i) => ({ at: `2026-10-${String(i + 1).padStart(2, '0')}T08:00:00.000Z`, status: 'pass' as const, records: 900 + i, completeness: { email: 0.9 + i / 1000 } }));
    const long = renderHtml(auditReportFixture({ history }));
    const trend = long.slice(long.indexOf('<svg id="trend"'));
    expect(trend.match(/<circle /g)).toHaveLength(31 /* email */ + 3 /* the other fields, this run only */ + 31 /* mean */);
    const labels = [...trend.slice(0, trend.indexOf('</svg>')).matchAll(/<text class="muted" x="[\d.]+" y="254"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels.length).toBeLessThanOrEqual(9);
    expect(labels[0]).toBe('2026-10-01 08:00');
    expect(labels.at(-1)).toBe('this run');
    const changes = long.slice(long.indexOf('<table id="changes">'));
    expect(changes.slice(0, changes.indexOf('</thead>')).match(/<th class="num">/g)).toHaveLength(6 + 1);
    expect(changes).toContain('<th class="num">2026-10-26 08:00<br>');
    expect(changes).not.toContain('2026-10-25 08:00');
  });

  test('a first run has no trend chart; no histogram without record completeness', () => {
    const first = renderHtml(auditReportFixture({ history: [], changes: {}, recordCompleteness: undefined }));
    expect(first).toContain('<p class="empty" id="trend">This is the first run: no earlier runs to compare.</p>');
    expect(first).not.toContain('id="histogram"');
    expect(first).toMatch(/<svg id="fill-rates"/);
  });
});

describe('registry', () => {
  test.each(Object.entries(reporters))('%s renders text ending in a newline', (name, reporter) => {
    expect(reporter.name).toBe(name);
    expect(reporter.extension).toMatch(/^\.[a-z]+$/);
    expect(getReporter(name)).toBe(reporter);
    expect(reporter.render(report).endsWith('\n')).toBe(true);
  });

  test('an unknown format is a bad flag that lists the allowed ones', () => {
    expect(reporterNames).toEqual(['table', 'json', 'junit', 'markdown', 'html']);
    expect(() => getReporter('xml')).toThrow(InputError);
    expect(() => getReporter('toString')).toThrow('unknown format "toString"; allowed: table, json, junit, markdown, html');
    try {
      getReporter('csv');
    } catch (error) {
      expect((error as InputError).code).toBe('BAD_FLAG');
      expect((error as InputError).exitCode).toBe(2);
    }
  });
});
