import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { repoRoot } from './temp.js';

/**
 * A small CRM: companies, contacts (the 20 of fixtures/dedupe/contacts-dupes.csv, with foreign keys), deals
 * and activities pointing at contacts, in SQLite or PostgreSQL dialect. PostgreSQL also gets typed columns
 * (numeric, jsonb, timestamptz, bytea) that an unmerge must restore exactly. `failOn`: activities may not
 * point at that contact (a check constraint), so the batch that would re-point rows to it fails.
 */
export function crmStatements(dialect: 'sqlite' | 'postgres', options: { softDelete?: boolean; failOn?: string } = {}): string[] {
  const rows = parse(readFileSync(path.join(repoRoot, 'fixtures/dedupe/contacts-dupes.csv')), { columns: true }) as Record<string, string>[];
  const pg = dialect === 'postgres';
  const q = (v: string | null) => (v === null || v === '' ? 'null' : `'${v.replace(/'/g, "''")}'`);
  const statements = [
    'create table companies (id integer primary key, name text not null)',
    `create table contacts (id text primary key, first_name text, last_name text, email text, phone text, company text, street text, city text, zip text, country text, created text,
      company_id integer references companies(id), other_emails text, other_phones text, merged ${pg ? 'boolean not null default false' : 'integer not null default 0'}${pg ? ', score numeric(6,2), tags jsonb, updated_at timestamptz, photo bytea' : ''})`,
    `create table deals (id integer primary key, contact_id text references contacts(id), title text, amount ${pg ? 'numeric(12,2)' : 'real'})`,
    `create table activities (id integer primary key, contact_id text not null references contacts(id), kind text, at ${pg ? 'timestamptz' : 'text'}${options.failOn ? `, check (contact_id <> '${options.failOn}')` : ''})`,
    "insert into companies values (1, 'Acme Inc'), (2, 'Globex Ltd'), (3, 'Initech PLC')",
  ];
  rows.forEach((r, i) => {
    const extra = pg ? `, ${(i * 1.25).toFixed(2)}, '{"n": ${i}, "tags": ["a", "b"]}', '2021-0${9 - (i % 9)}-0${(i % 9) + 1} 10:1${i % 10}:00.123456+00', '\\x0${i % 10}ff'` : '';
    const company = i < 6 ? String((i % 3) + 1) : 'null';
    statements.push(
      `insert into contacts values (${[r['Contact ID'], r['First Name'], r['Last Name'], r['E-mail'], r['Phone'], r['Company'], r['Street'], r['City'], r['Zip'], r['Country'], r['Created']].map((v) => q(v ?? null)).join(', ')}, ${company}, null, null, ${pg ? 'false' : '0'}${extra})`,
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
