import { z } from 'zod';
import { rulesSchema } from './schema.js';

/** The editor JSON Schema, generated from the zod schema (what a person writes: the input side). */
export function rulesJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(rulesSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'steward rule file' };
}

export function rulesJsonSchemaText(): string {
  return `${JSON.stringify(rulesJsonSchema(), null, 2)}\n`;
}
