import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { renderHtml } from '../../src/audit/reporters/html.js';
import { auditReportFixture } from '../helpers/audit-report.js';
import { tempDir } from '../helpers/temp.js';

/** Debian's chromium; CI machines have none unless someone installs it, and then this file skips. */
const CHROMIUM = '/usr/bin/chromium';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const tmp = tempDir();

/** Headless chromium on a local file, offline, with its own throwaway profile; 60 s at most. */
function chromium(args: readonly string[], page: string): { code: number | null; stdout: string; stderr: string } {
  const profile = mkdtempSync(path.join(tmp.dir, 'profile-'));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const result = spawnSync(CHROMIUM, [...flags, `--user-data-dir=${profile}`, ...args, pathToFileURL(page).href], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function screenshot(page: string, png: string): Buffer {
  const run = chromium([`--screenshot=${png}`, '--window-size=1200,1600'], page);
  expect(existsSync(png), `no screenshot; chromium exited ${run.code}: ${run.stderr.slice(-2000)}`).toBe(true);
  return readFileSync(png);
}

describe.skipIf(!existsSync(CHROMIUM))('the HTML audit report in a real browser', () => {
  const page = tmp.file('audit.html', renderHtml(auditReportFixture()));

  test('the screenshot is a PNG with far more drawn on it than an empty page', () => {
    const empty = screenshot(tmp.file('empty.html', '<!DOCTYPE html><html><head><meta charset="utf-8"><title>empty</title></head><body></body></html>'), tmp.path('empty.png'));
    const shot = screenshot(page, tmp.path('audit.png'));
    expect(shot.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(empty.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // A 1200x1600 white page compresses to a few kB; text, bars and charts make it tens of kB.
    expect(statSync(tmp.path('audit.png')).size).toBeGreaterThan(10 * empty.length);
    expect(shot.length).toBeGreaterThan(30_000);
  });

  test('the browser builds the charts and no script from the data', () => {
    const run = chromium(['--dump-dom'], page);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const dom = run.stdout;
    for (const id of ['fill-rates', 'histogram', 'trend']) expect(dom, id).toMatch(new RegExp(`<svg id="${id}"[^>]*>`));
    expect(dom.match(/<g class="field-row"/g)).toHaveLength(4);
    expect(dom.match(/<rect class="bar-histogram"/g)).toHaveLength(10);
    expect(dom.match(/<polyline class="trend-(field|mean)"/g)).toHaveLength(5);
    // The hostile field name and sample id are text in the page, never an element.
    expect(dom).not.toMatch(/<script/i);
    expect(dom).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>');
  });
});
