import type { Command } from 'commander';
import type { CommandOutcome } from '../main.js';

export function registerCheck(program: Command, run: (outcome: () => Promise<CommandOutcome>) => Promise<void>): void {
  program
    .command('check')
    .description('validate a rule file and print every problem in it')
    .argument('<rules>', 'rule file (YAML or JSON)')
    .option('--json', 'print the resolved rules as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ steward check rules/contacts.yaml\n  $ steward check jobs/legacy.yaml --json\n\nExit codes: 0 valid, 2 problems found (each printed with its path and file:line).')
    .action((rulesFile: string, flags: { json?: boolean }) =>
      run(async () => {
        const { checkRules } = await import('../../pipeline.js');
        const { renderCheck, checkJson } = await import('../render.js');
        const rules = checkRules(rulesFile);
        return { exitCode: 0, text: renderCheck(rules, rulesFile), json: checkJson(rules), wantsJson: Boolean(flags.json) };
      }),
    );
}
