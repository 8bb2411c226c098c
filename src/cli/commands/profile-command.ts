import path from 'node:path';
import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { count as countFlag } from './job-flags.js';
import { count } from '../../wording.js';

interface ProfileFlags {
  db?: string;
  table?: string;
  format?: string;
  out?: string;
  sample?: string;
  encoding?: string;
  json?: boolean;
}

export function registerProfile(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  program
    .command('profile')
    .description('what each column of a file or table holds: kind, fill, distinct and top values, shapes, validity, and the field it maps to')
    .argument('[file]', 'a .csv, .tsv, .txt or .jsonl file; or --db URL --table T')
    .option('--db <url>', 'profile a database table where it is (postgres://…, mysql://… or a SQLite file); counts run in SQL')
    .option('--table <name>', 'the table, with --db')
    .option('--format <format>', 'table (default), json or html')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--sample <rows>', 'rows the per-column figures of a file are made from; a bigger file is sampled (default 20000)')
    .option('--encoding <name>', 'the file\'s encoding, instead of the one sniffed from its bytes')
    .option('--json', 'the same as --format json')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ steward profile legacy/contacts.csv',
        '  $ steward profile legacy/contacts.csv --format html --out profile.html',
        '  $ steward profile --db "$CRM_DATABASE_URL" --table contacts --json',
        '',
        'Exit codes: 0 ok, 2 usage or input error, 3 runtime failure.',
      ].join('\n'),
    )
    .action((file: string | undefined, flags: ProfileFlags) =>
      run(async () => {
        const { getProfileReporter } = await import('../../profile/reporters/registry.js');
        const format = flags.json ? 'json' : (flags.format ?? 'table');
        const reporter = getProfileReporter(format);
        const sample = countFlag(flags.sample, '--sample');
        const { profileJob } = await import('../../profile-jobs.js');
        const { createProgress } = await import('../progress.js');
        const progress = await createProgress();
        let profile;
        try {
          profile = await profileJob({ file, db: flags.db, table: flags.table, sample, encoding: flags.encoding, onProgress: (rows) => progress.onProgress?.({ stage: 'profile', count: rows }) });
        } finally {
          progress.stop();
        }
        const text = reporter.render(profile);
        if (flags.out !== undefined) {
          const { writeTextFile } = await import('../../audit/write-report.js');
          await writeTextFile(path.resolve(flags.out), text);
          return { exitCode: 0, text: `profile of ${profile.source}: ${count(profile.rows, 'row')}, ${count(profile.columns.length, 'column')}; ${format} report written to ${flags.out}\n`, json: profile, wantsJson: false };
        }
        return { exitCode: 0, text, json: profile, wantsJson: false };
      }),
    );
}
