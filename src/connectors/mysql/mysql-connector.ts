import type { ConnectorDefinition } from '../types.js';

export const mysqlConnector: ConnectorDefinition = {
  kind: 'mysql',
  description: 'A table in a MySQL or MariaDB database',
  schemes: ['mysql', 'mariadb'],
  isFile: false,
  needsTable: true,
  supportsUpsert: true,
  async openReader(spec) {
    const [{ openSqlTableReader }, { mysqlCapabilities }] = await Promise.all([import('../sql/sql-table-reader.js'), import('./mysql-capabilities.js')]);
    return openSqlTableReader(mysqlCapabilities, spec);
  },
  async openWriter(spec) {
    const [{ createSqlTableWriter }, { mysqlCapabilities }] = await Promise.all([import('../sql/sql-table-writer.js'), import('./mysql-capabilities.js')]);
    return createSqlTableWriter(mysqlCapabilities, spec);
  },
  async sql() {
    return (await import('./mysql-capabilities.js')).mysqlCapabilities;
  },
};
