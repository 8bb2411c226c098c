import type { ConnectorDefinition } from './types.js';
import { csvConnector } from './csv/csv-connector.js';
import { jsonlConnector } from './jsonl/jsonl-connector.js';
import { sqliteConnector } from './sqlite/sqlite-connector.js';
import { postgresConnector } from './postgres/postgres-connector.js';
import { mysqlConnector } from './mysql/mysql-connector.js';

/** Every connector, one line each. Order is the order shown in help and errors. */
export const connectors: readonly ConnectorDefinition[] = [csvConnector, jsonlConnector, sqliteConnector, postgresConnector, mysqlConnector];

export const connectorKinds: readonly string[] = connectors.map((c) => c.kind);

export function getConnector(kind: string): ConnectorDefinition {
  const found = connectors.find((c) => c.kind === kind);
  if (!found) throw new Error(`unknown connector ${kind}`);
  return found;
}

/** Picks the connector for a bare --input/--output argument: URL scheme first, then file ending. */
export function connectorForLocation(location: string): ConnectorDefinition | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme) return connectors.find((c) => c.schemes?.includes(scheme));
  const lower = location.toLowerCase().replace(/#.*$/, '');
  return connectors.find((c) => c.extensions?.some((ext) => lower.endsWith(ext)));
}
