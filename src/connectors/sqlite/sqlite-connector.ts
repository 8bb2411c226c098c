import { sqlConnector } from '../sql/sql-connector.js';

export const sqliteConnector = sqlConnector(
  { kind: 'sqlite', description: 'A table in a SQLite database file', extensions: ['.db', '.sqlite', '.sqlite3'], isFile: true },
  async () => (await import('./sqlite-capabilities.js')).sqliteCapabilities,
);
