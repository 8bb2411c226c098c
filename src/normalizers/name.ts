import { z } from 'zod';
import type { Flag, NormalizeFn, NormalizeOutput, NormalizerDefinition } from './types.js';
import { createMemo } from './memo.js';

/**
 * Person names (first_name, middle_name, last_name, full_name): smart re-casing of names written ALL CAPS or
 * all lower-case, honorifics and suffixes moved to salutation/suffix, and full names split into their parts.
 */

const nameOptions = z.strictObject({
  case: z
    .enum(['smart', 'keep'])
    .default('smart')
    .describe(
      "smart: re-case names written ALL CAPS or all lower-case (McDonald, O'Brien, van der Berg, Smith-Jones, III), word by word: in \"Hans MÜLLER\" or \"Jean-luc picard\" only the words (or hyphen parts) in one case change; a word already in mixed case (McDonald, DeVito) is kept as written. keep: never change letter case.",
    ),
  split: z
    .boolean()
    .default(true)
    .describe(
      'In full_name: split the name into first_name, middle_name and last_name ("Last, First", particles kept with the last name, Chinese and Korean names family name first). Each part is set only where that field is empty.',
    ),
  honorifics: z
    .boolean()
    .default(true)
    .describe(
      'Move a leading honorific (Mr, Dr., Prof., Herr, Frau, Mme, Sra., and 先生, 女士, さん … after a CJK name) to salutation, and a trailing suffix (Jr., Sr., III, PhD, MD, Esq.) to suffix.',
    ),
});

export type NameOptions = z.infer<typeof nameOptions>;

// ---------------------------------------------------------------------------------------------------------------
// Tables (built once at module load).

/** Leading honorifics, lower-cased as written (with or without the period where both are used). */
const HONORIFICS = new Set([
  'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'miss', 'mx', 'mx.', 'dr', 'dr.', 'dra', 'dra.', 'prof', 'prof.', 'sir', 'dame',
  'rev', 'rev.', 'herr', 'frau', 'hr', 'hr.', 'fr', 'fr.', 'ing.', 'dott', 'dott.', 'dott.ssa', 'sig.', 'sig.ra', 'sr', 'sr.',
  'sra', 'sra.', 'srta', 'srta.', 'doña', 'mme', 'mme.', 'mlle', 'mlle.',
]);
/** Honorifics that are also given names or initials (Don Johnson, M. Smith): taken only when two name words remain. */
const AMBIGUOUS_HONORIFICS = new Set(['don', 'm.', 'me']);

/** Trailing suffixes -> canonical spelling (the period is kept as written). */
const SUFFIXES = new Map<string, string>([
  ['jr', 'Jr'], ['jr.', 'Jr.'], ['jnr', 'Jnr'], ['jnr.', 'Jnr.'], ['sr', 'Sr'], ['sr.', 'Sr.'], ['snr', 'Snr'], ['snr.', 'Snr.'],
  ['ii', 'II'], ['iii', 'III'], ['iv', 'IV'], ['phd', 'PhD'], ['ph.d.', 'Ph.D.'], ['ph.d', 'Ph.D'], ['md', 'MD'], ['m.d.', 'M.D.'],
  ['esq', 'Esq'], ['esq.', 'Esq.'], ['dds', 'DDS'], ['d.d.s.', 'D.D.S.'],
]);
/** Roman numerals kept upper-case when not the first word (II, III, IV; not I, V, X, which are usually initials). */
const ROMAN = new Set(['ii', 'iii', 'iv']);

/** Name particles: lower-case when another word follows and they are not the first word of the value. */
const PARTICLES = new Set([
  'van', 'von', 'vom', 'der', 'den', 'ter', 'ten', 'zu', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'los',
  'las', 'y', 'bin', 'bint', 'ibn', 'al',
]);
/** Particles written joined by a hyphen: al-Rashid. */
const HYPHEN_PARTICLES = new Set(['al']);

/** "Mac" names re-cased with a capital after Mac; any other Mac… word is a plain word (Mack, Macy, Machado). */
const MAC_NAMES = new Map(
  [
    'MacLeod', 'MacDonald', 'MacKenzie', 'MacArthur', 'MacGregor', 'MacIntosh', 'MacMillan', 'MacLean', 'MacKay', 'MacPherson',
    'MacNeil', 'MacNeill', 'MacFarlane', 'MacLachlan', 'MacAllister', 'MacAlister', 'MacDougall', 'MacKinnon', 'MacAulay', 'MacRae',
    'MacNab', 'MacEwan', 'MacEwen', 'MacBride', 'MacInnes', 'MacIver', 'MacLaren', 'MacQueen', 'MacCallum', 'MacDuff', 'MacLennan',
    'MacFadyen', 'MacAlpine', 'MacGillivray', 'MacPhail', 'MacLellan', 'MacKinlay', 'MacRitchie', 'MacCormack', 'MacDermott',
    'MacNamara', 'MacKintosh', 'MacAskill', 'MacCrimmon', 'MacLure', 'MacNaughton', 'MacTavish', 'MacGowan', 'MacManus',
  ].map((n) => [n.toLowerCase(), n] as const),
);

const APOSTROPHES = new Set(["'", '\u2019', '\u02BC']);
/** Latin digraph letters whose title case is not their upper case. */
const TITLE_CASE = new Map([['ǆ', 'ǅ'], ['ǅ', 'ǅ'], ['ǉ', 'ǈ'], ['ǈ', 'ǈ'], ['ǌ', 'ǋ'], ['ǋ', 'ǋ'], ['ǳ', 'ǲ'], ['ǲ', 'ǲ']]);

/** Honorifics written after a CJK name: 王先生, 李女士, 田中さん, 山田様. */
const CJK_HONORIFICS = ['先生', '女士', '小姐', '太太', '夫人', 'さん', '様'];

/** Chinese compound (two-character) surnames. */
const CN_COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '夏侯', '轩辕', '令狐', '宇文', '司徒', '澹台',
  '端木', '西门', '南宫', '独孤', '申屠', '太史', '万俟', '闻人', '赫连', '呼延', '鲜于', '钟离', '宗政', '濮阳', '淳于', '单于',
  '拓跋', '东郭', '百里', '第五',
  // traditional forms
  '歐陽', '司馬', '諸葛', '東方', '長孫', '軒轅', '西門', '南宮', '獨孤', '聞人', '鮮于', '鍾離', '單于', '東郭',
]);
/** Common Chinese single-character surnames (simplified and traditional). */
const CN_SURNAMES = new Set(
  [
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
    '陳張劉楊黃趙吳孫馬鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸範鄒龔錢湯羅賈韋閆龍賀顧郝邵萬嚴蔣潘魏丘',
  ]
    .join('')
    .split(''),
);
/** Common Japanese surnames whose first kanji is also a Chinese surname (田中, 高橋 …): such names are not split. */
const JP_SURNAMES = new Set([
  '田中', '田村', '田口', '田辺', '田代', '田島', '高橋', '高木', '高田', '高山', '高野', '高松', '石川', '石井', '石田', '石原',
  '石橋', '金子', '金田', '武田', '武藤', '林田', '江口', '江藤', '白石', '白井', '秋山', '吉田', '中村', '小林', '松本', '古川',
  '杉山', '平田', '今井', '内田', '岡田', '前田', '藤田', '原田', '上田', '森田', '柴田', '酒井', '工藤', '横山', '宮崎', '宮本',
  '丸山', '大野', '大塚', '千葉', '村上', '近藤', '石崎', '程野', '白川', '方波', '馬場', '孫田', '周防', '朱雀', '胡桃', '何田',
]);
/** Korean compound surnames and common single-syllable surnames (Hangul). */
const KO_COMPOUND_SURNAMES = new Set(['남궁', '황보', '제갈', '선우', '독고', '사공', '서문']);
const KO_SURNAMES = new Set(
  '김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부'.split(''),
);

const SUSPICIOUS = /[\p{Nd}@＠]/u;
const WHITESPACE = /\s+/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const CJK_TOKEN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}々〆ヶー・･]+$/u;
const HAN_ONLY = /^[\p{Script=Han}々]+$/u;
const HANGUL_ONLY = /^\p{Script=Hangul}+$/u;
/** Nicknames in quotes or brackets ("Jack", (Bob)): kept in the value, never a first/middle/last name. */
const NICKNAME = /^["“”‘'(［\[].+["“”’')］\]]$/u;
const VOWEL = /[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-Ý]/u;

// ---------------------------------------------------------------------------------------------------------------
// Casing.

function lower(s: string): string {
  // Turkish dotted İ lower-cases to i + combining dot in JavaScript; in names it is the letter i.
  return (s.includes('İ') ? s.replaceAll('İ', 'i') : s).toLowerCase();
}

/** Whether a value is written in one case only (ALL CAPS or all lower-case), ignoring letters without case. */
function isSingleCase(s: string): boolean {
  const t = s.includes('ß') ? s.replaceAll('ß', '') : s; // GROßMANN is an ALL CAPS spelling
  const hasUpper = t !== t.toLowerCase();
  const hasLower = t !== t.toUpperCase();
  return hasUpper !== hasLower;
}

function isAllCapsWord(s: string): boolean {
  return s !== s.toLowerCase() && s === s.toUpperCase();
}

/** Capitalises the first letter of a lower-cased word and any letter after a period (j.r.r. -> J.R.R.). */
function capWord(p: string): string {
  let out = '';
  let capNext = true;
  for (const ch of p) {
    if (capNext) {
      const up = TITLE_CASE.get(ch) ?? ch.toUpperCase();
      if (up !== ch) {
        out += up.length === ch.length ? up : ch; // ß has no one-letter capital: keep it
        capNext = false;
        continue;
      }
      if (LETTER_OR_DIGIT.test(ch)) capNext = false;
      out += ch;
      continue;
    }
    out += ch;
    if (ch === '.') capNext = true;
  }
  return out;
}

/** One hyphen-free, lower-cased part of a word. */
function casePart(p: string): string {
  const mac = MAC_NAMES.get(p);
  if (mac !== undefined) return mac;
  if (p.length > 2 && p.startsWith('mc')) return 'Mc' + capWord(p.slice(2));
  const c0 = p[0]!;
  const c1 = p[1];
  if (p.length > 2 && c1 !== undefined && APOSTROPHES.has(c1) && c0.toUpperCase() !== c0) {
    return c0.toUpperCase() + c1 + capWord(p.slice(2)); // O'Brien, D'Angelo
  }
  return capWord(p);
}

function isParticleAt(tokens: readonly string[], i: number, family: boolean): boolean {
  const lw = lower(tokens[i]!);
  // "y" joins two Spanish surnames (Ortega y Gasset); early in a full name it is more likely an initial (John Y Smith).
  return PARTICLES.has(lw) && (lw !== 'y' || family || i >= 2);
}

/**
 * Re-cases a sequence of words. `family`: the sequence is a family name on its own (a last_name value), so a
 * leading particle stays lower-case (de la Cruz); otherwise the first word is always capitalised.
 */
function caseWords(tokens: readonly string[], family: boolean): string[] {
  const n = tokens.length;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const lw = lower(tokens[i]!);
    const lowerable = i > 0 || family;
    if (lowerable && i < n - 1 && isParticleAt(tokens, i, family)) {
      out[i] = lw;
      continue;
    }
    if (i > 0) {
      const suffix = SUFFIXES.get(lw);
      if (suffix !== undefined) {
        out[i] = suffix;
        continue;
      }
      if (ROMAN.has(lw)) {
        out[i] = lw.toUpperCase();
        continue;
      }
    }
    if (lw.includes('-')) {
      const parts = lw.split('-');
      for (let j = 0; j < parts.length; j++) {
        const part = parts[j]!;
        parts[j] = j === 0 && lowerable && HYPHEN_PARTICLES.has(part) ? part : casePart(part);
      }
      out[i] = parts.join('-');
    } else {
      out[i] = casePart(lw);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Honorifics and suffixes.

function honorificKind(token: string): 0 | 1 | 2 {
  const lw = lower(token);
  if (HONORIFICS.has(lw)) return 1;
  if (AMBIGUOUS_HONORIFICS.has(lw)) return 2;
  return 0;
}

function isSuffix(token: string): boolean {
  return SUFFIXES.has(lower(token));
}

/** Moves leading honorifics to `out`, keeping at least `keep` words (ambiguous ones need two words left). */
function takeHonorifics(tokens: string[], out: string[], keep: number): void {
  while (tokens.length > keep) {
    const kind = honorificKind(tokens[0]!);
    if (kind === 0 || (kind === 2 && tokens.length < 3)) return;
    out.push(tokens.shift()!);
  }
}

/** Moves trailing suffixes to the front of `out`, keeping at least one word. */
function takeSuffixes(tokens: string[], out: string[]): void {
  while (tokens.length > 1 && isSuffix(tokens[tokens.length - 1]!)) out.unshift(tokens.pop()!);
}

/** 王先生 -> 王 + 先生; 田中 さん -> 田中 + さん. */
function takeCjkHonorific(tokens: string[], out: string[]): void {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return;
  for (const h of CJK_HONORIFICS) {
    if (last === h) {
      if (tokens.length > 1) out.push(tokens.pop()!);
      return;
    }
    if (last.length > h.length && last.endsWith(h)) {
      const rest = last.slice(0, -h.length);
      if (CJK_TOKEN.test(rest)) {
        tokens[tokens.length - 1] = rest;
        out.push(h);
      }
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Splitting.

interface Parts {
  first?: string;
  middle?: string;
  last?: string;
}

/** A CJK full name: family name first. */
function splitCjk(tokens: readonly string[]): Parts {
  if (tokens.length >= 2) return { last: tokens[0]!, first: tokens.slice(1).join(' ') };
  const name = tokens[0]!;
  const chars = Array.from(name);
  const n = chars.length;
  if (HAN_ONLY.test(name)) {
    const two = n >= 2 ? chars[0]! + chars[1]! : '';
    if (n >= 3 && CN_COMPOUND_SURNAMES.has(two)) return { last: two, first: chars.slice(2).join('') };
    // Only 2-3 characters: a longer all-kanji name without a known compound surname is more likely Japanese.
    if ((n === 2 || n === 3) && CN_SURNAMES.has(chars[0]!) && !JP_SURNAMES.has(two)) {
      return { last: chars[0]!, first: chars.slice(1).join('') };
    }
  } else if (HANGUL_ONLY.test(name)) {
    const two = n >= 2 ? chars[0]! + chars[1]! : '';
    if (n >= 3 && KO_COMPOUND_SURNAMES.has(two)) return { last: two, first: chars.slice(2).join('') };
    if ((n === 2 || n === 3) && KO_SURNAMES.has(chars[0]!)) return { last: chars[0]!, first: chars.slice(1).join('') };
  }
  // Kana, Japanese kanji names, unknown surnames: the whole name is the last name.
  return { last: name };
}

/** Indexes of the words that can be name parts (nicknames in quotes or brackets are not). */
function nameIndexes(tokens: readonly string[]): number[] {
  const idx: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (!NICKNAME.test(tokens[i]!)) idx.push(i);
  return idx;
}

function pick(cased: readonly string[], idx: readonly number[], from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += (k > from ? ' ' : '') + cased[idx[k]!]!;
  return s;
}

// ---------------------------------------------------------------------------------------------------------------

/** What one call collects while it parses a value. */
interface Run {
  /** Smart casing is on. */
  readonly recase: boolean;
  /** The whole value is written in one case (ALL CAPS or all lower-case): every word is re-cased. */
  readonly singleCase: boolean;
  readonly honorifics: boolean;
  readonly isFull: boolean;
  readonly split: boolean;
  readonly isFamilyField: boolean;
  readonly salutation: string[];
  readonly suffix: string[];
}

interface Parsed {
  value: string;
  parts?: Parts;
}

function caseSeq(run: Run, tokens: readonly string[], family: boolean): string[] {
  if (!run.recase) return tokens.slice();
  const cased = caseWords(tokens, family);
  if (run.singleCase) return cased;
  // A value in mixed case ("Dr. Hans MÜLLER", "Jean-luc picard"): re-case word by word, part by part.
  return tokens.map((token, i) => mergeCase(token, cased[i]!));
}

/** The re-cased spelling for the hyphen parts written in one case; the written one for parts in mixed case. */
function mergeCase(written: string, cased: string): string {
  // A particle written lower-case in a mixed-case name is already right: "Mr. van der Berg".
  if (PARTICLES.has(written)) return written;
  const writtenParts = written.split('-');
  const casedParts = cased.split('-');
  if (writtenParts.length !== casedParts.length) return isRecasable(written) ? cased : written;
  let out = '';
  for (let j = 0; j < writtenParts.length; j++) out += (j > 0 ? '-' : '') + (isRecasable(writtenParts[j]!) ? casedParts[j]! : writtenParts[j]!);
  return out;
}

/**
 * A word part written in one case that smart casing should change: all lower-case (any length), or ALL CAPS of
 * two letters or more, except vowel-less initials beside mixed-case words (JJ Abrams, TJ Miller).
 */
function isRecasable(part: string): boolean {
  const t = part.includes('ß') ? part.replaceAll('ß', '') : part;
  const hasUpper = t !== t.toLowerCase();
  const hasLower = t !== t.toUpperCase();
  if (hasLower) return !hasUpper;
  if (!hasUpper) return false;
  let letters = 0;
  for (const ch of t) if (ch.toLowerCase() !== ch) letters++;
  return letters > 1 && (letters > 3 || VOWEL.test(t));
}

/** "Last, First" (two comma segments, the second not a suffix). */
function parseComma(run: Run, family: string[], given: string[]): Parsed {
  if (run.honorifics) {
    takeHonorifics(given, run.salutation, 0);
    takeSuffixes(given, run.suffix);
    takeHonorifics(family, run.salutation, 1);
    takeSuffixes(family, run.suffix);
  }
  // "Smith, Mr.": only an honorific after the comma.
  if (given.length === 0) return parsePlain(run, family);
  // In a first/last/middle field the comma order is kept: no splitting across fields.
  if (!run.isFull) return { value: caseSeq(run, family, true).join(' ') + ', ' + caseSeq(run, given, false).join(' ') };
  // A full name is written in natural order; the parts come from the comma.
  const cased = caseSeq(run, [...given, ...family], false);
  const value = cased.join(' ');
  if (!run.split) return { value };
  const g = nameIndexes(given);
  const f = nameIndexes(family);
  const parts: Parts = {};
  if (g.length > 0) {
    parts.first = cased[g[0]!]!;
    if (g.length > 1) parts.middle = pick(cased, g, 1, g.length);
  }
  if (f.length > 0) parts.last = pick(caseSeq(run, family, true), f, 0, f.length);
  return { value, parts };
}

/** A value without a comma between names. */
function parsePlain(run: Run, tokens: string[]): Parsed {
  if (run.honorifics) {
    takeHonorifics(tokens, run.salutation, 1);
    takeSuffixes(tokens, run.suffix);
    takeCjkHonorific(tokens, run.salutation);
  }
  const idx = nameIndexes(tokens);
  if (idx.length > 0 && idx.every((i) => CJK_TOKEN.test(tokens[i]!))) {
    // CJK: no case, family name first.
    const value = tokens.join(' ');
    return run.split ? { value, parts: splitCjk(idx.map((i) => tokens[i]!)) } : { value };
  }
  if (run.isFull) return parseWesternFull(run, tokens, idx);
  return { value: caseSeq(run, tokens, run.isFamilyField).join(' ') };
}

function parseWesternFull(run: Run, tokens: string[], idx: number[]): Parsed {
  // "DUPONT Jean", "LI Wei": a leading ALL CAPS family name before given names in mixed case (French, academic).
  let caps = 0;
  while (caps < idx.length - 1 && isCapsSurname(tokens[idx[caps]!]!)) caps++;
  if ((!run.recase || !run.singleCase) && caps > 0 && idx.slice(caps).every((i) => !isAllCapsWord(tokens[i]!))) {
    const familyAt = new Set(idx.slice(0, caps));
    const family = caseSeq(run, tokens.filter((_, i) => familyAt.has(i)), true);
    const given = caseSeq(run, tokens.filter((_, i) => !familyAt.has(i)), false);
    const value = [...given, ...family].join(' ');
    if (!run.split) return { value };
    const g = nameIndexes(given);
    const parts: Parts = { last: family.join(' ') };
    if (g.length > 0) parts.first = given[g[0]!]!;
    if (g.length > 1) parts.middle = pick(given, g, 1, g.length);
    return { value, parts };
  }

  const cased = caseSeq(run, tokens, false);
  const value = cased.join(' ');
  if (!run.split || idx.length === 0) return { value };
  // A single word is the last name: CRMs require a last name, and "Mr. Smith" is a last name.
  if (idx.length === 1) return { value, parts: { last: caseSeq(run, [tokens[idx[0]!]!], true)[0]! } };
  // The last word and the particles before it (van Beethoven, de la Cruz, Ortega y Gasset) are the last name.
  const names = idx.map((i) => tokens[i]!);
  let j = names.length - 1;
  while (j - 1 >= 1 && isParticleAt(names, j - 1, false)) {
    j--;
    if (lower(names[j]!) === 'y' && j - 1 >= 1) j--;
  }
  // Only particles before it (Mr. van Berg, de la Cruz): it is all a last name. "Van Morrison" is not.
  const allFamily = j === 1 && PARTICLES.has(lower(names[0]!)) && (run.salutation.length > 0 || PARTICLES.has(lower(names[1]!)));
  const from = allFamily ? 0 : j;
  const parts: Parts = { last: caseSeq(run, names.slice(from), true).join(' ') };
  if (!allFamily) {
    parts.first = cased[idx[0]!]!;
    if (j > 1) parts.middle = pick(cased, idx, 1, j);
  }
  return { value, parts };
}

/** An ALL CAPS word that reads as a family name written first: two letters or more, with a vowel (not JJ, TJ). */
function isCapsSurname(t: string): boolean {
  return isAllCapsWord(t) && t.length >= 2 && (VOWEL.test(t) || PARTICLES.has(lower(t)));
}

function create(options: NameOptions, field: string): NormalizeFn {
  const smart = options.case === 'smart';
  const honorifics = options.honorifics;
  const isFull = field === 'full_name' || field.endsWith('_full_name');
  const split = isFull && options.split;
  const isFamilyField = field === 'last_name' || field.endsWith('_last_name') || field === 'surname' || field === 'family_name';

  const canonSalutation = (t: string): string => (smart && isSingleCase(t) ? capFirst(lower(t)) : t);

  // Names repeat (first names above all): each distinct value is parsed once.
  const memo = createMemo<NormalizeOutput>();
  return (input: string): NormalizeOutput => {
    let output = memo.get(input);
    if (output === undefined) {
      output = normalizeName(input);
      memo.set(input, output);
    }
    return output;
  };

  function normalizeName(input: string): NormalizeOutput {
    if (SUSPICIOUS.test(input)) {
      const flag: Flag = { code: 'suspicious_name', reason: `a name with digits or @: "${input}"` };
      return { value: input, flags: [flag] };
    }
    const text = input.trim();
    if (text === '') return { value: input };

    // Comma segments: "Smith, John", "John Smith, Jr.", "Smith, Jr., John".
    const segments: string[][] = [];
    for (const s of text.includes(',') ? text.split(',') : [text]) {
      const t = s.trim();
      if (t !== '') segments.push(t.split(WHITESPACE));
    }
    if (segments.length === 0) return { value: input };

    const run: Run = { recase: smart, singleCase: isSingleCase(text), honorifics, isFull, split, isFamilyField, salutation: [], suffix: [] };
    // Segments after the first that hold only suffixes are suffixes, not the "First" of "Last, First".
    const suffixSegments: string[] = [];
    for (let i = segments.length - 1; i >= 1; i--) {
      const seg = segments[i]!;
      if (seg.every(isSuffix)) {
        suffixSegments.unshift(seg.join(' '));
        segments.splice(i, 1);
      }
    }

    let parsed: Parsed;
    if (segments.length === 1) parsed = parsePlain(run, segments[0]!);
    else if (segments.length === 2) parsed = parseComma(run, segments[0]!, segments[1]!);
    // More than one comma between names: only re-case.
    else parsed = { value: segments.map((seg) => caseSeq(run, seg, false).join(' ')).join(', ') };

    let value = parsed.value;
    const suffix = run.suffix.map((s) => caseSuffixText(s, smart));
    if (honorifics) suffix.push(...suffixSegments.map((s) => caseSuffixText(s, smart)));
    else if (suffixSegments.length > 0) value += ', ' + suffixSegments.map((s) => caseSuffixText(s, smart)).join(', ');

    const set: Record<string, string> = {};
    if (run.salutation.length > 0) set['salutation'] = run.salutation.map(canonSalutation).join(' ');
    if (suffix.length > 0) set['suffix'] = suffix.join(', ');
    const parts = parsed.parts;
    if (parts !== undefined) {
      if (parts.first) set['first_name'] = parts.first;
      if (parts.middle) set['middle_name'] = parts.middle;
      if (parts.last) set['last_name'] = parts.last;
    }
    return Object.keys(set).length > 0 ? { value, set } : { value };
  }
}

function capFirst(s: string): string {
  const c = s[0];
  return c === undefined ? s : c.toUpperCase() + s.slice(1);
}

/** A suffix segment of several words ("Jr. PhD"), each spelled canonically in smart mode. */
function caseSuffixText(s: string, smart: boolean): string {
  if (!smart) return s;
  return s
    .split(' ')
    .map((t) => SUFFIXES.get(lower(t)) ?? t)
    .join(' ');
}

export const nameNormalizer: NormalizerDefinition<NameOptions> = {
  name: 'name',
  description:
    "Person names: re-cases ALL CAPS and all lower-case names (McDonald, O'Brien, van der Berg), moves honorifics and suffixes to salutation and suffix, and splits full names into first, middle and last names (Western, \"Last, First\", Chinese and Korean).",
  options: nameOptions,
  create,
};
