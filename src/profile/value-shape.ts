/** Runs of one letter class longer than this are cut: "Smith" and "Johnson" share the shape "Aaaa". */
const LETTER_RUN = 3;

function classOf(char: string): string {
  if (char >= '0' && char <= '9') return '9';
  if (char >= 'a' && char <= 'z') return 'a';
  if (char >= 'A' && char <= 'Z') return 'A';
  if (char < '\u0080' || !/\p{L}/u.test(char)) return char;
  if (char.toLowerCase() !== char) return 'A';
  return char.toUpperCase() !== char ? 'a' : 'L';
}

/**
 * A value's shape: each digit 9, each upper-case letter A, lower-case a, a letter without case (Chinese,
 * Japanese) L, anything else as it is; a run of one letter class is cut to three (digits never are).
 * `(415) 555-0101` → `(999) 999-9999`, `John Smith` → `Aaaa Aaaa`, `04.03.2021` → `99.99.9999`.
 */
export function valueShape(value: string): string {
  let out = '';
  let previous = '';
  let run = 0;
  for (const char of value.trim()) {
    const cls = classOf(char);
    run = cls === previous ? run + 1 : 1;
    previous = cls;
    if (run <= LETTER_RUN || (cls !== 'a' && cls !== 'A' && cls !== 'L')) out += cls;
  }
  return out;
}
