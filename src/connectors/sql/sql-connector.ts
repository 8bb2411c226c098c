import type { ConnectorDefinition } from '../types.js';
import type { SqlCapabilities } from './sql-capabilities.js';

/**
 * A SQL database connector: the shared table reader and writer over the database's capabilities, which are
 * loaded (with their driver) only when a table is read or written.
 */
export function sqlConnector(
  definition: Pick<ConnectorDefinition, 'kind' | 'description' | 'extensions' | 'schemes' | 'isFile'>,
  capabilities: () => Promise<SqlCapabilities>,
): ConnectorDefinition {
  return {
    ...definition,
    needsTable: true,
    supportsUpsert: true,
    async openReader(spec) {
      const [{ openSqlTableReader }, loaded] = await Promise.all([import('./sql-table-reader.js'), capabilities()]);
      return openSqlTableReader(loaded, spec);
    },
    async openWriter(spec) {
      const [{ createSqlTableWriter }, loaded] = await Promise.all([import('./sql-table-writer.js'), capabilities()]);
      return createSqlTableWriter(loaded, spec);
    },
    sql: capabilities,
  };
}
