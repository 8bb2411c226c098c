/** Words for messages a person reads: counts with their noun in the right number, nouns with their article. */

/** `count(1, 'value')` → "1 value", `count(1200, 'row')` → "1,200 rows"; `many` for irregular plurals. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${Math.round(n).toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `withArticle('email')` → "an email", `withArticle('phone')` → "a phone": by the sound of the first letters. */
export function withArticle(word: string): string {
  return `${anSound(word) ? 'an' : 'a'} ${word}`;
}

function anSound(word: string): boolean {
  const w = word.toLowerCase();
  // Spoken with a consonant first: "a unique id", "a user", "a one-off", "a euro", "a url"; silent h: "an hour".
  if (/^(uni|use|usu|uti|eu|one|once|uuid|url)/.test(w)) return false;
  if (/^(hour|honest|honou?r|heir)/.test(w)) return true;
  return /^[aeiou]/.test(w);
}
