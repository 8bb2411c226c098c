import type { ConnectorDefinition } from '../types.js';

export const postgresConnector: ConnectorDefinition = {
  kind: 'postgres',
  description: 'A table in a PostgreSQL database',
  schemes: ['postgres', 'postgresql'],
  isFile: false,
  needsTable: true,
  supportsUpsert: true,
  async openReader(spec) {
    const [{ openSqlTableReader }, { postgresCapabilities }] = await Promise.all([import('../sql/sql-table-reader.js'), import('./postgres-capabilities.js')]);
    return openSqlTableReader(postgresCapabilities, spec);
  },
  async openWriter(spec) {
    const [{ createSqlTableWriter }, { postgresCapabilities }] = await Promise.all([import('../sql/sql-table-writer.js'), import('./postgres-capabilities.js')]);
    return createSqlTableWriter(postgresCapabilities, spec);
  },
  async sql() {
    return (await import('./postgres-capabilities.js')).postgresCapabilities;
  },
};
