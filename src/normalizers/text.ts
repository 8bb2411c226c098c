import { z } from 'zod';
import type { NormalizerDefinition } from './types.js';

const CONTROL_AND_ZERO_WIDTH = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const WHITESPACE_RUN = /\s+/g;
// A lead and a continuation character that UTF-8 read as windows-1252/latin1 typically produces (Ã¼, Ã©, Å‚, Ð¸, â€™).
const MOJIBAKE = /[ÂÃÄÅÐÑâ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/;

// windows-1252's 0x80-0x9F, for turning mojibake back into the bytes it came from.
const CP1252_HIGH: Record<string, number> = {
  '\u20AC': 0x80, '\u201A': 0x82, '\u0192': 0x83, '\u201E': 0x84, '\u2026': 0x85, '\u2020': 0x86, '\u2021': 0x87, '\u02C6': 0x88,
  '\u2030': 0x89, '\u0160': 0x8a, '\u2039': 0x8b, '\u0152': 0x8c, '\u017D': 0x8e, '\u2018': 0x91, '\u2019': 0x92, '\u201C': 0x93,
  '\u201D': 0x94, '\u2022': 0x95, '\u2013': 0x96, '\u2014': 0x97, '\u02DC': 0x98, '\u2122': 0x99, '\u0161': 0x9a, '\u203A': 0x9b,
  '\u0153': 0x9c, '\u017E': 0x9e, '\u0178': 0x9f,
};
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `JÃ¼rgen` → `Jürgen`: re-reads the text as the UTF-8 bytes it was; leaves it alone unless that works. */
export function fixMojibake(value: string): string {
  if (!MOJIBAKE.test(value)) return value;
  return repairMojibake(value) ?? value;
}

// What a repair may produce: letters and marks, typographic punctuation (’ “ – …), currency signs, spaces.
const REPAIRED_CHAR = /^[\p{L}\p{M}\p{Zs}\u2010-\u2027\u2030-\u205E\p{Sc}\u00A1-\u00BF\u00D7\u00F7]$/u;

/**
 * The conservative detector behind `fix_mojibake: auto`: the text holds a typical sequence (Ã¼, Â , â€™),
 * every non-ASCII character is part of a valid UTF-8 sequence, and the repair gives letters or typographic
 * punctuation (no control characters). Real text (Müller, São, ½ price, Æsir, Ångström) fails it.
 */
export function looksLikeMojibake(value: string): string | undefined {
  if (!MOJIBAKE.test(value)) return undefined;
  const repaired = repairMojibake(value);
  if (repaired === undefined || repaired === value) return undefined;
  let nonAscii = false;
  for (const char of repaired) {
    if (char.charCodeAt(0) < 0x80) continue;
    if (!REPAIRED_CHAR.test(char)) return undefined;
    nonAscii = true;
  }
  return nonAscii ? repaired : undefined;
}

function repairMojibake(value: string): string | undefined {
  const bytes: number[] = [];
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code < 0x100) bytes.push(code);
    else if (CP1252_HIGH[char] !== undefined) bytes.push(CP1252_HIGH[char]!);
    else return undefined;
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** NFKC (full-width digits and letters to ASCII), skipped for pure-ASCII text, which it never changes: a large saving on hot paths. */
export function nfkc(value: string): string {
  return NON_ASCII.test(value) ? value.normalize('NFKC') : value;
}

export function titleCase(value: string): string {
  return value.toLowerCase().replace(/(^|[\s\-'’(/])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

export interface TextOptions {
  readonly trim: boolean;
  readonly collapse_whitespace: boolean;
  readonly nfkc: boolean;
  readonly strip_control: boolean;
  readonly fix_mojibake: boolean | 'auto';
  readonly case: 'keep' | 'lower' | 'upper' | 'title';
}

export const textOptions = z.strictObject({
  trim: z.boolean().default(true).describe('Remove spaces at both ends.'),
  collapse_whitespace: z.boolean().default(true).describe('Turn every run of whitespace (tabs, newlines, no-break spaces) into one space.'),
  nfkc: z.boolean().default(true).describe('Unicode NFKC: full-width digits, letters and spaces become ASCII (１３８　００１３ → 138 0013).'),
  strip_control: z.boolean().default(true).describe('Remove control and zero-width characters.'),
  fix_mojibake: z
    .union([z.literal('auto'), z.boolean()])
    .default('auto')
    .describe(
      'Repair UTF-8 text that was read as windows-1252 (JÃ¼rgen → Jürgen, donâ€™t → don’t), before NFKC can break it. auto (default): only values that clearly are mojibake (the repair is valid UTF-8 giving letters or punctuation); true: whenever the repair is valid UTF-8; false: never.',
    ),
  case: z.enum(['keep', 'lower', 'upper', 'title']).default('keep').describe('Change the letter case.'),
});

// Printable ASCII words separated by single spaces: nothing for NFKC, control stripping or trimming to do.
const ALREADY_CLEAN = /^(?:[\x21-\x7E]+ )*[\x21-\x7E]+$/;

/** The cleanup every other normalizer starts from; exported so they can share it. */
export function createTextCleaner(options: TextOptions): (value: string) => string {
  // Plain ASCII cannot be mojibake, so the shortcut holds whatever fix_mojibake says.
  const shortcut = options.case === 'keep' && options.trim && options.collapse_whitespace;
  const repair = options.fix_mojibake === 'auto' ? (v: string) => looksLikeMojibake(v) ?? v : options.fix_mojibake ? fixMojibake : undefined;
  return (input) => {
    // Most CRM values are plain ASCII already: skip the Unicode work for them.
    if (shortcut && ALREADY_CLEAN.test(input)) return input;
    let value = input;
    if (repair) value = repair(value);
    if (options.nfkc) value = value.normalize('NFKC');
    if (options.strip_control) value = value.replace(CONTROL_AND_ZERO_WIDTH, '');
    if (options.collapse_whitespace) value = value.replace(WHITESPACE_RUN, ' ');
    if (options.trim) value = value.trim();
    switch (options.case) {
      case 'lower':
        return value.toLowerCase();
      case 'upper':
        return value.toUpperCase();
      case 'title':
        return titleCase(value);
      default:
        return value;
    }
  };
}

export const defaultTextCleaner = createTextCleaner(textOptions.parse({}));

export const textNormalizer: NormalizerDefinition<TextOptions> = {
  name: 'text',
  description: 'Trim, collapse whitespace, NFKC, strip control and zero-width characters, optionally fix mojibake and change case.',
  options: textOptions,
  create(options) {
    const clean = createTextCleaner(options);
    return (value) => ({ value: clean(value) });
  },
};
