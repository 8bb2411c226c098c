import { InputError, RuntimeFailure, StewardError, type ErrorContext, type ExitCodeValue } from '../errors.js';

/** An error as it crosses between threads: its kind, code, exit code, message and context. */
export interface WorkerError {
  readonly kind: string;
  readonly code?: string;
  readonly exitCode?: ExitCodeValue;
  readonly message: string;
  readonly context?: ErrorContext;
}

/** What an audit thread tells the main thread at its end: its result, or why it failed. */
export type FromThread<T> = { done: true; result?: T } | { error: WorkerError };

export function workerError(error: unknown): WorkerError {
  const e = error as Error;
  return error instanceof StewardError
    ? { kind: e.name, code: error.code, exitCode: error.exitCode, message: e.message, context: error.context }
    : { kind: 'Error', message: e?.message ?? String(error) };
}

/** The error from the other thread, thrown again here as it was thrown there. */
export function rebuildError(error: WorkerError): Error {
  if (error.kind === 'InputError') return new InputError(error.code!, error.message, error.context);
  if (error.kind === 'RuntimeFailure') return new RuntimeFailure(error.code!, error.message, error.context);
  if (error.code !== undefined) return Object.assign(new StewardError(error.code, error.message, error.exitCode ?? 3, error.context), { name: error.kind });
  return new RuntimeFailure('AUDIT_THREAD_FAILED', `an audit thread failed: ${error.message}`);
}
