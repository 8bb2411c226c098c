import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { InputError, RulesError, type RuleIssue } from '../errors.js';
import { connectors, getConnector } from '../connectors/registry.js';
import { rulesSchema, type RulesParsed } from './schema.js';
import { decodeRuleBytes, parseRuleText, type RuleSource } from './yaml-source.js';
import { redactSecrets, urlPassword } from '../redact.js';
import { isScalar, parseDocument } from 'yaml';
import { suggest } from './suggest.js';
import { compareOptionKeys, explainCompareEntry } from './explain-compare.js';
import { normalizers } from '../normalizers/registry.js';
import type { ResolvedRules } from './resolved.js';
import { crossCheck, resolveRules } from './resolve.js';

/** Folder of the rule files shipped with steward (`extends: contacts`). */
export const shippedRulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules');

export interface LoadOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** The rule file's text, checked without a file on disk (init's draft); `file` still names it and places its relative paths. */
  readonly text?: string;
}

const stagesNotYetBuilt: string[] = [];

/** Parse, then normalize, then cross-check; every problem is collected and thrown together. */
export function loadRules(file: string, options: LoadOptions = {}): ResolvedRules {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const absolute = path.resolve(cwd, file);
  if (options.text === undefined && !existsSync(absolute)) {
    throw new InputError('RULES_NOT_FOUND', `rule file not found: ${file}`, { hint: `shipped rule files: ${listShipped().map((n) => `rules/${n}.yaml`).join(', ')}` });
  }
  if (options.text === undefined && !statSync(absolute).isFile()) throw new InputError('RULES_NOT_A_FILE', `the rule file ${file} is not a file (a YAML or JSON rule file is expected)`);
  const issues: RuleIssue[] = [];
  // Missing environment variables do not stop validation: the rest of the file is still checked.
  const envIssues: RuleIssue[] = [];
  const secrets: string[] = [];
  const chain: { source: RuleSource; dir: string; value: Record<string, unknown> }[] = [];
  let current: string | undefined = absolute;
  const seen = new Set<string>();
  while (current) {
    if (seen.has(current)) {
      issues.push({ path: 'extends', message: `extends makes a cycle through ${display(current, cwd)}`, file: display(chain.at(-1)?.source.file ?? current, cwd) });
      break;
    }
    seen.add(current);
    const displayFile = display(current, cwd);
    const decoded = current === absolute && options.text !== undefined ? { text: options.text } : decodeRuleBytes(readFileSync(current));
    if ('problem' in decoded) {
      issues.push({ path: '', message: decoded.problem, file: displayFile });
      break;
    }
    const parsed = parseRuleText(current, decoded.text, displayFile);
    issues.push(...parsed.issues);
    if (!parsed.source) break;
    const value = parsed.source.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ path: '', message: `a rule file must be a mapping of keys (job, source, fields, target), got ${describe(value)}`, file: displayFile, line: 1 });
      break;
    }
    const dir = path.dirname(current);
    const substituted = substituteEnv(value as Record<string, unknown>, [], env, secrets, (issue) => envIssues.push(withLine(issue, parsed.source!, displayFile)), parsed.source.isPlainScalar);
    // A shipped file's paths belong to the job that uses it: they resolve beside the job's rule file.
    const isShippedBase = chain.length > 0 && path.dirname(current) === shippedRulesDir;
    resolvePaths(substituted, isShippedBase ? chain[0]!.dir : dir);
    chain.push({ source: parsed.source, dir, value: substituted });
    const parent: unknown = substituted['extends'];
    current = undefined;
    if (typeof parent === 'string') {
      const target = resolveExtends(parent, dir);
      if (!target) {
        issues.push(
          withLine(
            { path: 'extends', message: `cannot find rule file "${parent}" to extend; shipped ones are ${listShipped().map((n) => `"${n}"`).join(', ')}, or give a path relative to this file` },
            parsed.source,
            displayFile,
          ),
        );
      } else {
        current = target;
      }
    }
  }
  const fail = (list: RuleIssue[]): never => {
    // A value from the environment may be a connection string: never echo it back.
    throw new RulesError(list.map((i) => ({ ...i, message: redactSecrets(i.message, secrets) })));
  };
  // A base that cannot be loaded (missing, a cycle, bad YAML) does not hide the job's own problems: its
  // content is still checked, without the checks that need what the base would have added.
  const baseBroken = issues.length > 0;
  if (chain.length === 0) fail([...issues, ...envIssues]);
  issues.push(...envIssues);
  const envPaths = new Set(envIssues.map((i) => i.path));

  let merged: Record<string, unknown> = {};
  for (const link of [...chain].reverse()) merged = mergeRuleFiles(merged, link.value);
  // The job and extends of a base file are not inherited by name: a job names itself.
  merged['extends'] = chain[0]!.value['extends'];
  if (chain[0]!.value['job'] === undefined) delete merged['job'];

  const sources = chain.map((c) => c.source);
  const locate = (p: readonly (string | number)[]) => locateIn(sources, p);
  const report = (p: (string | number)[], message: string) => issues.push({ path: p.join('.'), message, ...locate(p) });
  const result = rulesSchema.safeParse(merged);
  if (!result.success) {
    for (const zodIssue of result.error.issues) {
      if (baseBroken && inheritable(zodIssue, merged)) continue;
      issues.push(...explainZodIssue(zodIssue, merged, sources).filter((i) => !envPaths.has(i.path)));
    }
    // The cross-checks still run on what was written, so every problem is reported at once.
    try {
      if (!baseBroken) crossCheck(merged as unknown as RulesParsed, report);
    } catch {
      // Too malformed to cross-check: the schema's issues say enough.
    }
    checkNormalizers(merged, chain[0]!.dir, report, true);
    fail(sortIssues(dedupeIssues(issues), sources));
  }
  const parsedRules = (result as { data: RulesParsed }).data;
  if (!baseBroken) crossCheck(parsedRules, report);
  checkNormalizers(parsedRules, chain[0]!.dir, report, false);
  if (issues.length > 0) fail(sortIssues(dedupeIssues(issues), sources));
  // Fields the job's own file maps explicitly claim their columns before the shipped spellings do.
  const ownFields = chain[0]!.value['fields'];
  const explicit = new Set(
    ownFields && typeof ownFields === 'object' ? Object.entries(ownFields).filter(([, v]) => typeof v === 'string' || Array.isArray(v) || (v && typeof v === 'object' && 'from' in v)).map(([k]) => k) : [],
  );
  return resolveRules(parsedRules, { file: absolute, dir: chain[0]!.dir, files: chain.map((c) => c.source.file), secrets, explicit });
}

/**
 * The normalizers' own load-time checks (a map file that does not exist), so `check` finds what `run` would.
 * Lookup files resolve beside the job's rule file, as resolveRules does. Unparsed options are checked only
 * when they pass the normalizer's schema.
 */
function checkNormalizers(rules: unknown, dir: string, report: (p: (string | number)[], message: string) => void, unparsed: boolean): void {
  const fields = isPlainObject(rules) ? rules['fields'] : undefined;
  if (!isPlainObject(fields)) return;
  for (const [field, entry] of Object.entries(fields)) {
    const steps = isPlainObject(entry) ? entry['normalize'] : undefined;
    if (!Array.isArray(steps)) continue;
    steps.forEach((step: unknown, i) => {
      if (!isPlainObject(step)) return;
      const [name, ...others] = Object.keys(step);
      const definition = normalizers.find((n) => n.name === name);
      if (!name || others.length > 0 || !definition?.check) return;
      let options: unknown = step[name];
      if (unparsed) {
        const parsed = definition.options.safeParse(options);
        if (!parsed.success) return;
        options = parsed.data;
      }
      for (const issue of definition.check(options, { dir })) report(['fields', field, 'normalize', i, name, ...issue.path], issue.message);
    });
  }
}

/**
 * Problems found after loading (the target database's own check), as rule issues at their lines in the job's
 * rule file, so they read like every other problem with it.
 */
export function locateRuleIssues(file: string, problems: readonly { readonly path: readonly (string | number)[]; readonly message: string }[], cwd = process.cwd()): RuleIssue[] {
  const displayFile = display(file, cwd);
  const { source } = parseRuleText(file, readFileSync(file, 'utf8'), displayFile);
  const issues = problems.map((problem): RuleIssue => {
    const line = source?.lineOf(problem.path)?.line;
    return { path: problem.path.join('.'), message: problem.message, file: displayFile, ...(line ? { line } : {}) };
  });
  return source ? sortIssues(issues, [source]) : issues;
}

/** Something missing that a base file could have given (anything but the job's own name). */
function inheritable(issue: z.core.$ZodIssue, root: unknown): boolean {
  return issue.code === 'invalid_type' && valueAt(root, issue.path) === undefined && issue.path.join('.') !== 'job';
}

function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function describe(value: unknown): string {
  if (value === null) return 'an empty file';
  if (Array.isArray(value)) return 'a list';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function listShipped(): string[] {
  return ['contacts', 'companies'].filter((n) => existsSync(path.join(shippedRulesDir, `${n}.yaml`)));
}

function resolveExtends(name: string, dir: string): string | undefined {
  const candidates = /[\\/]|\.(ya?ml|json)$/i.test(name) ? [path.resolve(dir, name)] : [path.join(shippedRulesDir, `${name}.yaml`), path.resolve(dir, `${name}.yaml`)];
  return candidates.find((c) => existsSync(c));
}

function withLine(issue: { path: string; message: string; at?: readonly (string | number)[] }, source: RuleSource, file: string): RuleIssue {
  const line = source.lineOf(issue.at ?? issue.path.split('.').filter(Boolean))?.line;
  return { path: issue.path, message: issue.message, file, ...(line ? { line } : {}) };
}

const ENV_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_ENV = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;
// Names that say "this value is a credential": env vars like CRM_PASSWORD or DATABASE_URL, keys like api_token.
const SECRET_ENV_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|DSN|_URL$|^URL$|_KEY$|^KEY$/i;
const SECRET_KEY_NAME = /password|passwd|secret|token|dsn|url|(?:^|[_-])key$|apikey/i;

/**
 * `${NAME}` and `${NAME:-default}` in string values. An unquoted scalar that is exactly one `${…}` is read
 * as YAML after substitution (`max_rejects: ${MAXR}` gives a number); inside longer text it stays text.
 * Only secret-looking values are remembered as secrets: `true` or `10` must not be masked in every message.
 */
function substituteEnv(
  value: Record<string, unknown>,
  at: (string | number)[],
  env: Readonly<Record<string, string | undefined>>,
  secrets: string[],
  report: (issue: { path: string; message: string; at: (string | number)[] }) => void,
  isPlainScalar: (path: readonly (string | number)[]) => boolean = () => false,
): Record<string, unknown> {
  const walk = (node: unknown, p: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      const substituted: string[] = [];
      let fromSecretName = false;
      const text = node.replace(ENV_PATTERN, (_all, name: string, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined && found !== '') {
          substituted.push(found);
          if (SECRET_ENV_NAME.test(name)) fromSecretName = true;
          return found;
        }
        if (fallback !== undefined) return fallback;
        report({ path: p.join('.'), message: `environment variable ${name} is not set (write \${${name}:-default} for a default)`, at: p });
        return '';
      });
      if (substituted.length === 0) return text === node ? node : typed(node, text, p);
      const key = p.at(-1);
      const underSecretKey = typeof key === 'string' && SECRET_KEY_NAME.test(key);
      if (fromSecretName || underSecretKey) secrets.push(...substituted);
      // A connection string built from parts: its password is secret whatever the variables are called.
      const password = urlPassword(text);
      if (password !== undefined && substituted.some((s) => s.includes(password) || password.includes(s) || urlPassword(s) !== undefined)) {
        secrets.push(password);
        const raw = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s:]*:([^/?#\s]*)@/i.exec(text)?.[1] ?? /[?&]password=([^&#\s]*)/i.exec(text)?.[1];
        if (raw && raw !== password) secrets.push(raw);
      }
      return typed(node, text, p);
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...p, i]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...p, k])]));
    }
    return node;
  };
  const typed = (written: string, text: string, p: (string | number)[]): unknown => {
    if (text === '' || !WHOLE_ENV.test(written) || !isPlainScalar(p)) return text;
    return readScalar(text);
  };
  return walk(value, at) as Record<string, unknown>;
}

/** Text read as one YAML scalar (10 → number, true → boolean); anything else (a mapping, a list, bad YAML) stays text. */
function readScalar(text: string): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isScalar(doc.contents)) return text;
  return doc.contents.value;
}

/** File locations are relative to the rule file that wrote them. */
function resolvePaths(value: Record<string, unknown>, dir: string): void {
  for (const section of ['source', 'target']) {
    const block = value[section];
    if (!block || typeof block !== 'object' || Array.isArray(block)) continue;
    for (const connector of connectors) {
      const location = (block as Record<string, unknown>)[connector.kind];
      if (connector.isFile && typeof location === 'string' && location !== '') {
        (block as Record<string, unknown>)[connector.kind] = path.resolve(dir, location);
      }
    }
  }
  if (typeof value['workspace'] === 'string' && value['workspace'] !== '') value['workspace'] = path.resolve(dir, value['workspace']);
}

/** A file that names its own source or target connector replaces the base's location, keeping its options. */
function mergeRuleFiles(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const next = { ...base };
  for (const section of ['source', 'target']) {
    const mine = override[section];
    const theirs = next[section];
    if (!isPlainObject(mine) || !isPlainObject(theirs)) continue;
    if (!connectors.some((c) => typeof mine[c.kind] === 'string')) continue;
    next[section] = Object.fromEntries(Object.entries(theirs).filter(([key]) => !connectors.some((c) => c.kind === key) && key !== 'table'));
  }
  return deepMerge(next, override) as Record<string, unknown>;
}

/** Objects merge key by key; anything else (lists included) is replaced; null removes the key. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
      if (value === null) delete out[key];
      else out[key] = deepMerge(out[key], value);
    }
    return out;
  }
  return override === undefined ? base : override;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function locateIn(sources: readonly RuleSource[], p: readonly (string | number)[]): { file?: string; line?: number } {
  let best: { file: string; line: number; depth: number } | undefined;
  for (const source of sources) {
    const found = source.lineOf(p);
    if (found && (!best || found.depth > best.depth)) best = { file: source.file, line: found.line, depth: found.depth };
  }
  return best ? { file: best.file, line: best.line } : { file: sources[0]?.file ?? '' };
}

function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of p) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment as string];
  }
  return node;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Zod's issue, said the way a person fixing a rule file needs it: what is wrong, what is allowed, what was given. */
function explainZodIssue(issue: z.core.$ZodIssue, root: unknown, sources: readonly RuleSource[]): RuleIssue[] {
  const p = issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s));
  const given = valueAt(root, issue.path);
  const at = (segments: (string | number)[], message: string): RuleIssue => ({ path: segments.join('.'), message, ...locateIn(sources, segments) });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const parent = valueAt(root, issue.path);
      const allowed = normalizerOptionKeys(issue.path) ?? compareOptionKeys(issue.path, parent) ?? allowedKeysAt(issue.path);
      return issue.keys.map((key) => {
        if (p.length === 0 && stagesNotYetBuilt.includes(key)) {
          return at([key], `the ${key} stage is not available in this version of steward yet; remove this section`);
        }
        const hint = allowed ? suggest(key, allowed) : undefined;
        const allowedText = allowed ? `; allowed: ${allowed.join(', ')}` : '';
        void parent;
        return at([...p, key], `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : allowedText}`);
      });
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const hint = typeof given === 'string' ? suggest(given, issue.values.map(String)) : undefined;
      return [at(p, `must be one of ${allowed.join(', ')}, got ${show(given)}${hint ? `; did you mean "${hint}"?` : ''}`)];
    }
    case 'invalid_type': {
      // Something missing is missing from the job's own file, whatever a base file has at that path.
      // At the line of the nearest key that is there (soft_delete: { colum: merged } -> that line), else 1.
      if (given === undefined) return [{ path: p.join('.'), message: `is required (${article(issue.expected)})`, file: sources[0]?.file ?? '', line: sources[0]?.lineOf(p)?.line ?? 1 }];
      return [at(p, `must be ${article(issue.expected)}, got ${show(given)}`)];
    }
    case 'invalid_union': {
      const compare = explainCompareEntry(p, given);
      if (compare) return [at([...p, ...compare[0]], compare[1])];
      const step = explainNormalizerStep(p, given);
      if (typeof step === 'string') return [at(p, step)];
      if (step) {
        // A known normalizer with bad options: check them against that normalizer's own schema.
        return step.error.issues.flatMap((inner) => explainZodIssue({ ...inner, path: [...issue.path, step.name, ...inner.path] } as z.core.$ZodIssue, root, sources));
      }
      const expected = new Set<string>();
      for (const branch of issue.errors) for (const inner of branch) if (inner.path.length === 0 && inner.code === 'invalid_type') expected.add(inner.expected);
      const innerOnly = issue.errors.map((b) => b.filter((i) => i.path.length > 0)).filter((b) => b.length > 0);
      const givenIsMapping = given !== null && typeof given === 'object' && !Array.isArray(given);
      if (innerOnly.length > 0 && (expected.size === 0 || givenIsMapping)) {
        // One branch got deeper than the others: its issues are the useful ones.
        const deepest = innerOnly.sort((a, b) => a.length - b.length)[0]!;
        return deepest.flatMap((inner) => explainZodIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, root, sources));
      }
      const formats = issue.errors.flat().filter((i) => i.code !== 'invalid_type' && i.path.length === 0).map((i) => i.message);
      const kinds = [...expected].map(article);
      return [at(p, `must be ${[...kinds, ...formats].join(' or ') || 'a valid value'}, got ${show(given)}`)];
    }
    case 'invalid_key': {
      const key = String(p.at(-1));
      const inner = issue.issues[0]?.message ?? 'is not allowed';
      return [at(p, `the name "${key}" ${inner.replace(/^Invalid string: /, '')}`)];
    }
    case 'invalid_format':
    case 'too_small':
    case 'too_big':
    default:
      return [at(p, `${issue.message.replace(/^Invalid string: /, '')}, got ${show(given)}`)];
  }
}

/** A bad step in a field's normalize list, said plainly: which normalizer is unknown, and the closest one. */
function explainNormalizerStep(p: readonly (string | number)[], given: unknown): string | { name: string; error: z.ZodError } | undefined {
  if (p.length !== 4 || p[0] !== 'fields' || p[2] !== 'normalize') return undefined;
  const names = normalizers.map((n) => n.name);
  const name = typeof given === 'string' ? given : given && typeof given === 'object' && !Array.isArray(given) && Object.keys(given).length === 1 ? Object.keys(given)[0]! : undefined;
  if (name === undefined) return `a normalizer is a name or { name: { options } }, got ${show(given)}`;
  if (!names.includes(name)) {
    const hint = suggest(name, names);
    return `unknown normalizer "${name}"${hint ? `; did you mean "${hint}"?` : `; known: ${names.join(', ')}`}`;
  }
  if (typeof given === 'string') return `normalizer "${name}" needs options: { ${name}: { … } }`;
  const result = normalizers.find((n) => n.name === name)!.options.safeParse((given as Record<string, unknown>)[name]);
  return result.success ? undefined : { name, error: result.error };
}

function article(expected: string): string {
  const names: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping', record: 'a mapping', int: 'a whole number' };
  return names[expected] ?? expected;
}

/** The options a normalizer accepts, for a path like fields.phone.normalize.0.phone. */
function normalizerOptionKeys(p: readonly PropertyKey[]): string[] | undefined {
  if (p.length !== 5 || p[0] !== 'fields' || p[2] !== 'normalize') return undefined;
  const schema = normalizers.find((n) => n.name === p[4])?.options as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined;
  const shape = schema?._zod?.def?.shape;
  return shape ? Object.keys(shape) : undefined;
}

/** The keys a strict object accepts at a path, read from the schema itself. */
function allowedKeysAt(p: readonly PropertyKey[]): string[] | undefined {
  let schema: unknown = rulesSchema;
  for (const segment of p) {
    schema = unwrap(schema);
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return undefined;
    if (def['type'] === 'object') schema = (def['shape'] as Record<string, unknown>)[segment as string];
    else if (def['type'] === 'record') schema = def['valueType'];
    else return undefined;
    void segment;
  }
  schema = unwrap(schema);
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  if (def?.['type'] === 'object') return Object.keys(def['shape'] as Record<string, unknown>);
  return undefined;
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return current;
    if (def['type'] === 'optional' || def['type'] === 'default' || def['type'] === 'nullable') current = def['innerType'];
    else if (def['type'] === 'union') current = (def['options'] as unknown[]).find((o) => (o as { _zod?: { def?: { type?: string } } })._zod?.def?.type === 'object') ?? current;
    else return current;
    if (def['type'] === 'union') return current;
  }
  return current;
}

/** In reading order: file by file along the extends chain, then by line. */
function sortIssues(issues: RuleIssue[], sources: readonly RuleSource[]): RuleIssue[] {
  const order = new Map(sources.map((s, i) => [s.file, i]));
  return [...issues].sort((a, b) => (order.get(a.file ?? '') ?? 99) - (order.get(b.file ?? '') ?? 99) || (a.line ?? 0) - (b.line ?? 0));
}

function dedupeIssues(issues: RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.file}:${i.line}:${i.path}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export { getConnector };
