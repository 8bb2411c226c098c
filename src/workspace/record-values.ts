/**
 * Reads chosen fields out of a workspace record's `data`: the JSON text of a flat object of strings, as
 * JSON.stringify wrote it. An export of a million records spent more time in JSON.parse than in anything else;
 * most of that went to building an object whose keys it then looked up again.
 *
 * JSON.stringify escapes every `"`, `\` and control character in a string with a backslash, so in a text with no
 * backslash each string runs from its quote to the next one, and that text is its value. Such a text is read
 * here without JSON.parse; anything else is left to it (a number, a space, an escape anywhere). For any text
 * JSON.stringify wrote, both ways give the same values.
 *
 * The keys of a workspace's records mostly come in the same order (import writes every field; a golden record
 * leaves its empty ones out), so the reader remembers a layout of keys, in order, and checks that each key is the
 * one expected there, or one after it, before it looks a key up. A record with a key the layout lacks is read key
 * by key from there on, and the layout's keys before it and the record's from it are expected next.
 */
export class RecordValues {
  /** `"key":` for each key of the layout expected next, in order. */
  private heads: string[] = [];
  /** For each key of the layout, where its value goes in the output (-1: a field not asked for). */
  private slots: number[] = [];
  /** Each field asked for, with the first place its value goes. */
  private readonly slotOf = new Map<string, number>();
  /** A field asked for twice: [its first slot, another slot], copied after each read. */
  private readonly copies: [number, number][] = [];

  /** @param fields the fields asked for, in the order their values come out */
  constructor(private readonly fields: readonly string[]) {
    fields.forEach((field, slot) => {
      const first = this.slotOf.get(field);
      if (first === undefined) this.slotOf.set(field, slot);
      else this.copies.push([first, slot]);
    });
  }

  /**
   * The values of the fields asked for, into `out` in their order: the string, or null for a JSON null, or
   * undefined for a field the record does not have.
   */
  read(json: string, out: (string | null | undefined)[]): void {
    if (json.indexOf('\\') === -1 && this.readPlain(json, out)) {
      for (const [from, to] of this.copies) out[to] = out[from];
      return;
    }
    const data = JSON.parse(json) as Record<string, unknown>;
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) out[i] = Object.hasOwn(data, fields[i]!) ? (data[fields[i]!] as string | null) : undefined;
  }

  /** Reads a text without escapes; false when it is not an object of strings and nulls with nothing between its tokens. */
  private readPlain(json: string, out: (string | null | undefined)[]): boolean {
    for (let i = 0; i < out.length; i++) out[i] = undefined;
    if (json.charCodeAt(0) !== OPEN) return false;
    if (json.length === 2 && json.charCodeAt(1) === CLOSE) return true;
    const heads = this.heads;
    const slots = this.slots;
    // The keys read so far once the record left the layout (undefined while it follows it).
    let keys: string[] | undefined;
    let k = 0;
    let pos = 1;
    for (;;) {
      let slot = -1;
      // The next key of the layout, or one after it (the record lacks those between).
      if (keys === undefined) while (k < heads.length && !json.startsWith(heads[k]!, pos)) k++;
      if (keys === undefined && k < heads.length) {
        slot = slots[k]!;
        pos += heads[k]!.length;
        k++;
      } else {
        keys ??= this.layoutKeys(k);
        if (json.charCodeAt(pos) !== QUOTE) return false;
        const end = json.indexOf('"', pos + 1);
        if (end === -1 || json.charCodeAt(end + 1) !== COLON) return false;
        const key = json.slice(pos + 1, end);
        keys.push(key);
        slot = this.slotOf.get(key) ?? -1;
        pos = end + 2;
      }
      let value: string | null;
      if (json.charCodeAt(pos) === QUOTE) {
        const end = json.indexOf('"', pos + 1);
        if (end === -1) return false;
        value = json.slice(pos + 1, end);
        pos = end + 1;
      } else if (json.startsWith('null', pos)) {
        value = null;
        pos += 4;
      } else return false;
      if (slot >= 0) out[slot] = value;
      const next = json.charCodeAt(pos);
      if (next === COMMA) pos++;
      else if (next === CLOSE && pos === json.length - 1) break;
      else return false;
    }
    // A key the layout lacks: the layout's keys up to it, then the record's.
    if (keys !== undefined) this.expect(keys);
    return true;
  }

  /** The first `count` keys of the layout. */
  private layoutKeys(count: number): string[] {
    return this.heads.slice(0, count).map((head) => head.slice(1, -2));
  }

  /** The keys to expect next, in order (none past a bound: records in ever other orders would grow it). */
  private expect(keys: readonly string[]): void {
    if (keys.length > MAX_LAYOUT) keys = [];
    this.heads = keys.map((key) => `"${key}":`);
    this.slots = keys.map((key) => this.slotOf.get(key) ?? -1);
  }
}

const MAX_LAYOUT = 1000;
const OPEN = 0x7b;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const CLOSE = 0x7d;
