/** Values that people type when they have nothing to type: they count as empty. */
export const DEFAULT_PLACEHOLDERS: readonly string[] = [
  'n/a', 'na', 'n.a.', '#n/a', '-', '--', '---', '.', '?', '??', 'unknown', 'unkown', 'null', 'nil', 'none', 'nan', 'undefined', 'tbd', 'tba', 'todo',
  'xxx', 'xx', 'x', 'asdf', 'test', 'none given', 'not available', 'not applicable', 'no email', 'noemail', 'no phone', 'empty', 'blank',
  '000-000-0000', '0000000000', '(000) 000-0000', '+10000000000', '123-456-7890', '1234567890', '555-555-5555',
  // The same in the languages steward maps headers in (Chinese, German, Spanish, French, Italian, Japanese).
  '无', '無', '暂无', '暫無', '没有', '沒有', '不详', '不詳', '未知', '未填', '空',
  'k.a.', 'k. a.', 'keine angabe', 'keine angaben', 'unbekannt', 'keine', 'entfällt',
  'desconocido', 'desconocida', 'ninguno', 'ninguna', 'sin datos', 'sin dato', 'no disponible', 's/d', 'no consta',
  'inconnu', 'inconnue', 'aucun', 'aucune', 'néant', 'neant', 'non renseigné', 'non renseigne', 'non communiqué', 'non communique', 'non disponible',
  'n.d.', 'n/d', 'non disponibile', 'nessuno', 'nessuna', 'sconosciuto', 'sconosciuta', 'non pervenuto',
  'なし', '無し', '不明', '未記入', '未定', '該当なし',
  'test@test.com', 'test@example.com', 'no@email.com', 'none@none.com', 'noemail@noemail.com', 'na@na.com', 'x@x.com', 'email@email.com',
];

/** Whether a value counts as empty: missing, whitespace, or a placeholder (compared trimmed, ignoring case). */
export function createEmptyTest(placeholders: readonly string[]): (value: string | null | undefined) => boolean {
  // Placeholders by length: a value is compared only with those of its own length, character by character
  // (ASCII letters folded), so the millions of values that are no placeholder cost no lower-cased copy.
  const byLength = new Map<number, string[]>();
  for (const p of new Set(placeholders.map((x) => x.trim().toLowerCase()).filter((x) => x !== ''))) {
    const list = byLength.get(p.length) ?? byLength.set(p.length, []).get(p.length)!;
    list.push(p);
  }
  return (value) => {
    if (value === null || value === undefined) return true;
    const trimmed = value.trim();
    if (trimmed === '') return true;
    const candidates = byLength.get(trimmed.length);
    if (!candidates) return false;
    for (const p of candidates) if (sameIgnoringCase(trimmed, p)) return true;
    return false;
  };
}

/** Whether `value` equals the lower-case `lower`, ignoring case. */
function sameIgnoringCase(value: string, lower: string): boolean {
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c > 127) return value.toLowerCase() === lower;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The placeholder list an audit uses: the defaults (unless switched off) and the rule file's own. */
export function placeholderList(rules: { readonly placeholders: readonly string[]; readonly default_placeholders: boolean }): string[] {
  return [...(rules.default_placeholders ? DEFAULT_PLACEHOLDERS : []), ...rules.placeholders];
}
