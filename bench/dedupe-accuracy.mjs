// Dedupe accuracy on public labelled data (../shared/datasets, read in place, never copied): febrl3 (dedupe)
// and febrl4 (link), through rules/examples/febrl.yaml, and splink_fake_20000 through the shipped contacts
// rules, with no labels; pairwise precision, recall and F1.
// Usage: npm run build && node bench/dedupe-accuracy.mjs [datasets-dir=../shared/datasets]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const datasets = path.resolve(process.argv[2] ?? path.join('..', 'shared', 'datasets'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-accuracy-'));
const steward = (...args) => execFileSync(process.execPath, ['bin/steward.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
const cases = [
  { name: 'febrl3', rules: 'rules/examples/febrl.yaml', input: 'febrl3/dataset3.csv', truth: 'febrl3/truth.csv' },
  { name: 'febrl4', rules: 'rules/examples/febrl.yaml', input: 'febrl4/dataset4a.csv', link: 'febrl4/dataset4b.csv', truth: 'febrl4/truth.csv' },
  { name: 'splink_fake_20000', rules: 'rules/contacts.yaml', input: 'splink_fake_20000/fake_20000.csv', truth: 'splink_fake_20000/truth.csv', id: 'unique_id' },
];
for (const c of cases) {
  const clusters = path.join(dir, `${c.name}-clusters.csv`);
  const started = process.hrtime.bigint();
  const summary = JSON.parse(
    steward('dedupe', '--rules', c.rules, '--input', path.join(datasets, c.input), ...(c.link ? ['--link', path.join(datasets, c.link)] : []), ...(c.id ? ['--id-column', c.id] : []), '--workspace', path.join(dir, `${c.name}.db`), '--clusters-out', clusters, '--json'),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const e = JSON.parse(steward('evaluate', '--clusters', clusters, '--truth', path.join(datasets, c.truth), '--json'));
  process.stdout.write(
    `${c.name}: precision ${e.precision.toFixed(4)}, recall ${e.recall.toFixed(4)}, F1 ${e.f1.toFixed(4)} (${e.truePositives}/${e.predictedPairs} predicted pairs right, ${e.truePairs} true pairs; ${summary.counts.candidate_pairs} candidate pairs; ${seconds.toFixed(1)} s whole CLI run)\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
