import type { MessagePort } from 'node:worker_threads';

/**
 * Pages between two threads on a MessagePort, with flow control: the sender may be at most `ahead` pages in front
 * of the receiver, which answers each page it takes with 'more'. Pages go as plain data (structured clone), so
 * flat arrays of strings cross cheapest.
 */
export async function sendPages<T>(port: MessagePort, pages: AsyncIterable<T> | Iterable<T>, ahead: number): Promise<void> {
  let credit = ahead;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    credit++;
    wake?.();
  });
  for await (const page of pages) {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    port.postMessage({ page });
  }
  port.postMessage({ end: true });
}

/** The pages another thread sends with sendPages, in order, until its end. */
export async function* receivePages<T>(port: MessagePort): AsyncGenerator<T> {
  const queue: ({ page: T } | { end: true })[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (message: { page: T } | { end: true }) => {
    queue.push(message);
    wake?.();
  });
  for (;;) {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    const message = queue.shift()!;
    if ('end' in message) return;
    port.postMessage('more');
    yield message.page;
  }
}
