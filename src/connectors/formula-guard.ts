const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PHONE = /^\+\d[\d ().-]*(\s*(x|ext\.?)\s*\d+)?$/i;
// A phone number has at least 7 digits; "+1-1" is a formula.
const enoughDigits = (value: string) => (value.match(/\d/g)?.length ?? 0) >= 7;

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab/CR before them) as a formula. Such cells get a
 * leading apostrophe, except plain numbers (-42, +3.5) and phone numbers (+14155552671, +1 415 555 2671).
 */
export function guardFormula(value: string): string {
  if (value.length === 0) return value;
  const first = value.charCodeAt(0);
  // = @ TAB CR
  if (first === 61 || first === 64 || first === 9 || first === 13) return `'${value}`;
  // + -
  if (first === 43 || first === 45) {
    if (PLAIN_NUMBER.test(value) || (PHONE.test(value) && enoughDigits(value))) return value;
    return `'${value}`;
  }
  return value;
}
