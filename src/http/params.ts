import type { Request } from 'express';
import type { StoryFilter } from '../store/queries.ts';
import { HttpError } from './errors.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_Q = 200;

/** A single string parameter; repeated (`?q=a&q=b`) or nested (`?q[x]=1`) forms are errors, not guesses. */
function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, `parameter "${name}" must be given once, as plain text`);
  return v;
}

function list(req: Request, name: string, known?: ReadonlySet<string>): string[] | undefined {
  const v = single(req, name);
  if (v === undefined) return undefined;
  const values = v.split(',').map((s) => s.trim()).filter(Boolean);
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

function limit(req: Request): number {
  const v = single(req, 'limit');
  if (v === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_LIMIT) {
    throw new HttpError(400, `parameter "limit" must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return Number(v);
}

export function encodeCursor(position: { publishedAt: string; id: number }): string {
  return Buffer.from(JSON.stringify([position.publishedAt, position.id])).toString('base64url');
}

function cursor(req: Request): StoryFilter['after'] {
  const v = single(req, 'cursor');
  if (v === undefined) return undefined;
  try {
    const [publishedAt, id] = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as unknown[];
    if (typeof publishedAt === 'string' && !Number.isNaN(Date.parse(publishedAt)) && Number.isInteger(id)) {
      return { publishedAt, id: id as number };
    }
  } catch {
    // fall through to the 400
  }
  throw new HttpError(400, 'parameter "cursor" is not a cursor this server gave out');
}

export interface KnownIds {
  tags: ReadonlySet<string>;
  sources: ReadonlySet<string>;
}

/** The listing filters every feed and API endpoint accepts, validated: a bad value is a 400 that says what is wrong. */
export function parseStoryFilter(req: Request, known: KnownIds, opts: { cursor: boolean }): StoryFilter {
  const q = single(req, 'q')?.trim();
  if (q !== undefined && [...q].length > MAX_Q) throw new HttpError(400, `parameter "q" is longer than ${MAX_Q} characters`);
  const filter: StoryFilter = {
    tags: list(req, 'tag', known.tags),
    sources: list(req, 'source', known.sources),
    q: q || undefined,
    since: instant(req, 'since'),
    until: instant(req, 'until'),
    limit: limit(req),
    after: opts.cursor ? cursor(req) : undefined,
  };
  if (filter.since && filter.until && filter.since >= filter.until) throw new HttpError(400, '"since" must be before "until"');
  return filter;
}
