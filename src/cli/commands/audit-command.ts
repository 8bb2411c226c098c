import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CommandOutcome } from '../main.js';
import { rulesArgument } from './dedupe-command.js';
import { count } from '../../wording.js';

interface AuditFlags {
  rules?: string;
  input?: string;
  workspace?: string;
  db?: string;
  table?: string;
  format?: string;
  out?: string;
  report: string[];
  history?: string;
  failOnRegression?: string;
  now?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerAudit(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  program
    .command('audit')
    .description('completeness and validity checks with thresholds: exit code 1 when a fail check breaks')
    .argument('[rules]', 'rule file (YAML or JSON) with an audit: section; or --rules')
    .option('--rules <file>', 'rule file (YAML or JSON)')
    .option('--input <source>', 'import and normalize this file first, then audit it')
    .option('--workspace <path>', "audit this workspace's records as they are (default: .steward/<job>.db beside the rule file)")
    .option('--db <url>', 'audit a database table where it is (postgres://… or a SQLite file); counts run in SQL')
    .option('--table <name>', 'the table, with --db')
    .option('--format <format>', 'report on stdout: table (default), json, junit, markdown, html')
    .option('--out <file>', 'write the --format report to this file instead of stdout')
    .option('--report <format=file>', 'also write a report file, e.g. --report junit=audit.xml --report markdown=audit.md (repeatable)', collect, [])
    .option('--history <file>', 'keep the runs for trends in this JSON Lines file instead of the workspace')
    .option('--fail-on-regression <percent>', "fail when any field's completeness dropped by more than this since the last run (2%)")
    .option('--now <date>', 'the time the audit runs at, for reproducible reports and freshness (ISO 8601)')
    .option('--json', 'the same as --format json')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ steward audit --rules rules/contacts.yaml --input fixtures/legacy-contacts.csv',
        '  $ steward audit --rules rules/contacts.yaml --workspace .steward/crm.db --format markdown --report junit=audit.xml',
        '  $ steward audit --rules rules/contacts.yaml --db "$CRM_DATABASE_URL" --table contacts --report html=audit.html',
        '',
        'Exit codes: 0 every fail check passed (warnings allowed), 1 a fail check broke, 2 rule file or input error, 3 runtime failure.',
      ].join('\n'),
    )
    .action((positional: string | undefined, flags: AuditFlags) =>
      run(async () => {
        const rulesFile = rulesArgument(positional, flags.rules);
        const { getReporter } = await import('../../audit/reporters/registry.js');
        const format = flags.json ? 'json' : (flags.format ?? 'table');
        const main = getReporter(format);
        const extra = flags.report.map((spec) => {
          const at = spec.indexOf('=');
          if (at <= 0 || at === spec.length - 1) throw new InputError('BAD_FLAG', `--report must be FORMAT=FILE (junit=audit.xml), got ${JSON.stringify(spec)}`);
          return { reporter: getReporter(spec.slice(0, at)), file: spec.slice(at + 1) };
        });
        let now: Date | undefined;
        if (flags.now !== undefined) {
          now = new Date(flags.now);
          if (Number.isNaN(now.getTime())) throw new InputError('BAD_FLAG', `--now must be an ISO 8601 date or time, got ${JSON.stringify(flags.now)}`);
        }
        const { auditJob } = await import('../../audit-jobs.js');
        const { writeTextFile } = await import('../../audit/write-report.js');
        const { createProgress } = await import('../progress.js');
        const progress = await createProgress();
        let summary;
        try {
          summary = await auditJob(rulesFile, {
            input: flags.input,
            workspace: flags.workspace,
            db: flags.db,
            table: flags.table,
            history: flags.history,
            failOnRegression: flags.failOnRegression,
            now,
            onProgress: progress.onProgress,
          });
        } finally {
          progress.stop();
        }
        const report = summary.report;
        for (const { reporter, file } of extra) await writeTextFile(path.resolve(file), reporter.render(report));
        const notes = format === 'table' && report.notes ? report.notes.map((n) => `  note: ${n}\n`).join('') : '';
        const text = main.render(report) + notes;
        const exitCode = report.status === 'fail' ? 1 : 0;
        if (flags.out !== undefined) {
          await writeTextFile(path.resolve(flags.out), text);
          return { exitCode, text: `audit ${report.status}: ${count(report.records, 'record')}, ${count(report.checks.length, 'check')}; ${format} report written to ${flags.out}\n`, json: report, wantsJson: false };
        }
        // The report is the output: JSON (the contract's keys) or the chosen format as text.
        return { exitCode, text, json: report, wantsJson: false };
      }),
    );
}
