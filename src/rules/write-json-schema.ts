import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { shippedRulesDir } from './loader.js';
import { rulesJsonSchemaText } from './json-schema.js';

// `npm run schema`: regenerates rules/steward.schema.json from the zod schema.
const file = path.join(shippedRulesDir, 'steward.schema.json');
writeFileSync(file, rulesJsonSchemaText());
process.stdout.write(`wrote ${file}\n`);
