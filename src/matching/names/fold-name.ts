const MARKS = /[\u0300-\u036f]/g;
// Letters NFKD does not decompose into a base letter and a mark.
const SPECIAL = /[ßøæœłđðþıĸŀ]/g;
const SPECIAL_MAP: Readonly<Record<string, string>> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ĸ: 'k', ŀ: 'l' };
// Apostrophes and dots join (O'Brien -> obrien, J. -> j); other punctuation separates words (Jean-Pierre -> jean pierre).
const JOINERS = /['’ʼ`´.]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
const PLAIN = /^[a-z]+$/;

/** Folds a name for comparison: lower case, accents and apostrophes dropped, other punctuation as spaces ("José" -> "jose"). */
export function foldName(name: string): string {
  if (PLAIN.test(name)) return name;
  let s = name.toLowerCase();
  // NFKD splits accents off; NFC afterwards rebuilds what must stay whole (Hangul syllables).
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKD').replace(MARKS, '').replace(SPECIAL, (c) => SPECIAL_MAP[c] ?? c).normalize('NFC');
  return s.replace(JOINERS, '').replace(SEPARATORS, ' ').trim();
}
