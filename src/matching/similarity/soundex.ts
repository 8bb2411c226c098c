// Codes for A..Z; 0 = vowel (separates equal codes), -1 = H or W (does not separate them).
const CODES = [0, 1, 2, 3, 0, 1, 2, -1, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, -1, 2, 0, 2];

/** American Soundex (letter + 3 digits, zero-padded): Robert and Rupert are R163; '' when there is no letter A-Z. */
export function soundex(text: string): string {
  let out = '';
  let last = -2;
  for (let i = 0; i < text.length && out.length < 4; i++) {
    let c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) continue;
    const code = CODES[c - 65]!;
    if (out === '') {
      out = String.fromCharCode(c);
      last = code;
    } else if (code > 0 && code !== last) {
      out += code;
      last = code;
    } else if (code === 0) {
      last = 0;
    }
  }
  return out === '' ? '' : out.padEnd(4, '0');
}
