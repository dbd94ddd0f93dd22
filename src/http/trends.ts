import type { Config } from '../config/schema.ts';
import { zoneOffsetMinutes } from '../parse/date-zones.ts';
import type { TagDayCount } from '../store/store.ts';
import { DAY_MS } from '../time.ts';

/**
 * What /trends and /api/trends show, from stories per tag per day: a series per tag over the last `days` days, the
 * tags rising this week (the last 7 days, today included) against the 7 before, and the companies with the most
 * stories over the `days` days. Days are dates in the config's time zone, at its offset today (a DST change inside
 * the range moves that day's boundary by an hour).
 */

export const DEFAULT_DAYS = 14;
export const MAX_DAYS = 90;
/** Tags charted when none is asked for: the busiest, or the chart is unreadable. */
const DEFAULT_SERIES = 6;
const LIST_LENGTH = 10;
const WEEK = 7;

export interface TrendsRange {
  since: string;
  until: string;
  offsetMinutes: number;
  /** Every day the range covers, oldest first: the last max(days, 14) days (two weeks for `rising`). */
  days: string[];
}

export function trendsRange(days: number, timezone: string, now: Date): TrendsRange {
  const offsetMinutes = zoneOffsetMinutes(timezone, now);
  const local = new Date(now.getTime() + offsetMinutes * 60_000);
  // Midnight that starts tomorrow, local time, as an instant: the end of the range.
  const tomorrow = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1) - offsetMinutes * 60_000;
  const span = Math.max(days, 2 * WEEK);
  const since = tomorrow - span * DAY_MS;
  const list = Array.from({ length: span }, (_, i) => new Date(since + offsetMinutes * 60_000 + i * DAY_MS).toISOString().slice(0, 10));
  return { since: new Date(since).toISOString(), until: new Date(tomorrow).toISOString(), offsetMinutes, days: list };
}

export interface Trends {
  timezone: string;
  days: string[];
  series: { tag: string; label: string; counts: number[] }[];
  rising: { tag: string; label: string; thisWeek: number; lastWeek: number; change: number }[];
  companies: { tag: string; label: string; stories: number }[];
}

export function buildTrends(rows: readonly TagDayCount[], range: TrendsRange, days: number, config: Config, tags?: readonly string[]): Trends {
  const labels = new Map(config.tags.map((t) => [t.id, t.label]));
  const index = new Map(range.days.map((d, i) => [d, i]));
  const perTag = new Map<string, number[]>();
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    let counts = perTag.get(r.tag);
    if (!counts) perTag.set(r.tag, (counts = range.days.map(() => 0)));
    counts[i]! += r.stories;
  }
  const shown = range.days.length - days;
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const total = (tag: string) => sum((perTag.get(tag) ?? []).slice(shown));
  const known = config.tags.map((t) => t.id);
  const charted = tags?.length ? [...tags] : known.filter((t) => total(t) > 0).sort((a, b) => total(b) - total(a)).slice(0, DEFAULT_SERIES);
  const n = range.days.length;
  const rising = known
    .map((tag) => {
      const counts = perTag.get(tag) ?? [];
      const thisWeek = sum(counts.slice(n - WEEK));
      const lastWeek = sum(counts.slice(n - 2 * WEEK, n - WEEK));
      return { tag, label: labels.get(tag) ?? tag, thisWeek, lastWeek, change: thisWeek - lastWeek };
    })
    .filter((r) => r.change > 0)
    .sort((a, b) => b.change - a.change || b.thisWeek - a.thisWeek || a.tag.localeCompare(b.tag))
    .slice(0, LIST_LENGTH);
  const companies = config.trends.companies
    .map((tag) => ({ tag, label: labels.get(tag) ?? tag, stories: total(tag) }))
    .filter((c) => c.stories > 0)
    .sort((a, b) => b.stories - a.stories || a.tag.localeCompare(b.tag))
    .slice(0, LIST_LENGTH);
  return {
    timezone: config.defaults.timezone,
    days: range.days.slice(shown),
    series: charted.map((tag) => ({ tag, label: labels.get(tag) ?? tag, counts: (perTag.get(tag) ?? range.days.map(() => 0)).slice(shown) })),
    rising,
    companies,
  };
}
