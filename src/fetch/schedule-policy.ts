import type { CacheHints, FetchErrorKind } from './types.ts';

/**
 * When to fetch a source next, from what happened this time: the source's own interval stretched by the
 * server's freshness hint on success; exponential backoff per consecutive failure, never sooner than a
 * 429/503's Retry-After; always clamped between the bounds. Pure, so the scheduler and its tests agree.
 */

export interface ScheduleBounds {
  minIntervalMs: number;
  maxIntervalMs: number;
}

export const DEFAULT_SCHEDULE_BOUNDS: ScheduleBounds = {
  minIntervalMs: 5 * 60_000,
  maxIntervalMs: 24 * 60 * 60_000,
};

export type FetchResult =
  | { kind: 'ok' }
  | { kind: 'not-modified' }
  | { kind: 'error'; errorKind: FetchErrorKind; status?: number | null };

export interface ScheduleInput {
  result: FetchResult;
  /** Failures in a row INCLUDING this one (0 after a success). */
  consecutiveFailures: number;
  hints: CacheHints;
  /** The source's normal interval (from its schedule). */
  baseIntervalMs: number;
  /**
   * Typical gap between the source's new items (`publishingGapMs` in the store, with `fetch.adaptiveSchedule`); a
   * source that publishes once a day need not be polled every 15 minutes. Null or absent when not known or not wanted.
   */
  publishIntervalMs?: number | null;
  now: number;
}

export interface ScheduleDecision {
  nextFetchAt: number;
  delayMs: number;
  /** Why this delay, for logs and /api/sources. */
  reason: 'interval' | 'server max-age' | 'quiet source' | 'backoff' | 'retry-after' | 'permanent error' | 'aborted';
}

/** Errors that will not go away by themselves: retry rarely, a config reload reschedules anyway. */
const PERMANENT: ReadonlySet<FetchErrorKind> = new Set(['blocked-address', 'invalid-url', 'bad-charset']);
const RETRY_AFTER_STATUSES = new Set([429, 503]);

export function nextFetch(input: ScheduleInput, bounds: ScheduleBounds = DEFAULT_SCHEDULE_BOUNDS): ScheduleDecision {
  const clamp = (ms: number) => Math.min(Math.max(ms, bounds.minIntervalMs), bounds.maxIntervalMs);
  const decide = (ms: number, reason: ScheduleDecision['reason']): ScheduleDecision => {
    const delayMs = clamp(ms);
    return { nextFetchAt: input.now + delayMs, delayMs, reason };
  };
  const base = Math.max(input.baseIntervalMs, bounds.minIntervalMs);
  const { result, hints } = input;

  if (result.kind !== 'error') {
    // Coming back before the server says the feed can have changed only costs both sides.
    const maxAge = hints.maxAgeMs ?? 0;
    // Check a quiet source about four times per item it usually publishes: late by a quarter gap at most.
    const quiet = (input.publishIntervalMs ?? 0) / 4;
    if (maxAge >= quiet && maxAge > base) return decide(maxAge, 'server max-age');
    if (quiet > base) return decide(quiet, 'quiet source');
    return decide(base, 'interval');
  }
  if (result.errorKind === 'aborted') return decide(base, 'aborted');
  if (PERMANENT.has(result.errorKind)) return decide(bounds.maxIntervalMs, 'permanent error');

  const failures = Math.max(1, input.consecutiveFailures);
  const backoff = base * 2 ** Math.min(failures - 1, 40);
  const retryAfter = RETRY_AFTER_STATUSES.has(result.status ?? 0) ? (hints.retryAfterMs ?? 0) : 0;
  return retryAfter > backoff ? decide(retryAfter, 'retry-after') : decide(backoff, 'backoff');
}
