import type { IncomingHttpHeaders } from 'node:http';
import type { CacheHints } from './types.ts';

/** Server hints about when to come back, in ms from `now`; the schedule policy clamps them. */
export function parseCacheHints(headers: IncomingHttpHeaders, now: number = Date.now()): CacheHints {
  // Dates in Expires / Retry-After are on the server's clock: measure them against its Date header.
  const serverNow = parseHttpDate(headers.date) ?? now;
  return { maxAgeMs: freshness(headers, serverNow), retryAfterMs: retryAfter(headers['retry-after'], serverNow) };
}

function freshness(headers: IncomingHttpHeaders, serverNow: number): number | null {
  const maxAge = headers['cache-control']?.match(/(?:^|[,\s])max-age\s*=\s*"?(\d+)/i);
  if (maxAge?.[1]) return Number(maxAge[1]) * 1000;
  const expires = headers.expires;
  if (expires === undefined) return null;
  // An unparseable Expires ("0", "-1") means "already stale" (RFC 9111 §5.3).
  const at = parseHttpDate(expires);
  return at === null ? 0 : Math.max(0, at - serverNow);
}

function retryAfter(value: string | undefined, serverNow: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = parseHttpDate(trimmed);
  return at === null ? null : Math.max(0, at - serverNow);
}

function parseHttpDate(value: string | undefined): number | null {
  if (!value || !/[a-z]/i.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}
