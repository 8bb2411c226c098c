import { parentPort, workerData } from 'node:worker_threads';
import { createFieldPipelines } from '../stages/normalize/field-pipelines.js';
import { collectFromRecords } from './collect-records.js';
import type { MappedPage } from './mapped-rows.js';
import { createEmptyTest, placeholderList } from './placeholders.js';
import { auditRecords, counted, type CountJob, type Counted } from './source-records.js';
import { workerError, type FromThread } from './thread-messages.js';

/**
 * The thread that normalizes and counts an audit's records while another reads the file: pages come in on the
 * port from the reading thread, each answered with 'more' once taken; the figures go to the main thread.
 */
const job = workerData as CountJob;
const queue: ({ page: MappedPage } | { end: true })[] = [];
let wake: (() => void) | undefined;
job.pages.on('message', (message: { page: MappedPage } | { end: true }) => {
  queue.push(message);
  wake?.();
});

async function* pages(): AsyncIterable<MappedPage> {
  for (;;) {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    const message = queue.shift()!;
    if ('end' in message) return;
    job.pages.postMessage('more');
    yield message.page;
  }
}

const tally = { read: 0, unreadable: 0 };
const isEmpty = createEmptyTest(placeholderList(job.audit));
collectFromRecords(job.audit, auditRecords(counted(pages(), tally), createFieldPipelines(job.normalizing)), { isEmpty, fields: job.fields, references: job.references, now: job.now }).then(
  (figures) => {
    job.pages.close();
    parentPort!.postMessage({ done: true, result: { figures, tally } } satisfies FromThread<Counted>);
  },
  (error: unknown) => parentPort!.postMessage({ error: workerError(error) } satisfies FromThread<Counted>),
);
