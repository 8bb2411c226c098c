import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { repoRoot } from './temp.js';

/**
 * A small CRM: companies, contacts (the 20 of fixtures/dedupe/contacts-dupes.csv, with foreign keys), deals
 * and activities pointing at contacts, in SQLite, PostgreSQL or MySQL dialect. PostgreSQL and MySQL also get
 * typed columns (decimals, JSON, timestamps, bytes) that an unmerge must restore exactly. `failOn`: activities
 * may not point at that contact (a check constraint), so the batch that would re-point rows to it fails.
 */
export function crmStatements(dialect: 'sqlite' | 'postgres' | 'mysql', options: { softDelete?: boolean; failOn?: string } = {}): string[] {
  const rows = parse(readFileSync(path.join(repoRoot, 'fixtures/dedupe/contacts-dupes.csv')), { columns: true }) as Record<string, string>[];
  const pg = dialect === 'postgres';
  const my = dialect === 'mysql';
  const typed = pg || my;
  // MySQL indexes (and so keys) text only with a length, and takes foreign keys as table constraints only.
  const key = my ? 'varchar(32)' : 'text';
  const fk = (column: string) => (my ? `, foreign key (${column}) references contacts(id)` : '');
  const inline = my ? '' : ' references contacts(id)';
  const q = (v: string | null) => (v === null || v === '' ? 'null' : `'${v.replace(/'/g, "''")}'`);
  const statements = [
    'create table companies (id integer primary key, name text not null)',
    `create table contacts (id ${key} primary key, first_name text, last_name text, email text, phone text, company text, street text, city text, zip text, country text, created text,
      company_id integer references companies(id), other_emails text, other_phones text, merged ${typed ? 'boolean not null default false' : 'integer not null default 0'}${
        pg ? ', score numeric(6,2), tags jsonb, updated_at timestamptz, photo bytea' : my ? ', score decimal(6,2), tags json, updated_at datetime(6), photo varbinary(16)' : ''
      }${my ? ', foreign key (company_id) references companies(id)' : ''})`,
    `create table deals (id integer primary key, contact_id ${key}${inline}, title text, amount ${typed ? 'decimal(12,2)' : 'real'}${fk('contact_id')})`,
    `create table activities (id integer primary key, contact_id ${key} not null${inline}, kind text, at ${pg ? 'timestamptz' : my ? 'datetime' : 'text'}${options.failOn ? `, check (contact_id <> '${options.failOn}')` : ''}${fk('contact_id')})`,
    "insert into companies values (1, 'Acme Inc'), (2, 'Globex Ltd'), (3, 'Initech PLC')",
  ];
  rows.forEach((r, i) => {
    const at = `'2021-0${9 - (i % 9)}-0${(i % 9) + 1} 10:1${i % 10}:00.123456${pg ? '+00' : ''}'`;
    const extra = typed ? `, ${(i * 1.25).toFixed(2)}, '{"n": ${i}, "tags": ["a", "b"]}', ${at}, ${pg ? `'\\x0${i % 10}ff'` : `X'0${i % 10}ff'`}` : '';
    const company = i < 6 ? String((i % 3) + 1) : 'null';
    statements.push(
      `insert into contacts values (${[r['Contact ID'], r['First Name'], r['Last Name'], r['E-mail'], r['Phone'], r['Company'], r['Street'], r['City'], r['Zip'], r['Country'], r['Created']].map((v) => q(v ?? null)).join(', ')}, ${company}, null, null, ${typed ? 'false' : '0'}${extra})`,
    );
  });
  let deal = 0;
  let activity = 0;
  rows.forEach((r, i) => {
    const id = r['Contact ID']!;
    for (let k = 0; k < (i % 3) + 1; k++) statements.push(`insert into deals values (${++deal}, '${id}', 'Deal ${deal}', ${(deal * 100.5).toFixed(2)})`);
    if (i % 2 === 1) statements.push(`insert into activities values (${++activity}, '${id}', 'call', '2022-01-${String((i % 28) + 1).padStart(2, '0')} 09:00:00${pg ? '+02' : ''}')`);
  });
  statements.push("insert into deals values (999, null, 'Unassigned', 1)");
  return statements;
}

export const CRM_TABLES = ['companies', 'contacts', 'deals', 'activities'] as const;

/**
 * A bigger SQLite CRM for the kill test: `people` pairs of contacts that are plainly one person (same name,
 * email and phone), each with a deal, so an in-place merge has `people` clusters to commit one by one.
 */
export function writePairsCrm(file: string, people: number, open: (file: string) => { exec(sql: string): void; prepare(sql: string): { run(...params: unknown[]): unknown }; close(): void }): void {
  const db = open(file);
  db.exec('create table contacts (id text primary key, first_name text, last_name text, email text, phone text, city text, other_emails text, other_phones text)');
  db.exec('create table deals (id integer primary key, contact_id text not null references contacts(id), amount real)');
  const first = ['Ann', 'Bob', 'Cleo', 'Dmitri', 'Eve', 'Farid', 'Gita', 'Hugo', 'Ines', 'Jun'];
  const insert = db.prepare('insert into contacts values (?, ?, ?, ?, ?, ?, null, null)');
  const deal = db.prepare('insert into deals values (?, ?, ?)');
  db.exec('begin');
  for (let p = 0; p < people; p++) {
    const name = first[p % first.length]!;
    const last = `Zq${p.toString(36)}x`;
    const phone = `+1415${String(5550000 + p).padStart(7, '0')}`;
    for (let k = 0; k < 2; k++) {
      const id = `P${String(p).padStart(6, '0')}-${k}`;
      insert.run(id, name, last, `${name.toLowerCase()}.${last.toLowerCase()}@example.com`, k === 0 ? phone : null, k === 0 ? 'Boston' : 'Boston');
      deal.run(p * 2 + k + 1, id, p + k);
    }
  }
  db.exec('commit');
  db.close();
}
