/**
 * Feed date strings → UTC. Explicit grammars (RFC 822 and its sloppy variants, ISO 8601/W3DTF, the Chinese
 * `2024年7月4日 07:21`, asctime) rather than Date.parse, which accepts garbage (`Sun, Dec x 2012`) and reads
 * zone-less dates in the machine's zone. A date with no zone is in the source's timezone.
 */
import type { DateFlag } from '../model/item.ts';
import { DAY_MS } from '../time.ts';
import { fromOffset, fromZone, zoneDesignatorOffset, type WallClock } from './date-zones.ts';

export interface DateContext {
  /** IANA zone for dates that carry none (huiju's default: Asia/Shanghai). */
  timezone: string;
  /** When the document was fetched: dates more than a day after it are not trusted. */
  now: Date;
}

export interface ParsedDate {
  iso: string | null;
  flag: DateFlag;
}

interface Reading {
  clock: WallClock;
  zone: string | null;
  dateOnly: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(name: string): number | null {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i === -1 ? null : i + 1;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

function clock(year: number, month: number, day: number, h?: string, mi?: string, s?: string, frac?: string): WallClock {
  return {
    year,
    month,
    day,
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    ms: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0,
  };
}

const ZONE = String.raw`(?<z>(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?|Z|[A-Za-z]{1,5}(?:/[A-Za-z]+)?)`;
const TIME = String.raw`(?<h>\d{1,2})[:时](?<mi>\d{1,2})(?:[:分](?<s>\d{1,2})(?:[.,](?<f>\d+))?秒?)?`;
const WEEKDAY = String.raw`(?:[A-Za-z]{2,9}\.?,?\s*)?`;

/** Every grammar names its parts: y, mo (number) or mon (name), d, h, mi, s, f (fraction), z (zone). */
const GRAMMARS = [
  // 2024-07-04T07:21:00+08:00 · 2024-07-04 07:21 · 2024/7/4 · 2024年7月4日 07时21分 · Fri, 2006/09/15 08:19:53 EDT
  String.raw`^${WEEKDAY}(?<y>\d{4})[-/.年](?<mo>\d{1,2})[-/.月](?<d>\d{1,2})日?(?:(?:T\s*|\s+)${TIME}\s*${ZONE}?)?$`,
  // RFC 822 and sloppy kin: Wed, 14 Dec 2022 11:37:37 GMT · Wed,14-Dec-2022 11:37:37 GMT · 26 January 2004
  String.raw`^${WEEKDAY}(?<d>\d{1,2})[\s-]+(?<mon>[A-Za-z]{3,9})\.?,?[\s-]+(?<y>\d{2,4})(?:,?\s+${TIME})?\s*${ZONE}?$`,
  // US order: Jul 4, 2024 07:21
  String.raw`^${WEEKDAY}(?<mon>[A-Za-z]{3,9})\.?\s+(?<d>\d{1,2}),?\s+(?<y>\d{4})(?:,?\s+${TIME})?\s*${ZONE}?$`,
  // asctime: Sun Jan  4 16:29:06 PST 2004
  String.raw`^[A-Za-z]{3}\s+(?<mon>[A-Za-z]{3})\s+(?<d>\d{1,2})\s+${TIME}\s+(?:${ZONE}\s+)?(?<y>\d{4})$`,
  // JavaScript's Date#toString: Thu Aug 30 2012 17:26:16 +0200 (CEST)
  String.raw`^[A-Za-z]{3}\s+(?<mon>[A-Za-z]{3})\s+(?<d>\d{1,2})\s+(?<y>\d{4})\s+${TIME}\s*${ZONE}?(?:\s*\(.*\))?$`,
  // W3DTF's reduced precision: 2003-12, 2003
  String.raw`^(?<y>\d{4})(?:-(?<mo>\d{2}))?$`,
].map((source) => new RegExp(source, 'i'));

function read(s: string): Reading | null {
  for (const grammar of GRAMMARS) {
    const g = s.match(grammar)?.groups;
    if (!g) continue;
    const month = g.mon !== undefined ? monthNumber(g.mon) : Number(g.mo ?? 1);
    if (!month) return null;
    return {
      clock: clock(fullYear(g.y!), month, Number(g.d ?? 1), g.h, g.mi, g.s, g.f),
      zone: g.z ?? null,
      dateOnly: g.h === undefined,
    };
  }
  return null;
}

function valid(c: WallClock): boolean {
  const daysInMonth = new Date(Date.UTC(2000 + (c.year % 400), c.month, 0)).getUTCDate();
  return c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= daysInMonth && c.hour <= 24 && c.minute < 60 && c.second <= 60;
}

function toInstant(r: Reading, timezone: string): Date | null {
  if (!valid(r.clock)) return null;
  if (r.zone === null) return fromZone(r.clock, timezone);
  const approx = fromOffset(r.clock, 0);
  const offset = zoneDesignatorOffset(r.zone, timezone, approx);
  return offset === null ? null : fromOffset(r.clock, offset);
}

/**
 * The one "date in the future" rule, for feeds and scraped pages alike: a date more than a day after the fetch is not
 * trusted (a day covers any zone mistake; further ahead is a typo or a pinned "sticky" entry).
 */
export function isTooFarAhead(at: number, now: Date): boolean {
  return at - now.getTime() > DAY_MS;
}

/** An instant read from a source, as ISO UTC with `flag`, or no date with the flag 'future' when too far ahead. */
export function checkedDate(date: Date, ctx: DateContext, flag: DateFlag = null): ParsedDate {
  return isTooFarAhead(date.getTime(), ctx.now) ? { iso: null, flag: 'future' } : { iso: date.toISOString(), flag };
}

/** A feed's date string → ISO UTC, or null with a flag saying why it was not trusted. */
export function parseFeedDate(raw: string | null | undefined, ctx: DateContext): ParsedDate {
  if (raw == null || raw.trim() === '') return { iso: null, flag: 'missing' };
  const s = raw.replace(/[\s\u3000]+/g, ' ').trim();
  // No real date is longer; a huge "date" is not worth running grammars over.
  const reading = s.length <= 80 ? read(s) : null;
  const date = reading ? toInstant(reading, ctx.timezone) : null;
  if (!reading || !date || Number.isNaN(date.getTime())) return { iso: null, flag: 'unparseable' };
  return checkedDate(date, ctx, reading.dateOnly ? 'date-only' : null);
}
