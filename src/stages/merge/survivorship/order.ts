/** Dates and numbers as survivorship compares them: ISO dates and plain numbers in their order, other text last. */
export function sortKey(value: string | undefined): { readonly kind: 0 | 1 | 2; readonly number: number; readonly text: string } {
  if (value === undefined || value === '') return { kind: 2, number: 0, text: '' };
  const trimmed = value.trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return { kind: 0, number: Number(trimmed), text: trimmed };
  return { kind: 1, number: 0, text: trimmed };
}

/** Ascending comparison of two values (numbers by value, text such as ISO dates by code point); missing values last. */
export function compareValues(a: string | undefined, b: string | undefined): number {
  const x = sortKey(a);
  const y = sortKey(b);
  if (x.kind !== y.kind) return x.kind - y.kind;
  if (x.kind === 0) return x.number - y.number;
  return x.text < y.text ? -1 : x.text > y.text ? 1 : 0;
}

/** Descending, missing values still last. */
export function compareValuesDescending(a: string | undefined, b: string | undefined): number {
  const x = sortKey(a);
  const y = sortKey(b);
  if (x.kind === 2 || y.kind === 2) return x.kind === y.kind ? 0 : x.kind === 2 ? 1 : -1;
  return compareValues(b, a);
}
