import { parentPort, workerData } from 'node:worker_threads';
import { createFieldPipelines } from '../stages/normalize/field-pipelines.js';
import { receivePages } from '../threads/page-port.js';
import { workerError, type FromThread } from '../threads/thread-messages.js';
import { collectFromRecords } from './collect-records.js';
import type { MappedPage } from './mapped-rows.js';
import { createEmptyTest, placeholderList } from './placeholders.js';
import { auditRecords, counted, type CountJob, type Counted } from './source-records.js';

/**
 * The thread that normalizes and counts an audit's records while another reads the file: pages come in on the
 * port from the reading thread; the figures go to the main thread.
 */
const job = workerData as CountJob;
const tally = { read: 0, unreadable: 0 };
const isEmpty = createEmptyTest(placeholderList(job.audit));
const pages = receivePages<MappedPage>(job.pages);
collectFromRecords(job.audit, auditRecords(counted(pages, tally), createFieldPipelines(job.normalizing)), { isEmpty, fields: job.fields, references: job.references, now: job.now }).then(
  (figures) => {
    job.pages.close();
    parentPort!.postMessage({ done: true, result: { figures, tally } } satisfies FromThread<Counted>);
  },
  (error: unknown) => parentPort!.postMessage({ error: workerError(error) } satisfies FromThread<Counted>),
);
