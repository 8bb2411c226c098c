/** Column names made unique and non-empty, so no source column is ever dropped: `email`, `email (2)`, `column_3`. */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const taken = new Set<string>();
  const counts = new Map<string, number>();
  return raw.map((name, index) => {
    const base = name.trim() === '' ? `column_${index + 1}` : name;
    // "Notes, Notes (2), Notes": the second "Notes" must not become a second "Notes (2)".
    let count = counts.get(base) ?? 0;
    let unique = base;
    while (taken.has(unique)) unique = `${base} (${++count + 1})`;
    counts.set(base, count);
    taken.add(unique);
    return unique;
  });
}
