import { InputError } from '../../errors.js';
import type { AuditReport } from '../types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

/** A way to show an audit: a pure function from the report to text; the caller writes it where it belongs. */
export interface Reporter {
  readonly name: string;
  /** File ending for `--report-file`, with its dot. */
  readonly extension: string;
  readonly description: string;
  render(report: AuditReport): string;
}

/** Every reporter, one line each. Order is the order shown in help and errors. */
export const reporters = {
  table: { name: 'table', extension: '.txt', description: 'text for a terminal: figures per field, checks, histogram', render: renderTable },
  json: { name: 'json', extension: '.json', description: 'JSON for machines: status, records, fields, checks first', render: renderJson },
  junit: { name: 'junit', extension: '.xml', description: 'JUnit XML for CI test tabs: a test case per check; warnings do not fail', render: renderJunit },
  markdown: { name: 'markdown', extension: '.md', description: 'Markdown for a pull-request comment or a GitHub job summary', render: renderMarkdown },
  html: { name: 'html', extension: '.html', description: 'one self-contained HTML page with charts (no network)', render: renderHtml },
} as const satisfies Readonly<Record<string, Reporter>>;

export type ReporterName = keyof typeof reporters;

export const reporterNames: readonly ReporterName[] = Object.keys(reporters) as ReporterName[];

export function getReporter(name: string): Reporter {
  if (!Object.hasOwn(reporters, name)) {
    throw new InputError('BAD_FLAG', `unknown format "${name}"; allowed: ${reporterNames.join(', ')}`);
  }
  return reporters[name as ReporterName];
}
