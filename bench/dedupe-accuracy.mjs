// Dedupe accuracy on public labelled data (../shared/datasets, read in place, never copied): febrl3 (dedupe)
// and febrl4 (link), through rules/examples/febrl.yaml, and splink_fake_20000 through the shipped contacts
// rules, with no labels; pairwise precision, recall and F1. Then small samples (the first rows of febrl3 and splink_fake_20000, taken in
// memory and written to a temporary file that is removed), where too few pairs train the model.
// Usage: npm run build && node bench/dedupe-accuracy.mjs [datasets-dir=../shared/datasets] [only cases whose name has this]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const datasets = path.resolve(process.argv[2] ?? path.join('..', 'shared', 'datasets'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-accuracy-'));
const steward = (...args) => execFileSync(process.execPath, ['bin/steward.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
const cases = [
  { name: 'febrl3', rules: 'rules/examples/febrl.yaml', input: 'febrl3/dataset3.csv', truth: 'febrl3/truth.csv' },
  { name: 'febrl4', rules: 'rules/examples/febrl.yaml', input: 'febrl4/dataset4a.csv', link: 'febrl4/dataset4b.csv', truth: 'febrl4/truth.csv' },
  { name: 'splink_fake_20000', rules: 'rules/contacts.yaml', input: 'splink_fake_20000/fake_20000.csv', truth: 'splink_fake_20000/truth.csv', id: 'unique_id' },
  { name: 'febrl3 first 60 rows', rules: 'rules/examples/febrl.yaml', input: 'febrl3/dataset3.csv', truth: 'febrl3/truth.csv', rows: 60 },
  { name: 'febrl3 first 200 rows', rules: 'rules/examples/febrl.yaml', input: 'febrl3/dataset3.csv', truth: 'febrl3/truth.csv', rows: 200 },
  { name: 'splink_fake_20000 first 60 rows', rules: 'rules/contacts.yaml', input: 'splink_fake_20000/fake_20000.csv', truth: 'splink_fake_20000/truth.csv', id: 'unique_id', rows: 60 },
  { name: 'splink_fake_20000 first 300 rows', rules: 'rules/contacts.yaml', input: 'splink_fake_20000/fake_20000.csv', truth: 'splink_fake_20000/truth.csv', id: 'unique_id', rows: 300 },
];
/** The first `rows` records of a dataset and the true pairs among them, in temporary files. */
function sample(c) {
  const lines = readFileSync(path.join(datasets, c.input), 'utf8').split('\n');
  const kept = lines.slice(1, 1 + c.rows);
  const ids = new Set(kept.map((l) => l.split(',')[0].trim()));
  const truth = readFileSync(path.join(datasets, c.truth), 'utf8').trim().split('\n');
  const pairs = truth.slice(1).filter((l) => l.split(',').every((id) => ids.has(id.trim())));
  const slug = c.name.replace(/\W+/g, '-');
  writeFileSync(path.join(dir, `${slug}.csv`), [lines[0], ...kept].join('\n') + '\n');
  writeFileSync(path.join(dir, `${slug}-truth.csv`), [truth[0], ...pairs].join('\n') + '\n');
  return { input: path.join(dir, `${slug}.csv`), truth: path.join(dir, `${slug}-truth.csv`) };
}
for (const c of cases.filter((c) => c.name.includes(process.argv[3] ?? ''))) {
  const files = c.rows ? sample(c) : { input: path.join(datasets, c.input), truth: path.join(datasets, c.truth) };
  const clusters = path.join(dir, `${c.name.replace(/\W+/g, '-')}-clusters.csv`);
  const started = process.hrtime.bigint();
  const summary = JSON.parse(
    steward('dedupe', '--rules', c.rules, '--input', files.input, ...(c.link ? ['--link', path.join(datasets, c.link)] : []), ...(c.id ? ['--id-column', c.id] : []), '--workspace', path.join(dir, `${c.name.replace(/\W+/g, '-')}.db`), '--clusters-out', clusters, '--json'),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const e = JSON.parse(steward('evaluate', '--clusters', clusters, '--truth', files.truth, '--json'));
  process.stdout.write(
    `${c.name}: precision ${e.precision.toFixed(4)}, recall ${e.recall.toFixed(4)}, F1 ${e.f1.toFixed(4)} (${e.truePositives}/${e.predictedPairs} predicted pairs right, ${e.truePairs} true pairs; ${summary.counts.candidate_pairs} candidate pairs; ${seconds.toFixed(1)} s whole CLI run)${summary.messages?.length ? `; ${summary.messages.join('; ')}` : ''}\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
