/**
 * Tiny dot paths into parsed JSON: `data.list`, `list[0].name` (= `list.0.name`), `groups.*.items` where `*`
 * stands for every element (or value) and flattens. Enough for API field mappings; not JSONPath.
 */

export type PathSegment = string | number | '*';

export function parsePath(path: string): PathSegment[] {
  return path
    .replace(/\[(\d+|\*)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (s === '*' ? '*' : /^\d+$/.test(s) ? Number(s) : s));
}

function step(value: unknown, segment: PathSegment): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  if (segment === '*') return Array.isArray(value) ? value : Object.values(value);
  if (Array.isArray(value)) return typeof segment === 'number' && segment < value.length ? [value[segment]] : [];
  return Object.hasOwn(value, segment) ? [(value as Record<string, unknown>)[String(segment)]] : [];
}

/** Every value the path reaches (several only when it contains `*`). */
export function selectAll(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const segment of parsePath(path)) current = current.flatMap((v) => step(v, segment));
  return current;
}

/** The first value the path reaches, or undefined. */
export function select(root: unknown, path: string): unknown {
  return selectAll(root, path)[0];
}

/**
 * How far a path gets before it leads nowhere, for error messages: `data.list` on `{data: {}}` → `"data"` exists,
 * `"list"` does not.
 */
export function describeMiss(root: unknown, path: string): string {
  const segments = parsePath(path);
  let current: unknown[] = [root];
  for (let i = 0; i < segments.length; i++) {
    const next = current.flatMap((v) => step(v, segments[i]!));
    if (next.length === 0) {
      const reached = segments.slice(0, i).join('.') || '(document root)';
      const sample = current[0];
      const kind = Array.isArray(sample) ? `an array of ${sample.length}` : sample === null ? 'null' : typeof sample === 'object' ? `an object with keys ${Object.keys(sample).slice(0, 8).join(', ') || '(none)'}` : `a ${typeof sample}`;
      return `"${String(segments[i])}" not found under ${reached}, which is ${kind}`;
    }
    current = next;
  }
  return 'path found';
}

/** One path, or fallbacks tried in order (`["originalContId", "contId"]`). */
export type FieldPath = string | readonly string[];

export function pathLabel(paths: FieldPath): string {
  return typeof paths === 'string' ? paths : paths.join(' | ');
}

/** The first value the path (or the first of the fallback paths) reaches that is not null or blank. */
export function selectFirst(root: unknown, paths: FieldPath): unknown {
  for (const path of typeof paths === 'string' ? [paths] : paths) {
    const value = select(root, path);
    if (value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '')) return value;
  }
  return undefined;
}

/** A JSON scalar as trimmed text; objects and arrays are not text. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
