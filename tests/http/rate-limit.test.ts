import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http/errors.ts';
import { rateLimit, type RateLimitOptions } from '../../src/http/rate-limit.ts';

/** Drive the middleware with a fake clock: refill is arithmetic on time, which a real clock would make flaky. */
function harness(options: RateLimitOptions) {
  let t = 0;
  const limiter = rateLimit(() => options, () => {}, () => t);
  const hit = (ip: string) => {
    const headers: Record<string, string> = {};
    let outcome: 'ok' | number = 'ok';
    const res = { set: (k: string, v: string) => (headers[k] = v) } as unknown as Response;
    limiter({ ip, socket: {} } as unknown as Request, res, (err?: unknown) => {
      if (err instanceof HttpError) outcome = err.status;
    });
    return { outcome, retryAfter: headers['Retry-After'] };
  };
  return { limiter, hit, advance: (ms: number) => (t += ms) };
}

describe('token bucket', () => {
  it('refills at perMinute and never beyond burst', () => {
    const { hit, advance } = harness({ perMinute: 60, burst: 2, exemptLoopback: true });
    expect([hit('a').outcome, hit('a').outcome, hit('a').outcome]).toEqual(['ok', 'ok', 429]);
    expect(hit('a').retryAfter).toBe('1');
    advance(1000);
    expect([hit('a').outcome, hit('a').outcome]).toEqual(['ok', 429]);
    advance(60_000);
    expect([hit('a').outcome, hit('a').outcome, hit('a').outcome]).toEqual(['ok', 'ok', 429]);
  });

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('exempts loopback %s', (ip) => {
    const { hit } = harness({ perMinute: 1, burst: 1, exemptLoopback: true });
    for (let i = 0; i < 5; i++) expect(hit(ip).outcome).toBe('ok');
  });

  it('stays bounded under a flood of distinct addresses', () => {
    const { limiter, hit } = harness({ perMinute: 60, burst: 5, exemptLoopback: true });
    for (let i = 0; i < 25_000; i++) hit(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(limiter.clients()).toBeLessThanOrEqual(10_000);
  });
});
