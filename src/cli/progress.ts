import type { ProgressEvent } from '../stages/import/import-stage.js';

/** Progress on stderr, only on a terminal: stage, rows so far, rows per second. */
export async function createProgress(): Promise<{ onProgress?: (event: ProgressEvent) => void; stop(): void }> {
  // A terminal that reports no width (some pseudo-terminals) would make the spinner redraw forever.
  if (!process.stderr.isTTY || process.env['CI'] !== undefined || !(process.stderr.columns > 0)) return { stop() {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr, text: 'starting' }).start();
  const started = Date.now();
  let stage = '';
  let stageStart = started;
  let lastEvent = started;
  return {
    onProgress(event) {
      if (event.stage !== stage) {
        // A stage starts when the previous one reported last (or when the command started).
        stage = event.stage;
        stageStart = lastEvent;
      }
      lastEvent = Date.now();
      const seconds = Math.max(0.001, (Date.now() - stageStart) / 1000);
      spinner.text = `${event.stage}: ${event.count.toLocaleString('en-US')} rows (${Math.round(event.count / seconds).toLocaleString('en-US')} rows/s)`;
    },
    stop() {
      spinner.stop();
    },
  };
}
