import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { RuleIssue } from '../errors.js';

/** A parsed rule file that can still answer "which line is this path on?". */
export interface RuleSource {
  readonly file: string;
  readonly value: unknown;
  /** Line of the deepest existing node on the path, and how many segments of the path matched. */
  lineOf(path: readonly (string | number)[]): { line: number; depth: number } | undefined;
  /** Whether the value at the path was written as an unquoted scalar (`max: 10`, not `max: "10"`). */
  isPlainScalar(path: readonly (string | number)[]): boolean;
}

/** Syntax errors reported from one file: past these, the rest say nothing new (and a broken file can hold 100,000s). */
const MAX_SYNTAX_ISSUES = 20;
/** Aliases a rule file may expand: honest files use a few; a "billion laughs" file needs millions. */
const MAX_ALIAS_COUNT = 100;

/**
 * A rule file's bytes as text: UTF-8 (a BOM allowed), or UTF-16 with its BOM (what some Windows editors save).
 * Bytes that are not UTF-8 are a problem to report, not a U+FFFD to slip into a column name.
 */
export function decodeRuleBytes(bytes: Uint8Array): { text: string } | { problem: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { text: new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes) };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\uFFFD');
    const line = text.slice(0, at).split('\n').length;
    return { problem: `not valid UTF-8 (first bad byte on line ${line}); save the rule file as UTF-8` };
  }
}

export function parseRuleText(file: string, text: string, displayFile: string): { source?: RuleSource; issues: RuleIssue[] } {
  const lineCounter = new LineCounter();
  // yaml's own uniqueKeys check compares every key with every other (minutes on a 60,000-key file): keys are
  // checked below with a set per mapping instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const issues: RuleIssue[] = [];
  const syntax = (message: string, offset: number | undefined) => {
    const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
    issues.push({ path: '', message: `not valid YAML or JSON: ${message}`, file: displayFile, ...(line ? { line } : {}) });
  };
  for (const error of doc.errors.slice(0, MAX_SYNTAX_ISSUES)) {
    const message = error.message.split('\n')[0] ?? error.message;
    syntax(message.replace(/ at line \d+, column \d+:?$/, ''), error.pos[0]);
  }
  if (doc.errors.length > MAX_SYNTAX_ISSUES) syntax(`… and ${doc.errors.length - MAX_SYNTAX_ISSUES} more errors after these`, undefined);
  if (issues.length === 0) for (const duplicate of duplicateKeys(doc).slice(0, MAX_SYNTAX_ISSUES)) syntax(`the key "${duplicate.key}" is written twice in one mapping (map keys must be unique)`, duplicate.offset);
  if (issues.length > 0) return { issues };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // An alias bomb (or an alias to an anchor that is not there) is refused before it is expanded.
    const message = error instanceof Error ? error.message : String(error);
    const bomb = /excessive alias count/i.test(message);
    syntax(bomb ? `its aliases (*name) would expand to too many nodes (a resource exhaustion attack?); at most ${MAX_ALIAS_COUNT} alias expansions are allowed` : message, undefined);
    return { issues };
  }
  const lineOf = (path: readonly (string | number)[]) => findLine(doc, lineCounter, path);
  const isPlainScalar = (path: readonly (string | number)[]) => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    return isScalar(node) && node.type === 'PLAIN';
  };
  return { source: { file: displayFile, value, lineOf, isPlainScalar }, issues };
}

/** Keys written twice in one mapping, in document order, found with one set per mapping (linear, not quadratic). */
function duplicateKeys(doc: Document): { key: string; offset: number | undefined }[] {
  const found: { key: string; offset: number | undefined }[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (key === null || typeof key === 'object') continue;
        if (seen.has(key)) found.push({ key: String(key), offset: (pair.key as Node | null)?.range?.[0] });
        seen.add(key);
      }
    },
  });
  return found;
}

/** The line of the deepest node on `path` that exists (a key's own line for map entries). */
function findLine(doc: Document, counter: LineCounter, path: readonly (string | number)[]): { line: number; depth: number } | undefined {
  let node: unknown = doc.contents;
  let depth = 0;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
      depth += 1;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
      depth += 1;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : { line: counter.linePos(offset).line, depth };
}
