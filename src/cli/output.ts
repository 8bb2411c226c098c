// A reader that stops early (steward --help | head) closes the pipe: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** The only writers to stdout and stderr: commands return text, this prints it. */
export const out = (text: string): void => {
  process.stdout.write(text);
};
export const err = (text: string): void => {
  process.stderr.write(text);
};
export const json = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
