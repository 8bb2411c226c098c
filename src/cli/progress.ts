import type { ProgressEvent } from '../stages/import/import-stage.js';

/** Progress on stderr, only on a terminal: stage, rows so far, rows per second. */
export async function createProgress(): Promise<{ onProgress?: (event: ProgressEvent) => void; stop(): void }> {
  if (!process.stderr.isTTY || process.env['CI']) return { stop() {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr, text: 'starting' }).start();
  const started = Date.now();
  let stage = '';
  let stageStart = started;
  return {
    onProgress(event) {
      if (event.stage !== stage) {
        stage = event.stage;
        stageStart = Date.now();
      }
      const seconds = Math.max(0.001, (Date.now() - stageStart) / 1000);
      spinner.text = `${event.stage}: ${event.count.toLocaleString('en-US')} rows (${Math.round(event.count / seconds).toLocaleString('en-US')} rows/s)`;
    },
    stop() {
      spinner.stop();
    },
  };
}
