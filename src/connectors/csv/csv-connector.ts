import type { ConnectorDefinition } from '../types.js';

export const csvConnector: ConnectorDefinition = {
  kind: 'csv',
  description: 'A CSV file (any delimiter and encoding)',
  extensions: ['.csv', '.tsv', '.txt'],
  isFile: true,
  needsTable: false,
  supportsUpsert: false,
  async openReader(spec) {
    return (await import('./csv-reader.js')).openCsvReader(spec);
  },
  async openWriter(spec) {
    return (await import('./csv-writer.js')).createCsvWriter(spec);
  },
};
