// Writes the review recipe's contacts, the same on every machine: node docs/examples/make-contacts-review.mjs docs/examples/contacts-review.csv
import fs from 'node:fs';
let seed = 11; const r = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (l) => l[Math.floor(r() * l.length)];
const firsts = ['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Susan','Daniel','Karen','Thomas','Nancy','Mark','Lisa','Paul','Sandra','Steven','Emily','William','Margaret','Richard','Laura','Joseph','Sarah','Charles','Anne','Edward','Helen'];
const lasts = ['Anderson','Brooks','Carter','Diaz','Evans','Foster','Gray','Hughes','Irwin','Jensen','Keller','Lopez','Morgan','Nolan','Ortiz','Price','Quinn','Reyes','Shaw','Turner','Walsh','Young','Baker','Cole','Dunn','Ellis','Fisher','Grant','Hayes','Lambert'];
const nick = { James:'Jim', Robert:'Bob', Patricia:'Pat', John:'Jack', Jennifer:'Jenny', Michael:'Mike', David:'Dave', Susan:'Sue', Daniel:'Dan', Thomas:'Tom', Steven:'Steve', William:'Bill', Margaret:'Peggy', Richard:'Dick', Joseph:'Joe', Charles:'Chuck', Edward:'Ted', Sandra:'Sandy', Elizabeth:'Liz' };
const offices = [
  ['Northwind Traders','northwind.com','206','400 Pine St','Seattle','98101'],
  ['Contoso Ltd','contoso.com','312','1 Wacker Dr','Chicago','60601'],
  ['Fabrikam Inc','fabrikam.com','512','300 Congress Ave','Austin','78701'],
  ['Tailspin Toys','tailspin.com','617','50 Milk St','Boston','02110'],
  ['Litware Inc','litware.com','303','1700 Lincoln St','Denver','80203'],
  ['Adventure Works','adventure-works.com','415','1 Market St','San Francisco','94105'],
  ['Proseware LLC','proseware.com','212','5 Penn Plaza','New York','10001'],
  ['Wingtip Toys','wingtip.com','305','200 Biscayne Blvd','Miami','33131'],
];
const people = []; const used = new Set(); const phones = new Set();
const phone = (area) => { let p; do p = `(${area}) 555-${String(1000 + Math.floor(r() * 8999))}`; while (phones.has(p)); phones.add(p); return p; };
for (let i = 0; i < 240; i++) {
  let f, l; do { f = pick(firsts); l = pick(lasts); } while (used.has(f + l)); used.add(f + l);
  const o = offices[i % offices.length];
  people.push({ id: `C-${1001 + i}`, f, l, e: `${f}.${l}@${o[1]}`.toLowerCase(), ph: phone(o[2]), co: o[0], st: o[3], city: o[4], zip: o[5] });
}
const rows = [...people];
let next = 2001;
const dup = (src, change) => rows.push({ ...src, ...change(src), id: `C-${next++}` });
// Same email, written differently: sure matches.
for (let i = 0; i < 40; i++) dup(people[i * 6], (x) => ({ f: nick[x.f] ?? x.f, e: x.e.toUpperCase(), ph: x.ph.replace(/[()]/g, '').replace(' ', '-') }));
// No email, a nickname, the same direct line: sure matches.
for (let i = 0; i < 12; i++) dup(people[i * 6 + 1], (x) => ({ f: nick[x.f] ?? x.f, e: '', st: x.st.replace(' St', ' Street') }));
// A private address instead of the work one, no phone: the uncertain ones.
dup(people[2], (x) => ({ e: `${x.f[0]}${x.l}@gmail.com`.toLowerCase(), l: x.l.replace(/o/, 'e').replace(/a/, 'e') }));
dup(people[8], (x) => ({ e: `${x.f}.${x.l}@gmail.com`.toLowerCase(), f: nick[x.f] ?? x.f }));
dup(people[14], (x) => ({ e: x.e.replace('.', ''), ph: '' }));
dup(people[20], (x) => ({ e: '', ph: '', f: x.f[0] + '.' }));
dup(people[26], (x) => ({ e: '', ph: x.ph.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) }));
dup(people[32], (x) => ({ e: `${x.f}@${x.l}.me`.toLowerCase(), ph: '', zip: '' }));
dup(people[38], (x) => ({ e: `${x.f[0]}${x.l}@gmail.com`.toLowerCase(), ph: '', st: x.st.replace(' St', ' Street').replace(' Dr', ' Drive').replace(' Ave', ' Avenue') }));
dup(people[44], (x) => ({ e: '', ph: '', f: x.f[0] + '.', zip: '' }));
dup(people[50], (x) => ({ e: `${x.f[0]}${x.l}@gmail.com`.toLowerCase(), ph: '', f: nick[x.f] ?? x.f }));
dup(people[56], (x) => ({ f: 'Louisa', e: '', ph: '' }));
dup(people[62], (x) => ({ f: x.f + 'ine', e: '', ph: '' }));
// Same name, another office, another email and phone: a namesake, or a person who moved.
for (let i = 0; i < 3; i++) dup(people[i * 6 + 3], (x) => { const o = offices[(i + 4) % offices.length]; return { e: `${x.f[0]}${x.l}@${o[1]}`.toLowerCase(), ph: phone(o[2]), co: o[0], st: o[3], city: o[4], zip: o[5] }; });
const lines = ['Contact ID,First Name,Last Name,Email,Phone,Company,Street,City,Zip', ...rows.map((x) => [x.id, x.f, x.l, x.e, x.ph, x.co, x.st, x.city, x.zip].join(','))];
fs.writeFileSync(process.argv[2], lines.join('\n') + '\n');
