import type { ConnectorDefinition } from '../types.js';

export const jsonlConnector: ConnectorDefinition = {
  kind: 'jsonl',
  description: 'A JSON Lines file (one object per line)',
  extensions: ['.jsonl', '.ndjson'],
  isFile: true,
  needsTable: false,
  supportsUpsert: false,
  async openReader(spec) {
    return (await import('./jsonl-reader.js')).openJsonlReader(spec);
  },
  async openWriter(spec) {
    return (await import('./jsonl-writer.js')).createJsonlWriter(spec);
  },
};
