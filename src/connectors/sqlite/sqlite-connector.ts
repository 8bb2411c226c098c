import type { ConnectorDefinition } from '../types.js';

export const sqliteConnector: ConnectorDefinition = {
  kind: 'sqlite',
  description: 'A table in a SQLite database file',
  extensions: ['.db', '.sqlite', '.sqlite3'],
  isFile: true,
  needsTable: true,
  supportsUpsert: true,
  async openReader(spec) {
    const [{ openSqlTableReader }, { sqliteCapabilities }] = await Promise.all([import('../sql/sql-table-reader.js'), import('./sqlite-capabilities.js')]);
    return openSqlTableReader(sqliteCapabilities, spec);
  },
  async openWriter(spec) {
    const [{ createSqlTableWriter }, { sqliteCapabilities }] = await Promise.all([import('../sql/sql-table-writer.js'), import('./sqlite-capabilities.js')]);
    return createSqlTableWriter(sqliteCapabilities, spec);
  },
  async sql() {
    return (await import('./sqlite-capabilities.js')).sqliteCapabilities;
  },
};
