import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { rulesJsonSchemaText } from '../../src/rules/json-schema.js';
import { repoRoot } from '../helpers/temp.js';

describe('rules/steward.schema.json', () => {
  test('is the JSON Schema generated from the zod schema (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(path.join(repoRoot, 'rules/steward.schema.json'), 'utf8');
    expect(committed).toBe(rulesJsonSchemaText());
  });
  test('describes every top-level key', () => {
    const schema = JSON.parse(rulesJsonSchemaText()) as { properties: Record<string, { description?: string }> };
    for (const [key, property] of Object.entries(schema.properties)) {
      if (key === 'description') continue;
      expect(property.description, key).toBeTruthy();
    }
  });
});
