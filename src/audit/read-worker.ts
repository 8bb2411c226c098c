import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { getConnector } from '../connectors/registry.js';
import type { SourceSpec } from '../connectors/types.js';
import type { ResolvedField } from '../rules/resolved.js';
import { createFieldPipelines } from '../stages/normalize/field-pipelines.js';
import { sendPages } from '../threads/page-port.js';
import { workerError, type FromThread } from '../threads/thread-messages.js';
import { mappedPages, type MappingSpec } from './mapped-rows.js';
import { normalizedPages } from './source-records.js';

/**
 * The thread that reads and maps an audit's file, and runs the first of its normalizers, while another runs the
 * rest and counts: pages go straight to the counting thread's port, never more than it has room for.
 */
const { source, mapping, pages, ahead } = workerData as { source: SourceSpec; mapping: MappingSpec & { normalizing: ResolvedField[] }; pages: MessagePort; ahead: number };

async function read(): Promise<void> {
  const reader = await getConnector(source.kind).openReader(source);
  try {
    await sendPages(pages, normalizedPages(mappedPages(reader, mapping), createFieldPipelines(mapping.normalizing), mapping.needed), ahead);
  } finally {
    await reader.close();
  }
}

read().then(
  () => {
    pages.close();
    parentPort!.postMessage({ done: true } satisfies FromThread<never>);
  },
  (error: unknown) => parentPort!.postMessage({ error: workerError(error) } satisfies FromThread<never>),
);
