import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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

export function parseRuleText(file: string, text: string, displayFile: string): { source?: RuleSource; issues: RuleIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const issues: RuleIssue[] = [];
  for (const error of doc.errors) {
    const line = error.linePos?.[0]?.line;
    const message = error.message.split('\n')[0] ?? error.message;
    issues.push({ path: '', message: `not valid YAML or JSON: ${message.replace(/ at line \d+, column \d+:?$/, '')}`, file: displayFile, ...(line ? { line } : {}) });
  }
  if (issues.length > 0) return { issues };
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const lineOf = (path: readonly (string | number)[]) => findLine(doc, lineCounter, path);
  const isPlainScalar = (path: readonly (string | number)[]) => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    return isScalar(node) && node.type === 'PLAIN';
  };
  return { source: { file: displayFile, value, lineOf, isPlainScalar }, issues };
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
