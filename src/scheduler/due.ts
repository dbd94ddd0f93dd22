import type { ResolvedSource } from '../config/schema.ts';
import { cronIntervalMs } from './cron-interval.ts';

/**
 * Whether a source whose earliest next fetch is `next` is due at `now`. Within a quarter interval of it counts as due:
 * the jitter and the fetch's own duration would otherwise make every other tick miss it and halve the polling rate.
 * Backoff and server hints (Retry-After) live in `next`, which every process reads from the database: the scheduler
 * asks this before queueing a refresh, and a worker again before running one, so both hold cluster-wide.
 */
export function isDue(source: Pick<ResolvedSource, 'schedule' | 'timezone'>, next: Date | null, now: number): boolean {
  return !next || next.getTime() - now <= cronIntervalMs(source.schedule, source.timezone) / 4;
}
