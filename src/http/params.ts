import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { StoryFilter } from '../model/story.ts';
import { HttpError } from './errors.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
export const MAX_Q = 200;

/** A single string parameter; repeated (`?q=a&q=b`) or nested (`?q[x]=1`) forms are errors, not guesses. */
function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, `parameter "${name}" must be given once, as plain text`);
  return v;
}

/** Comma-separated ids, each once and sorted: `b,a,a` and `a,b` are one filter (and one cache entry). */
function list(req: Request, name: string, known?: ReadonlySet<string>): string[] | undefined {
  const v = single(req, name);
  if (v === undefined) return undefined;
  const values = [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))].sort();
  if (values.length === 0) throw new HttpError(400, `parameter "${name}" is empty`);
  if (known) {
    const unknown = values.filter((x) => !known.has(x));
    if (unknown.length) throw new HttpError(400, `unknown ${name}: ${unknown.join(', ')}`);
  }
  return values;
}

function instant(req: Request, name: string): string | undefined {
  const v = single(req, name);
  if (v === undefined) return undefined;
  // ISO 8601 date or date-time; a bare date means midnight UTC.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    throw new HttpError(400, `parameter "${name}" must be an ISO 8601 date or date-time, e.g. 2024-07-04 or 2024-07-04T08:00:00Z`);
  }
  const t = Date.parse(/[T ]\d{2}:\d{2}/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v}Z` : v);
  const [y, m, d] = v.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y!, m! - 1, d!));
  // Date.parse rolls 2024-02-30 over to March; a calendar date that does not exist is an error.
  if (Number.isNaN(t) || day.getUTCMonth() !== m! - 1 || day.getUTCDate() !== d) throw new HttpError(400, `parameter "${name}" is not a real date: ${v}`);
  return new Date(t).toISOString();
}

function limit(req: Request, fallback: number): number {
  const v = single(req, 'limit');
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_LIMIT) {
    throw new HttpError(400, `parameter "limit" must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return Number(v);
}

type Sort = NonNullable<StoryFilter['sort']>;

function sort(req: Request, q: string | undefined, fallback: 'relevance' | 'date'): Sort {
  const v = single(req, 'sort');
  if (v === undefined) return q ? fallback : 'date';
  if (v !== 'relevance' && v !== 'date' && v !== 'hot') throw new HttpError(400, 'parameter "sort" must be "relevance", "date" or "hot"');
  if (v === 'relevance' && !q) throw new HttpError(400, '"sort=relevance" needs a search: give "q" too');
  return v;
}

/**
 * Where the next page starts: a keyset position in date order, a rank offset for one query in relevance order, or a
 * rank offset in hot order.
 */
export type Cursor =
  | { kind: 'date'; publishedAt: string; id: number }
  | { kind: 'relevance'; offset: number; query: string }
  | { kind: 'hot'; offset: number };

const queryKey = (q: string) => createHash('sha1').update(q).digest('base64url').slice(0, 10);

export function encodeCursor(c: Cursor): string {
  const value = c.kind === 'date' ? [c.publishedAt, c.id] : c.kind === 'hot' ? ['h', c.offset] : ['r', c.offset, queryKey(c.query)];
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const BAD_CURSOR = 'parameter "cursor" is not a cursor this server gave out';

function readCursor(v: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as unknown[];
    const [a, b, c] = value;
    if (a === 'h' && Number.isInteger(b) && (b as number) > 0) return { kind: 'hot', offset: b as number };
    if (a === 'r' && Number.isInteger(b) && (b as number) > 0 && typeof c === 'string') return { kind: 'relevance', offset: b as number, query: c };
    if (typeof a === 'string' && !Number.isNaN(Date.parse(a)) && Number.isInteger(b)) return { kind: 'date', publishedAt: a, id: b as number };
  } catch {
    // fall through to the 400
  }
  throw new HttpError(400, BAD_CURSOR);
}

/** Apply a cursor to a filter; a cursor from another ordering or another search is a 400, not a wrong page. */
function applyCursor(filter: StoryFilter, v: string): void {
  const c = readCursor(v);
  if (c.kind === 'hot') {
    if (filter.sort !== 'hot') throw new HttpError(400, 'this cursor pages a hot listing; add sort=hot or drop the cursor');
    filter.offset = c.offset;
    return;
  }
  if (filter.sort === 'hot') throw new HttpError(400, 'this cursor does not page a hot listing; drop sort=hot or the cursor');
  if (c.kind === 'date') {
    if (filter.sort === 'relevance') throw new HttpError(400, 'this cursor pages a date-ordered listing; add sort=date or drop the cursor');
    filter.after = { publishedAt: c.publishedAt, id: c.id };
    return;
  }
  if (filter.sort !== 'relevance') throw new HttpError(400, 'this cursor pages results by relevance; repeat the same q (and sort=relevance)');
  if (c.query !== queryKey(filter.q ?? '')) throw new HttpError(400, 'this cursor belongs to a different search: repeat the same q');
  filter.offset = c.offset;
}

/** The cursor for the page after `shown` stories of `filter`, whose last story is `last`. */
export function nextCursor(filter: StoryFilter, last: { publishedAt: string; id: number }): string {
  if (filter.sort === 'hot') return encodeCursor({ kind: 'hot', offset: (filter.offset ?? 0) + filter.limit });
  return filter.sort === 'relevance'
    ? encodeCursor({ kind: 'relevance', offset: (filter.offset ?? 0) + filter.limit, query: filter.q ?? '' })
    : encodeCursor({ kind: 'date', publishedAt: last.publishedAt, id: last.id });
}

export interface KnownIds {
  tags: ReadonlySet<string>;
  sources: ReadonlySet<string>;
}

export interface FilterOptions {
  /** Whether `cursor` is accepted (API and web page) or not (feeds: a reader wants the latest). */
  cursor: boolean;
  /** Order when `q` is given and `sort` is not: relevance for the API and the page, date for feeds. */
  searchOrder?: 'relevance' | 'date';
  defaultLimit?: number;
}

/** The listing filters every feed and API endpoint accepts, validated: a bad value is a 400 that says what is wrong. */
export function parseStoryFilter(req: Request, known: KnownIds, opts: FilterOptions): StoryFilter {
  // Terms are what a search matches: spacing between them means nothing.
  const q = single(req, 'q')?.split(/\s+/).filter(Boolean).join(' ');
  if (q !== undefined && [...q].length > MAX_Q) throw new HttpError(400, `parameter "q" is longer than ${MAX_Q} characters`);
  const filter: StoryFilter = {
    tags: list(req, 'tag', known.tags),
    sources: list(req, 'source', known.sources),
    q: q || undefined,
    since: instant(req, 'since'),
    until: instant(req, 'until'),
    limit: limit(req, opts.defaultLimit ?? DEFAULT_LIMIT),
    sort: sort(req, q || undefined, opts.searchOrder ?? 'relevance'),
  };
  if (filter.since && filter.until && filter.since >= filter.until) throw new HttpError(400, '"since" must be before "until"');
  const c = single(req, 'cursor');
  if (c !== undefined) {
    if (!opts.cursor) throw new HttpError(400, 'feeds list the latest stories and take no "cursor": use /api/items to page');
    applyCursor(filter, c);
  }
  return filter;
}

/**
 * The filter as query parameters, in one fixed order, with defaults left out: the response cache's key and the query of
 * the links a listing gives (self links, the next page). Only what parseStoryFilter understood is in it, so a parameter
 * it ignores (a reader's cache-buster, `utm_source`) neither makes a new cache entry nor shows up in a link.
 */
export function canonicalParams(filter: StoryFilter, opts: FilterOptions): URLSearchParams {
  const p = new URLSearchParams();
  if (filter.tags) p.set('tag', filter.tags.join(','));
  if (filter.sources) p.set('source', filter.sources.join(','));
  if (filter.q) p.set('q', filter.q);
  if (filter.sort && filter.sort !== (filter.q ? (opts.searchOrder ?? 'relevance') : 'date')) p.set('sort', filter.sort);
  if (filter.since) p.set('since', filter.since);
  if (filter.until) p.set('until', filter.until);
  if (filter.limit !== (opts.defaultLimit ?? DEFAULT_LIMIT)) p.set('limit', String(filter.limit));
  if (filter.after) p.set('cursor', encodeCursor({ kind: 'date', ...filter.after }));
  else if (filter.offset && filter.sort === 'hot') p.set('cursor', encodeCursor({ kind: 'hot', offset: filter.offset }));
  else if (filter.offset) p.set('cursor', encodeCursor({ kind: 'relevance', offset: filter.offset, query: filter.q ?? '' }));
  return p;
}

/** `?tag=ai&limit=5`, or '' when the filter is all defaults. */
export function canonicalQuery(filter: StoryFilter, opts: FilterOptions): string {
  const qs = canonicalParams(filter, opts).toString();
  return qs ? `?${qs}` : '';
}
