import type { Worker } from 'node:worker_threads';
import { InputError, RuntimeFailure, StewardError, type ErrorContext, type ExitCodeValue } from '../errors.js';

/** An error as it crosses between threads: its kind, code, exit code, message and context. */
export interface WorkerError {
  readonly kind: string;
  readonly code?: string;
  readonly exitCode?: ExitCodeValue;
  readonly message: string;
  readonly context?: ErrorContext;
}

/** What a worker thread tells the main thread at its end: its result, or why it failed. */
export type FromThread<T> = { done: true; result?: T } | { error: WorkerError };

export function workerError(error: unknown): WorkerError {
  const e = error as Error;
  return error instanceof StewardError
    ? { kind: e.name, code: error.code, exitCode: error.exitCode, message: e.message, context: error.context }
    : { kind: 'Error', message: e?.message ?? String(error) };
}

/** The error from the other thread, thrown again here as it was thrown there. */
export function rebuildError(error: WorkerError, what: string): Error {
  if (error.kind === 'InputError') return new InputError(error.code!, error.message, error.context);
  if (error.kind === 'RuntimeFailure') return new RuntimeFailure(error.code!, error.message, error.context);
  if (error.code !== undefined) return Object.assign(new StewardError(error.code, error.message, error.exitCode ?? 3, error.context), { name: error.kind });
  return new RuntimeFailure('THREAD_FAILED', `${what} failed: ${error.message}`);
}

/** A worker's result, or its error as it was thrown there; `what` names the thread in messages ("the audit's reading thread"). */
export function threadOutcome<T>(worker: Worker, what: string): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    worker.once('message', (message: FromThread<T>) => ('error' in message ? reject(rebuildError(message.error, what)) : resolve(message.result)));
    worker.once('error', (error) => reject(new RuntimeFailure('THREAD_FAILED', `${what} failed: ${error.message}`)));
    worker.once('exit', (code) => reject(new RuntimeFailure('THREAD_FAILED', `${what} stopped (code ${code}) before it finished`)));
  });
}
