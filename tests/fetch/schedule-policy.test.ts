import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE_BOUNDS, nextFetch } from '../../src/fetch/schedule-policy.ts';
import type { FetchResult, ScheduleDecision } from '../../src/fetch/schedule-policy.ts';
import type { CacheHints } from '../../src/fetch/types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 0, 1);
const none: CacheHints = { maxAgeMs: null, retryAfterMs: null };
const ok: FetchResult = { kind: 'ok' };
const http = (status: number): FetchResult => ({ kind: 'error', errorKind: 'http-status', status });

interface Case {
  name: string;
  result: FetchResult;
  failures?: number;
  hints?: Partial<CacheHints>;
  base?: number;
  publish?: number;
  delay: number;
  reason: ScheduleDecision['reason'];
}

const cases: Case[] = [
  { name: 'success: the source interval', result: ok, delay: 15 * MIN, reason: 'interval' },
  { name: 'not modified: the source interval', result: { kind: 'not-modified' }, delay: 15 * MIN, reason: 'interval' },
  { name: 'an interval under the minimum is raised to it', result: ok, base: MIN, delay: 5 * MIN, reason: 'interval' },
  { name: 'an interval over the maximum is cut to it', result: ok, base: 48 * HOUR, delay: 24 * HOUR, reason: 'interval' },
  { name: 'max-age longer than the interval stretches it', result: ok, hints: { maxAgeMs: HOUR }, delay: HOUR, reason: 'server max-age' },
  { name: 'max-age shorter than the interval is ignored', result: ok, hints: { maxAgeMs: MIN }, delay: 15 * MIN, reason: 'interval' },
  { name: 'a year of max-age is clamped to the maximum', result: ok, hints: { maxAgeMs: 365 * 24 * HOUR }, delay: 24 * HOUR, reason: 'server max-age' },
  { name: 'Retry-After on a success is not a reason to wait', result: ok, hints: { retryAfterMs: 5 * HOUR }, delay: 15 * MIN, reason: 'interval' },
  { name: 'a daily source is checked every 6 h', result: ok, publish: 24 * HOUR, delay: 6 * HOUR, reason: 'quiet source' },
  { name: 'a busy source keeps its interval', result: ok, publish: 20 * MIN, delay: 15 * MIN, reason: 'interval' },
  { name: 'a monthly source is capped at the maximum', result: ok, publish: 30 * 24 * HOUR, delay: 24 * HOUR, reason: 'quiet source' },
  { name: 'max-age beyond the quiet stretch wins', result: ok, publish: 4 * HOUR, hints: { maxAgeMs: 2 * HOUR }, delay: 2 * HOUR, reason: 'server max-age' },
  { name: 'the publishing rate does not stretch a failure backoff', result: http(500), failures: 1, publish: 24 * HOUR, delay: 15 * MIN, reason: 'backoff' },
  { name: 'first failure: one interval', result: http(500), failures: 1, delay: 15 * MIN, reason: 'backoff' },
  { name: 'second failure doubles', result: http(500), failures: 2, delay: 30 * MIN, reason: 'backoff' },
  { name: 'fifth failure: 16 intervals', result: http(500), failures: 5, delay: 240 * MIN, reason: 'backoff' },
  { name: 'backoff is capped at the maximum', result: http(500), failures: 12, delay: 24 * HOUR, reason: 'backoff' },
  { name: 'a thousand failures do not overflow', result: http(500), failures: 1000, delay: 24 * HOUR, reason: 'backoff' },
  { name: 'a timeout backs off like any failure', result: { kind: 'error', errorKind: 'timeout' }, failures: 3, delay: 60 * MIN, reason: 'backoff' },
  { name: '429 Retry-After longer than the backoff wins', result: http(429), failures: 1, hints: { retryAfterMs: 2 * HOUR }, delay: 2 * HOUR, reason: 'retry-after' },
  { name: '503 Retry-After longer than the backoff wins', result: http(503), failures: 2, hints: { retryAfterMs: 3 * HOUR }, delay: 3 * HOUR, reason: 'retry-after' },
  { name: '429 Retry-After shorter than the backoff loses', result: http(429), failures: 3, hints: { retryAfterMs: 10 * MIN }, delay: 60 * MIN, reason: 'backoff' },
  { name: 'Retry-After of a week is clamped', result: http(503), failures: 1, hints: { retryAfterMs: 7 * 24 * HOUR }, delay: 24 * HOUR, reason: 'retry-after' },
  { name: 'Retry-After on a 500 is not honoured', result: http(500), failures: 1, hints: { retryAfterMs: 5 * HOUR }, delay: 15 * MIN, reason: 'backoff' },
  { name: 'a refused address waits the maximum', result: { kind: 'error', errorKind: 'blocked-address' }, failures: 1, delay: 24 * HOUR, reason: 'permanent error' },
  { name: 'an aborted fetch (shutdown) just keeps the interval', result: { kind: 'error', errorKind: 'aborted' }, failures: 0, delay: 15 * MIN, reason: 'aborted' },
];

describe('nextFetch', () => {
  it.each(cases)('$name', ({ result, failures = 0, hints, base = 15 * MIN, publish, delay, reason }) => {
    const decision = nextFetch({
      result,
      consecutiveFailures: failures,
      hints: { ...none, ...hints },
      baseIntervalMs: base,
      publishIntervalMs: publish ?? null,
      now: NOW,
    });
    expect(decision).toEqual({ delayMs: delay, nextFetchAt: NOW + delay, reason });
  });

  it('uses the bounds it is given', () => {
    const bounds = { minIntervalMs: MIN, maxIntervalMs: 2 * HOUR };
    const at = (failures: number) =>
      nextFetch({ result: http(500), consecutiveFailures: failures, hints: none, baseIntervalMs: MIN, now: NOW }, bounds).delayMs;
    expect([1, 2, 3, 7, 8].map(at)).toEqual([MIN, 2 * MIN, 4 * MIN, 64 * MIN, 2 * HOUR]);
  });

  it('defaults to 5 min and 24 h', () => {
    expect(DEFAULT_SCHEDULE_BOUNDS).toEqual({ minIntervalMs: 5 * MIN, maxIntervalMs: 24 * HOUR });
  });
});
