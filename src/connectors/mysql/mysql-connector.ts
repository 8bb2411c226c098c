import { sqlConnector } from '../sql/sql-connector.js';

export const mysqlConnector = sqlConnector(
  { kind: 'mysql', description: 'A table in a MySQL or MariaDB database', schemes: ['mysql', 'mariadb'], isFile: false },
  async () => (await import('./mysql-capabilities.js')).mysqlCapabilities,
);
