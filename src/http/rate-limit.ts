import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

export interface RateLimitOptions {
  /** Sustained requests per minute per client address; 0 turns the limit off. */
  perMinute: number;
  /** Requests a client may make at once before the sustained rate applies. */
  burst: number;
  /** Leave loopback clients (local use, tests, a reverse proxy not declared with trustProxy) unlimited. */
  exemptLoopback: boolean;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Buckets kept at most; past that, full (idle) ones are forgotten first. */
const MAX_CLIENTS = 10_000;

/**
 * A token bucket per client address (req.ip, which honours `http.trustProxy`). Options are read on every request, so
 * a config reload applies at once. A refused request gets 429 with Retry-After and the usual JSON error.
 */
export function rateLimit(options: () => RateLimitOptions, onLimited: () => void = () => {}, now = () => Date.now()): RequestHandler & { clients(): number } {
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refill = (b: { tokens: number; at: number }, o: RateLimitOptions, t: number) => {
    b.tokens = Math.min(o.burst, b.tokens + ((t - b.at) / 60_000) * o.perMinute);
    b.at = t;
  };

  const sweep = (o: RateLimitOptions, t: number) => {
    for (const [ip, b] of buckets) {
      refill(b, o, t);
      if (b.tokens >= o.burst) buckets.delete(ip);
    }
    // Still full (a flood of distinct addresses): forget the longest-known ones; they start again with a full bucket.
    for (const ip of buckets.keys()) {
      if (buckets.size < MAX_CLIENTS * 0.9) break;
      buckets.delete(ip);
    }
  };

  const handler: RequestHandler = (req, res, next) => {
    const o = options();
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (o.perMinute <= 0 || (o.exemptLoopback && LOOPBACK.test(ip))) return next();
    const t = now();
    let b = buckets.get(ip);
    if (!b) {
      if (buckets.size >= MAX_CLIENTS) sweep(o, t);
      buckets.set(ip, (b = { tokens: o.burst, at: t }));
    } else {
      refill(b, o, t);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return next();
    }
    onLimited();
    res.set('Retry-After', String(Math.ceil(((1 - b.tokens) * 60) / o.perMinute)));
    next(new HttpError(429, `too many requests from ${ip}: at most ${o.perMinute} a minute`));
  };
  return Object.assign(handler, { clients: () => buckets.size });
}
