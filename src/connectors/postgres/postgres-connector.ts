import { sqlConnector } from '../sql/sql-connector.js';

export const postgresConnector = sqlConnector(
  { kind: 'postgres', description: 'A table in a PostgreSQL database', schemes: ['postgres', 'postgresql'], isFile: false },
  async () => (await import('./postgres-capabilities.js')).postgresCapabilities,
);
