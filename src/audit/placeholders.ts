/** Values that people type when they have nothing to type: they count as empty. */
export const DEFAULT_PLACEHOLDERS: readonly string[] = [
  'n/a', 'na', 'n.a.', '#n/a', '-', '--', '---', '.', '?', '??', 'unknown', 'unkown', 'null', 'nil', 'none', 'nan', 'undefined', 'tbd', 'tba', 'todo',
  'xxx', 'xx', 'x', 'asdf', 'test', 'none given', 'not available', 'not applicable', 'no email', 'noemail', 'no phone', 'empty', 'blank',
  '000-000-0000', '0000000000', '(000) 000-0000', '+10000000000', '123-456-7890', '1234567890', '555-555-5555',
  'test@test.com', 'test@example.com', 'no@email.com', 'none@none.com', 'noemail@noemail.com', 'na@na.com', 'x@x.com', 'email@email.com',
];

/** Whether a value counts as empty: missing, whitespace, or a placeholder (compared trimmed, ignoring case). */
export function createEmptyTest(placeholders: readonly string[]): (value: string | null | undefined) => boolean {
  const set = new Set(placeholders.map((p) => p.trim().toLowerCase()).filter((p) => p !== ''));
  // Most values are no placeholder: a value of a length no placeholder has needs no lower-casing to tell.
  const lengths = new Set([...set].map((p) => p.length));
  return (value) => {
    if (value === null || value === undefined) return true;
    const trimmed = value.trim();
    if (trimmed === '') return true;
    return lengths.has(trimmed.length) && set.has(trimmed.toLowerCase());
  };
}

/** The placeholder list an audit uses: the defaults (unless switched off) and the rule file's own. */
export function placeholderList(rules: { readonly placeholders: readonly string[]; readonly default_placeholders: boolean }): string[] {
  return [...(rules.default_placeholders ? DEFAULT_PLACEHOLDERS : []), ...rules.placeholders];
}
