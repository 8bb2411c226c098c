import type { NormalizerDefinition, NormalizeOutput } from '../../src/normalizers/types.js';

/** Runs one normalizer the way the stage does: options through its schema, one field, a record context. */
export function runNormalizer(definition: NormalizerDefinition, value: string, options: unknown = {}, field = 'value', record: Record<string, string> = {}): NormalizeOutput {
  const fn = definition.create(definition.options.parse(options), field);
  return fn(value, { record });
}
