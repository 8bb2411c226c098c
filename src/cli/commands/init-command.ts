import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';
import { count } from './job-flags.js';

interface InitFlags {
  target?: string;
  out?: string;
  force?: boolean;
  sample?: string;
  json?: boolean;
}

export function registerInit(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  program
    .command('init')
    .description('profile a file and write a commented rule file for it: mapping, normalizers, dedupe, merge, an audit, the target')
    .argument('<file>', 'a .csv, .tsv, .txt or .jsonl export')
    .option('--target <table>', 'the database table to load into (postgres://…#contacts, mysql://…#contacts, crm.db#contacts): its columns are read and mapped')
    .option('--out <file>', 'the rule file to write (default rules.yaml)')
    .option('--force', 'overwrite the --out file when it exists')
    .option('--sample <rows>', 'rows the profile is made from; a bigger file is sampled (default 20000)')
    .option('--json', 'print the mapping and the file written as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ steward init legacy/contacts.csv --out jobs/contacts.yaml',
        '  $ steward init legacy/contacts.csv --target "postgres://crm@db/crm#contacts" --out jobs/contacts.yaml',
        '  $ steward check jobs/contacts.yaml && steward run jobs/contacts.yaml',
        '',
        'Exit codes: 0 written, 2 usage or input error (the --out file exists), 3 runtime failure.',
      ].join('\n'),
    )
    .action((file: string, flags: InitFlags) =>
      run(async () => {
        const { initJob } = await import('../../init-jobs.js');
        const summary = await initJob({ file, out: flags.out, target: flags.target, force: flags.force, sample: count(flags.sample, '--sample') });
        const rows = Object.entries(summary.mapping).map(([column, field]) => `  ${column} → ${field}`);
        const text = [
          `wrote ${flags.out ?? 'rules.yaml'}: ${Object.keys(summary.mapping).length} of ${summary.profile.columns.length} columns mapped`,
          ...rows,
          ...(summary.unmapped.length > 0 ? [`  not mapped (kept as they are): ${summary.unmapped.join(', ')}`] : []),
          ...summary.env.map(({ name, value }) => `  the target's connection string is read from ${name} (the rule file holds no password): export ${name}='${value}' with the password for *** before check and run`),
          `next: steward check ${flags.out ?? 'rules.yaml'} && steward run ${flags.out ?? 'rules.yaml'}`,
        ].join('\n');
        return { exitCode: 0, text: `${text}\n`, json: { status: 'ok', out: summary.out, mapping: summary.mapping, unmapped: summary.unmapped, env: summary.env.map((e) => e.name) }, wantsJson: Boolean(flags.json) };
      }),
    );
}
