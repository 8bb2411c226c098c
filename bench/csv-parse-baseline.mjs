// The baseline: a plain csv-parse pass over the file (parse every record, nothing else).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const file = process.argv[2];
const started = process.hrtime.bigint();
let records = 0;
const parser = createReadStream(file).pipe(parse({ bom: true }));
for await (const record of parser) {
  if (record.length > 0) records += 1;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ rows: records - 1, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
