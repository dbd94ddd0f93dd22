/** Retries: 10 s, 20 s, 40 s … doubling to at most an hour, each ±20% so channels that failed together spread out. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(3_600_000, 10_000 * 2 ** Math.min(attempts, 20));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Attempts at one delivery before it is given up (about a day of backoff); a story past maxAgeHours goes sooner. */
export const MAX_ATTEMPTS = 30;
