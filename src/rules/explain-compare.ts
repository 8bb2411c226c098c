import { comparators } from '../matching/comparators/registry.js';
import { suggest } from './suggest.js';

const names = () => comparators.map((c) => c.name);

/** The method named by a dedupe.compare entry: the string itself, or its `method` key. */
function methodOf(given: unknown): string | undefined {
  if (typeof given === 'string') return given;
  if (given && typeof given === 'object' && !Array.isArray(given)) {
    const method = (given as Record<string, unknown>)['method'];
    return typeof method === 'string' ? method : undefined;
  }
  return undefined;
}

/**
 * A bad dedupe.compare.<name> entry said plainly: an unknown method with the closest one, or a missing method.
 * Returns [path suffix, message], or undefined when the entry's method is known (its options are checked as usual).
 */
export function explainCompareEntry(p: readonly (string | number)[], given: unknown): [string[], string] | undefined {
  if (p.length !== 3 || p[0] !== 'dedupe' || p[1] !== 'compare') return undefined;
  const method = methodOf(given);
  const atMethod = typeof given === 'string' ? [] : ['method'];
  if (method === undefined) {
    if (typeof given === 'object' && given !== null && !Array.isArray(given)) return [['method'], `is required: one of ${names().join(', ')}`];
    return [[], `a comparison is a method name or { method, field, options }; methods: ${names().join(', ')}`];
  }
  if (!names().includes(method)) {
    const hint = suggest(method, names());
    return [atMethod, `unknown method "${method}"${hint ? `; did you mean "${hint}"?` : `; known: ${names().join(', ')}`}`];
  }
  return undefined;
}

/** The keys a dedupe.compare.<name> entry accepts, for "unknown key" messages. */
export function compareOptionKeys(p: readonly PropertyKey[], given: unknown): string[] | undefined {
  if (p.length !== 3 || p[0] !== 'dedupe' || p[1] !== 'compare') return undefined;
  const method = methodOf(given);
  const schema = comparators.find((c) => c.name === method)?.options as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined;
  const shape = schema?._zod?.def?.shape;
  return shape ? ['method', 'field', 'term_frequency', ...Object.keys(shape)] : undefined;
}
