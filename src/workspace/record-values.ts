/**
 * Reads chosen fields out of a workspace record's `data`: the JSON text of a flat object of strings, as
 * JSON.stringify wrote it. An export of a million records spent more time in JSON.parse than in anything else;
 * most of that went to building an object whose keys it then looked up again.
 *
 * The reader remembers the keys, in order, of the last record that JSON.parse read. It reads a record laid out
 * the same way without parsing: each key must follow where the one before ended, and each value must be a string
 * or null. A string holding no backslash holds no escape, so its text is the value. Anything else is left to
 * JSON.parse: an escape anywhere in the text, other keys or another order, a number, a space. JSON.parse then
 * reads it, and its keys become the layout expected next. Both ways give the same values.
 */
export class RecordValues {
  /** `"key":` for each key of the layout, the first after `{`, the others after `,`. */
  private heads: string[] = [];
  /** For each key of the layout, where its value goes in the output (-1: a field not asked for). */
  private slots: number[] = [];

  /** A field asked for twice: [its first slot, another slot], copied after each read. */
  private readonly copies: [number, number][] = [];

  /** @param fields the fields asked for, in the order their values come out */
  constructor(private readonly fields: readonly string[]) {
    fields.forEach((field, slot) => {
      const first = fields.indexOf(field);
      if (first !== slot) this.copies.push([first, slot]);
    });
  }

  /**
   * The values of the fields asked for, into `out` in their order: the string, or null for a JSON null, or
   * undefined for a field the record does not have.
   */
  read(json: string, out: (string | null | undefined)[]): void {
    if (json.indexOf('\\') === -1 && this.readLaidOut(json, out)) {
      for (const [from, to] of this.copies) out[to] = out[from];
      return;
    }
    const data = JSON.parse(json) as Record<string, unknown>;
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) out[i] = Object.hasOwn(data, fields[i]!) ? (data[fields[i]!] as string | null) : undefined;
    this.learn(data);
  }

  private readLaidOut(json: string, out: (string | null | undefined)[]): boolean {
    const heads = this.heads;
    if (heads.length === 0) return false;
    const slots = this.slots;
    let pos = 0;
    for (let k = 0; k < heads.length; k++) {
      const head = heads[k]!;
      if (!json.startsWith(head, pos)) return false;
      pos += head.length;
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
      const slot = slots[k]!;
      if (slot >= 0) out[slot] = value;
    }
    if (pos !== json.length - 1 || json.charCodeAt(pos) !== CLOSE) return false;
    // Every key of the layout was there; a field asked for that the layout lacks stays undefined.
    for (const slot of this.missing) out[slot] = undefined;
    return true;
  }

  /** The output slots no key of the layout fills. */
  private missing: number[] = [];

  /** The layout of a record JSON.parse read: its keys in order, when every value is a string or null. */
  private learn(data: Record<string, unknown>): void {
    const keys = Object.keys(data);
    if (!keys.every((key) => typeof data[key] === 'string' || data[key] === null)) {
      this.heads = [];
      return;
    }
    this.heads = keys.map((key, k) => `${k === 0 ? '{' : ','}${JSON.stringify(key)}:`);
    this.slots = keys.map((key) => this.fields.indexOf(key));
    this.missing = this.fields.flatMap((field, slot) => (keys.includes(field) ? [] : [slot]));
  }
}

const QUOTE = 0x22;
const CLOSE = 0x7d;
