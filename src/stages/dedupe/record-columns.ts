import type { MatchRecord } from '../../matching/types.js';

/**
 * Records as one JSON array per key, for a worker thread: a few long strings cross threads far faster
 * (and in less memory) than a million small objects copied one by one.
 */
export function toColumns(records: readonly MatchRecord[], keys: readonly string[]): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const key of keys) columns[key] = JSON.stringify(records.map((r) => r[key] ?? null));
  return columns;
}

export function fromColumns(columns: Readonly<Record<string, string>>): MatchRecord[] {
  const keys = Object.keys(columns);
  const values = keys.map((key) => JSON.parse(columns[key]!) as (string | null)[]);
  const size = values[0]?.length ?? 0;
  const records: Record<string, string>[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const record: Record<string, string> = {};
    for (let c = 0; c < keys.length; c++) {
      const value = values[c]![i];
      if (value !== null && value !== undefined) record[keys[c]!] = value;
    }
    records[i] = record;
  }
  return records;
}
