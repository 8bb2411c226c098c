/**
 * Database values in before-images (JSON in the workspace), restored exactly: bytes, big integers, dates,
 * arrays and JSON documents are tagged so they come back as the driver took them.
 */
export type Encoded = string | number | boolean | null | { readonly $b64: string } | { readonly $big: string } | { readonly $date: string } | { readonly $array: unknown[] } | { readonly $json: unknown };

export function encodeValue(value: unknown): Encoded {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $json: String(value) };
  if (typeof value === 'bigint') return { $big: value.toString() };
  if (Buffer.isBuffer(value)) return { $b64: value.toString('base64') };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return { $array: value };
  return { $json: value };
}

export function decodeValue(value: Encoded | undefined): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if ('$b64' in value) return Buffer.from(value.$b64, 'base64');
  if ('$big' in value) return BigInt(value.$big);
  if ('$date' in value) return new Date(value.$date);
  if ('$array' in value) return value.$array;
  return JSON.stringify(value.$json);
}

export function encodeRow(row: Readonly<Record<string, unknown>>): Record<string, Encoded> {
  const out: Record<string, Encoded> = {};
  for (const key of Object.keys(row)) out[key] = encodeValue(row[key]);
  return out;
}

export function decodeRow(row: Readonly<Record<string, Encoded>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) out[key] = decodeValue(row[key]);
  return out;
}

/** Two database values as the same value (a Buffer by its bytes, a Date by its time). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  return JSON.stringify(encodeValue(a)) === JSON.stringify(encodeValue(b));
}

const TRUE = new Set(['1', 'true', 't', 'yes', 'y']);
const FALSE = new Set(['0', 'false', 'f', 'no', 'n']);
const asBoolean = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
};

/**
 * Whether a soft-delete column holds the declared value: as booleans when both read as one (a boolean column,
 * `1`, `true`, and the text a workspace keeps of them), else as text.
 */
export function isFlagged(current: unknown, declared: string | number | boolean): boolean {
  if (current === null || current === undefined) return false;
  const a = asBoolean(current);
  const b = asBoolean(declared);
  if (a !== undefined && b !== undefined) return a === b;
  return String(current) === String(declared);
}
