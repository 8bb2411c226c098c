import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.js';
import { err, json, out } from './output.js';
import { registerCheck } from './commands/check-command.js';
import { registerImport } from './commands/import-command.js';
import { registerExport } from './commands/export-command.js';
import { registerNormalize } from './commands/normalize-command.js';
import { registerRun } from './commands/run-command.js';
import { registerDedupe } from './commands/dedupe-command.js';
import { registerExplain } from './commands/explain-command.js';
import { registerEvaluate } from './commands/evaluate-command.js';
import { registerReview } from './commands/review-command.js';
import { registerMerge } from './commands/merge-command.js';
import { registerUnmerge } from './commands/unmerge-command.js';
import { registerUndo } from './commands/undo-command.js';
import { registerAudit } from './commands/audit-command.js';
import { registerProfile } from './commands/profile-command.js';
import { registerInit } from './commands/init-command.js';

export interface CommandOutcome {
  readonly exitCode: number;
  readonly text: string;
  readonly json: unknown;
  readonly wantsJson: boolean;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const HELP_OR_VERSION = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** The CLI entry: the only place that decides an exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  const wantsJson = argv.includes('--json');
  const program = new Command('steward')
    .description('Clean CRM data and migrate legacy customer records into CRM databases, driven by one rule file.')
    .version(version(), '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: out, writeErr: err })
    .addHelpText('after', '\nExample:\n  $ steward run rules/contacts.yaml --input fixtures/legacy-contacts.csv\n\nExit codes: 0 ok, 1 thresholds breached, 2 usage, rule-file or input error, 3 runtime failure.');

  // If the event loop empties while a command still awaits (a promise that can never settle), Node would
  // exit 0 in silence: make that a runtime failure instead.
  let finished = false;
  const guard = () => {
    if (!finished) {
      err('✖ steward stopped before the command finished (internal error: nothing left to wait for)\n');
      process.exitCode = ExitCode.runtime;
    }
  };
  process.once('beforeExit', guard);
  const run = async (produce: () => Promise<CommandOutcome>) => {
    const outcome = await produce();
    if (outcome.wantsJson) json(outcome.json);
    else out(outcome.text);
    process.exitCode = outcome.exitCode;
  };
  registerCheck(program, run);
  registerImport(program, run);
  registerNormalize(program, run);
  registerExport(program, run);
  registerDedupe(program, run);
  registerReview(program, run);
  registerExplain(program, run);
  registerEvaluate(program, run);
  registerMerge(program, run);
  registerUnmerge(program, run);
  registerUndo(program, run);
  registerAudit(program, run);
  registerProfile(program, run);
  registerInit(program, run);
  registerRun(program, run);

  try {
    await program.parseAsync([...argv]);
    finished = true;
  } catch (error) {
    finished = true;
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.input;
      // Commander has printed its text on stderr; a --json caller also gets the error on stdout.
      if (wantsJson && !HELP_OR_VERSION.has(error.code)) json({ status: 'error', code: 'USAGE', message: error.message.replace(/^error: /, '') });
      return;
    }
    const { renderError, errorJson } = await import('./render.js');
    const { StewardError } = await import('../errors.js');
    if (wantsJson) json(errorJson(error));
    err(renderError(error));
    if (process.env['STEWARD_DEBUG'] && error instanceof Error) err(`${error.stack ?? ''}\n`);
    process.exitCode = error instanceof StewardError ? error.exitCode : ExitCode.runtime;
  }
}
