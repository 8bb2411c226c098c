import { getConnector } from '../connectors/registry.js';
import { parseKeyPart } from '../matching/blocking-keys.js';
import { recordKeyProblem } from './record-keys.js';
import type { ColumnValue, ResolvedTargetTable } from './resolved.js';
import type { RulesParsed, TargetRules, TargetTableRules } from './schema.js';
import { suggest } from './suggest.js';

type Report = (path: (string | number)[], message: string) => void;

/** The exported record's id in a multi-table target: its golden id once merge ran, else its source id. */
export const RECORD_ID_VALUE = 'record_id';

const FORMS = ['value', 'field', 'ref', 'item', 'list', 'json'] as const;

/** What a column value or a row source may read: the fields, the ids, and the fields merge and the normalizers add. */
function readableFields(rules: RulesParsed): Set<string> {
  const fields = rules.fields ?? {};
  const known = new Set<string>([RECORD_ID_VALUE, 'source_id', ...Object.keys(fields)]);
  if (rules.merge) {
    known.add('golden_id');
    known.add('record_ids');
    for (const [field, entry] of Object.entries(rules.merge.fields ?? {})) {
      if (typeof entry !== 'object') continue;
      if (entry.rule.startsWith('union')) known.add(entry.list ?? `${field}_others`);
      for (const into of entry.into ?? []) known.add(into);
    }
  }
  // Values normalizers set: honorifics and suffixes split from names, phone extensions.
  for (const [field, entry] of Object.entries(fields)) {
    const steps = typeof entry === 'object' && !Array.isArray(entry) ? (entry.normalize ?? []) : [];
    for (const step of steps) {
      const name = typeof step === 'string' ? step : Object.keys(step)[0];
      if (name === 'name') ['salutation', 'suffix'].forEach((f) => known.add(f));
      if (name === 'phone') known.add(`${field}_ext`);
    }
  }
  return known;
}

const asList = (value: string | readonly string[] | undefined): string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : [...value]);

/** Cross-checks of target.tables: sources are fields, refs name tables with ids and make no cycle, keys are columns. */
export function checkTargetTables(rules: RulesParsed, target: TargetRules, kind: string | undefined, report: Report): void {
  const tables = target.tables;
  if (!tables) return;
  if (kind && !getConnector(kind).sql) report(['target', kind], `tables: needs a database target (sqlite, postgres, …); a ${kind} file holds one table`);
  if (target.mode !== undefined && target.mode !== 'upsert') report(['target', 'mode'], `tables are always upserted by their keys (a re-run changes nothing); mode ${target.mode} is for a one-table target`);
  for (const single of ['table', 'key', 'columns'] as const) {
    if (target[single] !== undefined) report(['target', single], `${single}: is for a one-table target; with tables: give each table its own`);
  }
  const known = readableFields(rules);
  const names = Object.keys(tables);
  const checkSource = (text: string, at: (string | number)[]) => {
    const parsed = parseKeyPart(text);
    if ('error' in parsed) return report(at, parsed.error);
    const base = parsed.key.split('.')[0]!;
    if (!known.has(base)) {
      const hint = suggest(base, [...known]);
      return report(at, `"${text}" reads "${base}", which is not a field; ${hint ? `did you mean "${hint}"? ` : ''}known: ${[...known].join(', ')}`);
    }
    const problem = recordKeyProblem(text, rules.fields);
    if (problem) report(at, problem);
  };
  const refs = new Map<string, { table: string; at: (string | number)[] }[]>();
  for (const [name, table] of Object.entries(tables)) {
    // Before the schema passed (to list every problem at once), a table may still be half written.
    if (!table || typeof table !== 'object' || !table.columns || typeof table.columns !== 'object') continue;
    const at = ['target', 'tables', name];
    const rows = table.rows;
    if (typeof rows === 'object') {
      const given = (['distinct', 'each'] as const).filter((mode) => rows[mode] !== undefined);
      if (given.length !== 1) report([...at, 'rows'], given.length === 0 ? 'needs distinct: or each: (or write rows: record)' : 'has distinct and each; choose one');
      for (const mode of given) {
        const sources = rows[mode]!;
        asList(sources).forEach((source, i) => checkSource(source, [...at, 'rows', mode, ...(Array.isArray(sources) ? [i] : [])]));
      }
    }
    const own: { table: string; at: (string | number)[] }[] = [];
    refs.set(name, own);
    const checkValue = (value: unknown, p: (string | number)[]) => {
      if (typeof value === 'string') return checkSource(value, p);
      if (!value || typeof value !== 'object') return;
      const entry = value as Record<string, unknown>;
      // A key the schema does not know is reported by the schema, with a suggestion; the form is not guessed at.
      if (Object.keys(entry).some((key) => !(FORMS as readonly string[]).includes(key) && key !== 'default' && key !== 'case')) return;
      const forms = FORMS.filter((form) => form in entry && entry[form] !== undefined);
      if (forms.length !== 1) return report(p, forms.length === 0 ? `needs one of ${FORMS.join(', ')} (or a field name)` : `has ${forms.join(' and ')}; choose one`);
      const form = forms[0]!;
      for (const option of ['default', 'case'] as const) {
        if (entry[option] !== undefined && form !== 'field' && form !== 'item') report([...p, option], `${option} goes with field or item, not ${form}`);
      }
      if (form === 'field') checkSource(entry['field'] as string, [...p, 'field']);
      if (form === 'list') {
        const list = entry['list'] as string | string[];
        asList(list).forEach((source, i) => checkSource(source, [...p, 'list', ...(Array.isArray(list) ? [i] : [])]));
      }
      if (form === 'item' && (rows === undefined || rows === 'record')) report([...p, 'item'], 'item is for tables whose rows are { distinct: … } or { each: … }; this table has one row per record');
      if (form === 'json') for (const [key, inner] of Object.entries(entry['json'] as Record<string, unknown>)) checkValue(inner, [...p, 'json', key]);
      if (form === 'ref') own.push({ table: entry['ref'] as string, at: [...p, 'ref'] });
    };
    for (const [column, value] of Object.entries(table.columns)) checkValue(value, [...at, 'columns', column]);
    if (table.id && table.columns[table.id.column] !== undefined) report([...at, 'columns', table.id.column], `"${table.id.column}" is the id column (id.column): its value is generated`);
    const key = asList(table.key);
    if (key.length === 0 && table.id?.generate !== 'uuid') {
      report([...at, table.id ? 'id' : 'columns'], `needs key: the columns with a unique index that identify a row${table.id ? ' (database ids are read back by them)' : ''}, or id: { column, generate: uuid }`);
    }
    key.forEach((column, i) => {
      const p = [...at, 'key', ...(Array.isArray(table.key) ? [i] : [])];
      if (column === table.id?.column && table.id.generate === 'database') report(p, `"${column}" is generated by the database: the key must be columns this table writes`);
      else if (table.columns[column] === undefined && column !== table.id?.column) report(p, `"${column}" is not a column of this table; its columns: ${Object.keys(table.columns).join(', ')}`);
    });
  }
  for (const [name, own] of refs) {
    for (const ref of own) {
      const parent = tables[ref.table];
      if (!parent) {
        const hint = suggest(ref.table, names);
        report(ref.at, `no table "${ref.table}" in target.tables; ${hint ? `did you mean "${hint}"? ` : ''}tables: ${names.join(', ')}`);
      } else if (ref.table === name) report(ref.at, 'a table cannot refer to itself');
      else if (!parent.id) report(ref.at, `table "${ref.table}" has no id: to refer to; give it id: { column, generate }`);
      else if (typeof parent.rows === 'object' && parent.rows.each !== undefined) report(ref.at, `table "${ref.table}" has rows per value (each:); refer to a record or distinct table`);
    }
  }
  const cycle = findCycle(refs);
  if (cycle) report(cycle.at, `tables refer to each other in a cycle (${cycle.path.join(' -> ')}); a parent must be written before its children`);
}

/** A cycle of references, if any: where it closes, and the tables on it. */
function findCycle(refs: ReadonlyMap<string, readonly { table: string; at: (string | number)[] }[]>): { at: (string | number)[]; path: string[] } | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): { at: (string | number)[]; path: string[] } | undefined => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const ref of refs.get(name) ?? []) {
      if (ref.table === name || !refs.has(ref.table)) continue;
      if (state.get(ref.table) === 'visiting') return { at: ref.at, path: [...stack.slice(stack.indexOf(ref.table)), ref.table] };
      if (!state.has(ref.table)) {
        const found = visit(ref.table);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of refs.keys()) {
    if (state.has(name)) continue;
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

function toColumnValue(value: unknown): ColumnValue {
  if (typeof value === 'string') return { kind: 'field', source: value };
  const entry = value as Record<string, unknown> & { default?: string | number | boolean | null; case?: 'upper' | 'lower' };
  if (entry['field'] !== undefined) return { kind: 'field', source: entry['field'] as string, default: entry.default, case: entry.case };
  if (entry['item'] !== undefined) return { kind: 'item', what: entry['item'] as 'value', default: entry.default, case: entry.case };
  if (entry['ref'] !== undefined) return { kind: 'ref', table: entry['ref'] as string };
  if (entry['list'] !== undefined) return { kind: 'list', sources: asList(entry['list'] as string | string[]) };
  if (entry['json'] !== undefined) return { kind: 'json', entries: Object.entries(entry['json'] as Record<string, unknown>).map(([k, v]) => [k, toColumnValue(v)] as const) };
  return { kind: 'value', value: entry['value'] as string | number | boolean | null };
}

function refsOf(value: ColumnValue): string[] {
  if (value.kind === 'ref') return [value.table];
  if (value.kind === 'json') return value.entries.flatMap(([, inner]) => refsOf(inner));
  return [];
}

/** The tables resolved, parents first (the order written otherwise). The cross-checks have ruled out cycles. */
export function toTargetTables(tables: Readonly<Record<string, TargetTableRules>>): ResolvedTargetTable[] {
  const resolved = Object.entries(tables).map(([name, table]): ResolvedTargetTable => {
    const rows = table.rows;
    const mode = rows === 'record' ? undefined : rows.distinct !== undefined ? 'distinct' : 'each';
    const key = asList(table.key);
    return {
      name,
      rows: mode === undefined ? { mode: 'record' } : { mode, sources: asList(typeof rows === 'object' ? (rows.distinct ?? rows.each) : undefined) },
      id: table.id,
      key: key.length > 0 ? key : table.id ? [table.id.column] : [],
      columns: Object.entries(table.columns).map(([column, value]) => ({ name: column, value: toColumnValue(value) })),
      separator: table.separator,
    };
  });
  const byName = new Map(resolved.map((t) => [t.name, t]));
  const ordered: ResolvedTargetTable[] = [];
  const placed = new Set<string>();
  const place = (table: ResolvedTargetTable) => {
    if (placed.has(table.name)) return;
    placed.add(table.name);
    for (const column of table.columns) for (const parent of refsOf(column.value)) if (byName.has(parent)) place(byName.get(parent)!);
    ordered.push(table);
  };
  resolved.forEach(place);
  return ordered;
}
