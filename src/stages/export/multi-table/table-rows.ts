import type { SqlValue } from '../../../connectors/sql/sql-capabilities.js';
import { parseKeyPart, type BlockingKeyPart } from '../../../matching/blocking-keys.js';
import type { ColumnValue, ResolvedTargetTable } from '../../../rules/resolved.js';

/** One exported record as the tables read it: its id, and its values with the ids and normalizer keys beside them. */
export interface TableRecord {
  readonly id: string;
  /** Fields, record_id / source_id / golden_id / record_ids, and `<field>.<key>` normalizer keys. */
  readonly values: Readonly<Record<string, string | undefined>>;
}

/** One value a { distinct } or { each } table makes a row of: the value, its key, the field it came from. */
export interface Item {
  readonly value: string;
  readonly key: string;
  readonly field: string;
  /** Position among the record's items of this table (0 is the first). */
  readonly index: number;
}

export interface PlannedRow {
  /** What identifies the row across runs: the record id, the distinct key, or the record id and the value's key. */
  readonly natural: string;
  /** The id of the record it was made from (of a distinct row: the first record with its key). */
  readonly record: string;
  /** Text as planned; a number once coerced to its column (booleans are 1 and 0). */
  readonly values: Record<string, SqlValue>;
}

/** Ids of rows written so far: table -> natural key -> id. */
export type IdMaps = ReadonlyMap<string, { get(natural: string): string | undefined }>;

/** The distinct keys a run has made rows of: has() and add() are all the planner needs (a check can overlay its own). */
export interface SeenKeys {
  has(key: string): boolean;
  add(key: string): unknown;
}

export interface TableRows {
  /** The rows of this table from a page of records. */
  plan(records: readonly TableRecord[], ids: IdMaps, seen: SeenKeys): PlannedRow[];
  /** The keys of a record's items (its rows of a { distinct } or { each } table); none for a record table. */
  keys(record: TableRecord): string[];
}

interface Source {
  readonly field: string;
  readonly part: BlockingKeyPart;
}

/**
 * Rows of one table from the records of a page. Pure: the ids of parent tables come in `ids`; a { distinct }
 * table skips the keys in `seen` (rows earlier pages wrote) and adds the ones it makes.
 */
export function createTableRows(
  table: ResolvedTargetTable,
  tables: ReadonlyMap<string, ResolvedTargetTable>,
  listFields: ReadonlySet<string>,
): TableRows {
  const sourcesOf = new Map<string, readonly Source[]>();
  const sources = (t: ResolvedTargetTable): readonly Source[] => {
    let found = sourcesOf.get(t.name);
    if (!found) {
      found = t.rows.mode === 'record' ? [] : t.rows.sources.map((text) => ({ field: text.split('.')[0]!, part: parseKeyPart(text) as BlockingKeyPart }));
      sourcesOf.set(t.name, found);
    }
    return found;
  };
  const parts = new Map<string, BlockingKeyPart>();
  const partOf = (text: string) => {
    let part = parts.get(text);
    if (!part) parts.set(text, (part = parseKeyPart(text) as BlockingKeyPart));
    return part;
  };

  /** The values of a field: one, or a list field's values split by the separator. */
  const valuesOf = (record: TableRecord, field: string, separator: string): string[] => {
    const value = record.values[field]?.trim() ?? '';
    if (value === '') return [];
    return listFields.has(field) ? value.split(separator).map((v) => v.trim()).filter(Boolean) : [value];
  };

  /** A source's key of one value: a normalizer key (company.key) is the record's, a transform (email.lower) the value's. */
  const keyOf = (source: Source, record: TableRecord, value: string): string => (source.part.key.includes('.') ? source.part.value(record.values) : source.part.transform(value));

  /** The record's items of a table, distinct by key, in source order. */
  const itemsOf = (t: ResolvedTargetTable, record: TableRecord): Item[] => {
    const items: Item[] = [];
    const keys = new Set<string>();
    for (const source of sources(t)) {
      for (const value of valuesOf(record, source.field, t.separator)) {
        const key = keyOf(source, record, value);
        if (key === '' || keys.has(key)) continue;
        keys.add(key);
        items.push({ value, key, field: source.field, index: items.length });
      }
    }
    return items;
  };

  /** The natural key of the row of `parent` that belongs to this record (and item): what its id is found by. */
  const parentKey = (parent: ResolvedTargetTable, record: TableRecord, item: Item | undefined): string | undefined => {
    if (parent.rows.mode === 'record') return record.id;
    const same = item && sources(parent).find((s) => s.field === item.field);
    if (same) return keyOf(same, record, item.value) || undefined;
    return itemsOf(parent, record)[0]?.key;
  };

  const text = (value: string | undefined, fallback: string | number | boolean | null | undefined, letterCase: 'upper' | 'lower' | undefined): string | null => {
    if (value === undefined || value === '') return constant(fallback ?? null);
    return letterCase === 'upper' ? value.toUpperCase() : letterCase === 'lower' ? value.toLowerCase() : value;
  };

  const itemValue = (what: string, item: Item): string => {
    if (what === 'key') return item.key;
    if (what === 'field') return item.field;
    if (what === 'index') return String(item.index);
    if (what === 'first') return item.index === 0 ? '1' : '0';
    return item.value;
  };

  /** A value inside a JSON document: constants keep their type, lists are arrays, documents objects. */
  const jsonValue = (value: ColumnValue, record: TableRecord, item: Item | undefined, ids: IdMaps): unknown => {
    if (value.kind === 'value') return value.value;
    if (value.kind === 'list') return value.sources.flatMap((source) => valuesOf(record, source.split('.')[0]!, table.separator).map((v) => (source.includes('.') ? partOf(source).transform(v) : v)));
    if (value.kind === 'json') return Object.fromEntries(value.entries.map(([key, inner]) => [key, jsonValue(inner, record, item, ids)]));
    return columnValue(value, record, item, ids);
  };

  const columnValue = (value: ColumnValue, record: TableRecord, item: Item | undefined, ids: IdMaps): string | null => {
    switch (value.kind) {
      case 'field':
        return text(partOf(value.source).value(record.values), value.default, value.case);
      case 'item':
        return text(item ? itemValue(value.what, item) : undefined, value.default, value.case);
      case 'value':
        return constant(value.value);
      case 'ref': {
        const parent = tables.get(value.table)!;
        const key = parentKey(parent, record, item);
        return key === undefined ? null : (ids.get(parent.name)?.get(key) ?? null);
      }
      case 'list':
      case 'json':
        return JSON.stringify(jsonValue(value, record, item, ids));
    }
  };

  const plan = (records: readonly TableRecord[], ids: IdMaps, seen: SeenKeys): PlannedRow[] => {
    const rows: PlannedRow[] = [];
    const add = (natural: string, record: TableRecord, item: Item | undefined) => {
      const values: Record<string, string | null> = {};
      for (const column of table.columns) values[column.name] = columnValue(column.value, record, item, ids);
      rows.push({ natural, record: record.id, values });
    };
    for (const record of records) {
      if (table.rows.mode === 'record') {
        add(record.id, record, undefined);
        continue;
      }
      for (const item of itemsOf(table, record)) {
        if (table.rows.mode === 'each') {
          add(`${record.id}\u0000${item.key}`, record, item);
        } else if (!seen.has(item.key)) {
          seen.add(item.key);
          add(item.key, record, item);
        }
      }
    }
    return rows;
  };
  return { plan, keys: (record) => (table.rows.mode === 'record' ? [] : itemsOf(table, record).map((item) => item.key)) };
}

/** A constant as a parameter: text, booleans as 1 and 0 (what every database's boolean and integer columns take). */
function constant(value: string | number | boolean | null): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}
