#!/usr/bin/env node
// A longer fuzzing run than the test suite's: every property of test/fuzz/properties.mjs against the built
// dist/ (npm run build first), with fresh random seeds.
//
//   node bench/fuzz.mjs [FACTOR] [SEED]   runs = FACTOR x the suite's runs per property (default 50)
//
// Prints runs and time per property; a failure prints fast-check's counterexample and seed, and exits 1.

import * as api from '../dist/index.js';
import { fc, fuzzProperties } from '../test/fuzz/properties.mjs';

const factor = Number(process.argv[2] ?? 50);
const seed = process.argv[3] !== undefined ? Number(process.argv[3]) : Date.now() % 2 ** 31;
const { properties, cleanup } = fuzzProperties(api);
console.log(`fuzz: ${properties.length} properties, ${factor} x the suite's runs, seed ${seed}`);
let failed = false;
try {
  for (const { name, runs, property } of properties) {
    const numRuns = runs * factor;
    const started = process.hrtime.bigint();
    const result = await fc.check(property, { numRuns, seed });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`${result.failed ? '✖' : '✔'} ${numRuns} runs in ${seconds.toFixed(1)} s: ${name}`);
    if (result.failed) {
      failed = true;
      console.log(fc.defaultReportMessage(result));
    }
  }
} finally {
  cleanup();
}
process.exitCode = failed ? 1 : 0;
