import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { crossChecks } from './cross-checks.ts';
import { formatPath, lineColumn, scanJson, type JsonMap } from './json-locate.ts';
import { resolveConfig } from './resolve.ts';
import { configSchema, type Config } from './schema.ts';

export { formatPath };

/**
 * One problem in feeds.json: the JSON path it concerns (`sources[2].url`) and what is wrong. Read from a file's text
 * (loadConfig, validateConfigText), it also says where: the id of the source, tag or output it is in (when that
 * entry has one) and the line and column.
 */
export interface ConfigProblem {
  path: string;
  message: string;
  id?: string;
  line?: number;
  column?: number;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Entries whose problems are shown with the entry's id beside its index: `sources[13] (id "qbitai").url`. */
const WITH_IDS = new Set(['sources', 'tags', 'outputs']);

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  return issue.message;
}

interface Found {
  path: PropertyKey[];
  message: string;
  /** A key the problem is about (an unknown one): located at the key, not at its object. */
  key?: string;
  offset?: number;
}

/** The id of the entry a path is in, read from the document as written. */
function entryId(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  const [list, index] = path;
  if (typeof list !== 'string' || !WITH_IDS.has(list) || typeof index !== 'number') return undefined;
  const entry = (raw as Record<string, unknown> | null)?.[list];
  const id = Array.isArray(entry) ? (entry[index] as { id?: unknown } | null)?.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Where a problem is: its key, else its value, else the nearest enclosing value that exists (a missing key's object). */
function offsetOf(map: JsonMap, f: Found): number | undefined {
  if (f.offset !== undefined) return f.offset;
  if (f.key !== undefined) {
    const at = map.keys.get(formatPath([...f.path, f.key]));
    if (at !== undefined) return at;
  }
  for (let n = f.path.length; n >= 0; n--) {
    const at = map.values.get(formatPath(f.path.slice(0, n)));
    if (at !== undefined) return at;
  }
  return undefined;
}

function check(raw: unknown, located?: { text: string; map: JsonMap }): ConfigResult {
  const parsed = configSchema.safeParse(raw);
  const found: Found[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      found.push({ path: issue.path, message: describeIssue(issue), key: issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined });
    }
  }
  found.push(...crossChecks(raw));
  for (const r of located?.map.repeated ?? []) {
    found.push({ path: r.path, message: `key "${r.key}" is given twice in one object; only the last counts`, offset: r.offset });
  }
  if (found.length === 0 && parsed.success) return { ok: true, config: resolveConfig(parsed.data) };

  const problems = found.map((f) => {
    const problem: ConfigProblem & { offset?: number } = { path: formatPath(f.path), message: f.message };
    if (!located) return problem;
    const id = entryId(raw, f.path);
    if (id !== undefined) problem.id = id;
    const offset = offsetOf(located.map, f);
    if (offset !== undefined) Object.assign(problem, lineColumn(located.text, offset), { offset });
    return problem;
  });
  // In the order a person reads the file.
  problems.sort((a, b) => (a.offset ?? -1) - (b.offset ?? -1));
  return { ok: false, problems: problems.map(({ offset: _offset, ...p }) => p) };
}

/** Validate a parsed JSON value as a huiju config (every problem at once, each with its JSON path), resolved. */
export function validateConfig(value: unknown): ConfigResult {
  return check(value);
}

/** Why a file could not be read, in words: `no such file (ENOENT)` rather than a bare code. */
export function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a directory, not a file',
    ENOTDIR: 'a part of the path is not a directory',
  };
  const said = code ? words[code] : undefined;
  return said ? `${said} (${code})` : (err as Error).message;
}

/**
 * Parse and validate the text of a feeds.json (`name` is how messages call it), locating each problem: the id of the
 * entry it is in, and its line and column.
 */
export function validateConfigText(text: string, name: string): ConfigResult {
  const scan = scanJson(text);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    // The scanner says where and why in words; JSON.parse's own message is the fallback should the two ever disagree.
    const reason = scan.ok ? (err as Error).message : scan.message;
    const at = scan.ok ? {} : lineColumn(text, scan.offset);
    return { ok: false, problems: [{ path: '(file)', message: `${name} is not valid JSON: ${reason}`, ...at }] };
  }
  return check(value, scan.ok ? { text, map: scan.map } : undefined);
}

/** Read, parse and validate a feeds.json file, locating each problem. Never throws. */
export function loadConfig(file: string): ConfigResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, problems: [{ path: '(file)', message: `cannot read ${file}: ${describeReadError(err)}` }] };
  }
  return validateConfigText(text, file);
}

/** One line per problem: `  88:14  sources[13] (id "qbitai").url: must be an absolute http(s) URL`. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) => {
      const where = p.line !== undefined ? `${p.line}:${p.column}  ` : '';
      const path = p.id !== undefined ? p.path.replace(/^(\w+\[\d+\])/, `$1 (id ${JSON.stringify(p.id)})`) : p.path;
      return `  ${where}${path}: ${p.message}`;
    })
    .join('\n');
}
