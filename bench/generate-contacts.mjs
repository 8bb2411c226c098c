// Writes a deterministic contacts CSV of N rows (default 1,000,000, about 130 MB) for the import benchmark.
// Usage: node bench/generate-contacts.mjs [rows] [file]
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

const rows = Number(process.argv[2] ?? 1_000_000);
const file = process.argv[3] ?? path.join('bench', 'data', `contacts-${rows}.csv`);

// A small xorshift generator: the same file on every machine.
let seed = 0x2545f491;
const next = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(next() * list.length)];
const first = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'José', 'Zoë', 'François', 'Jürgen', 'Wei', 'Yuki', 'Aisha', "Seán", 'Olga', 'Priya'];
const last = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'García', 'Miller', 'Davis', "O'Brien", 'McDonald', 'van der Berg', 'Müller', 'Schmidt', 'Nguyen', 'Kim', 'Rossi', 'Dubois', 'Kowalski', 'Silva', 'Tanaka'];
const companies = ['Acme Inc.', 'Globex Ltd', 'Initech LLC', 'Umbrella Corp', 'Stark Industries', 'Wayne Enterprises', 'Müller GmbH', 'Hooli', 'Vandelay Industries', 'Soylent, Inc.'];
const cities = [['Boston', 'MA', 'US'], ['Austin', 'TX', 'US'], ['London', '', 'GB'], ['Berlin', 'BE', 'DE'], ['Madrid', 'MD', 'ES'], ['Paris', '', 'FR'], ['Denver', 'CO', 'US'], ['Seattle', 'WA', 'US']];
const streets = ['Main St', 'Oak Avenue', 'Hauptstraße', 'Calle Mayor', 'High Street', 'Rue de la Paix', 'Elm Rd', 'Park Lane'];

const digits = (n) => String(Math.floor(next() * 10 ** n)).padStart(n, '0');
// Numbers written the way each country writes them, mostly unique, as in a real CRM.
function phoneFor(country) {
  switch (country) {
    case 'US':
      return `(${pick(['212', '312', '415', '512', '617', '720', '206', '303'])}) ${2 + Math.floor(next() * 7)}${digits(2)}-${digits(4)}`;
    case 'GB':
      return `020 7${digits(3)} ${digits(4)}`;
    case 'DE':
      return `030 ${2 + Math.floor(next() * 7)}${digits(6)}`;
    case 'ES':
      return `6${digits(2)} ${digits(3)} ${digits(3)}`;
    default:
      return `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`;
  }
}

mkdirSync(path.dirname(file), { recursive: true });
const out = createWriteStream(file);
out.write('Legacy ID,First Name,Last Name,E-mail,Phone,Company,Street,City,State,Zip,Country,Created\n');
let chunk = '';
for (let i = 1; i <= rows; i++) {
  const f = pick(first);
  const l = pick(last);
  const [city, state, country] = pick(cities);
  const company = pick(companies);
  const email = `${f}.${l}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
  const phone = phoneFor(country);
  const street = `${1 + Math.floor(next() * 999)} ${pick(streets)}`;
  const zip = String(Math.floor(next() * 99999)).padStart(5, '0');
  const created = `20${10 + Math.floor(next() * 15)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`;
  const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  chunk += `L-${String(i).padStart(7, '0')},${f},${quote(l)},${email},${phone},${quote(company)},${street},${city},${state},${zip},${country},${created}\n`;
  if (chunk.length > 1 << 20) {
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  }
}
out.end(chunk);
await once(out, 'finish');
process.stdout.write(`${file}\n`);
