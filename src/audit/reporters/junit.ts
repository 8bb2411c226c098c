import type { AuditReport, CheckResult } from '../types.js';
import { checkSubject, escapeXml, formatValue, int } from './format.js';

/** An attribute value: escaped, with line breaks kept as character references (parsers turn raw ones into spaces). */
const attr = (text: string) => escapeXml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

function failureBody(c: CheckResult): string {
  const lines = [c.message, `threshold: ${c.threshold}`, `value: ${formatValue(c.metric, c.value)}`, `severity: ${c.severity}`];
  if (c.samples.length > 0) lines.push(`samples (${c.samples.length}):`, ...c.samples.map((s) => `  ${s}`));
  return escapeXml(lines.join('\n'));
}

function testcase(c: CheckResult): string {
  const open = `    <testcase classname="${attr(`steward.audit.${checkSubject(c.field)}`)}" name="${attr(c.name)}" time="0"`;
  if (c.status === 'pass') return `${open}/>`;
  if (c.status === 'fail') {
    return `${open}>\n      <failure message="${attr(c.message)}" type="${attr(c.metric)}">${failureBody(c)}</failure>\n    </testcase>`;
  }
  // A warning is reported, never failed: CI must stay green on warnings.
  const warning = `WARNING ${c.name}: ${c.message} (threshold ${c.threshold}, value ${formatValue(c.metric, c.value)})`;
  return `${open}>\n      <system-out>${escapeXml(warning)}</system-out>\n    </testcase>`;
}

/** The audit as JUnit XML for CI test tabs: one test case per check; failed checks are failures, warnings are not. */
export function renderJunit(report: AuditReport): string {
  const tests = report.checks.length;
  const failures = report.checks.filter((c) => c.status === 'fail').length;
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="0"`;
  const properties = [
    ['status', report.status],
    ['records', String(report.records)],
    ['target', report.target],
    ['at', report.at],
  ].map(([name, value]) => `      <property name="${attr(name!)}" value="${attr(value!)}"/>`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="steward audit" ${counts}>`,
    `  <testsuite name="${attr(`steward audit: ${report.job}`)}" ${counts} time="0">`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...report.checks.map(testcase),
    `    <system-out>${escapeXml(`${report.status}: ${int(report.records)} records in ${report.target}`)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
