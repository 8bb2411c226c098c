/** Exit codes are a contract (DESIGN.md): decided once, in the CLI entry, from the error kind. */
export const ExitCode = { ok: 0, thresholds: 1, input: 2, runtime: 3 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface RuleIssue {
  /** Dotted path in the rule file, e.g. `dedupe.compare.email.method`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

export interface ErrorContext {
  readonly file?: string;
  readonly line?: number;
  readonly path?: string;
  readonly record?: string;
  readonly hint?: string;
}

/** Base of every error steward throws on purpose; anything else is an unexpected runtime failure. */
export class StewardError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly context: ErrorContext;
  constructor(code: string, message: string, exitCode: ExitCodeValue, context: ErrorContext = {}) {
    super(message);
    this.name = 'StewardError';
    this.code = code;
    this.exitCode = exitCode;
    this.context = context;
  }
}

/** Bad flags, bad input files, unknown targets: exit 2. */
export class InputError extends StewardError {
  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(code, message, ExitCode.input, context);
    this.name = 'InputError';
  }
}

/** A rule file with one or more problems, all collected before throwing: exit 2. */
export class RulesError extends StewardError {
  readonly issues: readonly RuleIssue[];
  constructor(issues: readonly RuleIssue[]) {
    super('RULES_INVALID', `rule file has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, ExitCode.input);
    this.name = 'RulesError';
    this.issues = issues;
  }
}

/** The job ran but a threshold was breached (too many rejects, failed audit): exit 1. */
export class ThresholdError extends StewardError {
  readonly result: unknown;
  constructor(code: string, message: string, result?: unknown) {
    super(code, message, ExitCode.thresholds);
    this.name = 'ThresholdError';
    this.result = result;
  }
}

/** I/O or database failure: exit 3. */
export class RuntimeFailure extends StewardError {
  constructor(code: string, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(code, message, ExitCode.runtime, context);
    this.name = 'RuntimeFailure';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

export function describeUnknownError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
