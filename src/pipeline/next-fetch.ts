import type { Config } from '../config/schema.ts';

export interface Outcome {
  ok: boolean;
  /** Consecutive failures including this one (0 on success). */
  failures: number;
  /** What the server asked for (max-age, Expires, Retry-After), if anything. */
  retryAfterMs: number | null;
}

/**
 * The earliest time a source may be fetched again. Server hints are honoured within bounds; failures back off
 * exponentially (capped) so a dead host is not hammered, and one success resets it.
 */
export function nextFetchAt(outcome: Outcome, now: Date, cfg: Config['fetch']): Date {
  const min = cfg.minIntervalMinutes * 60_000;
  const max = cfg.maxIntervalHours * 3600_000;
  const backoff = outcome.ok ? 0 : Math.min(max, min * 2 ** Math.max(0, outcome.failures - 1));
  const wait = Math.min(max, Math.max(min, backoff, outcome.retryAfterMs ?? 0));
  return new Date(now.getTime() + (outcome.ok && outcome.retryAfterMs == null ? 0 : wait));
}
