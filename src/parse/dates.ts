/**
 * Feed date strings → UTC. Explicit grammars (RFC 822 and its sloppy variants, ISO 8601/W3DTF, the Chinese
 * `2024年7月4日 07:21`, asctime) rather than Date.parse, which accepts garbage (`Sun, Dec x 2012`) and reads
 * zone-less dates in the machine's zone. A date with no zone is in the source's timezone.
 */
import type { DateFlag } from '../model/item.ts';
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

const ZONE = String.raw`((?:GMT|UTC)?[+-]\d{2}(?::?\d{2})?|Z|[A-Za-z]{1,5}(?:/[A-Za-z]+)?)`;
const TIME = String.raw`(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:[.,](\d+))?秒?)?`;

// 2024-07-04T07:21:00+08:00, 2024-07-04 07:21, 2024/7/4, 2024年7月4日 07时21分, 2024-07-04
const ISO_LIKE = new RegExp(String.raw`^(?:[A-Za-z]{2,9},?\s*)?(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:(?:T\s*|\s+)${TIME}\s*${ZONE}?)?$`, 'i');
// W3DTF's reduced precision: 2003-12, 2003
const YEAR_MONTH = /^(\d{4})(?:-(\d{2}))?$/;
// Wed, 14 Dec 2022 11:37:37 GMT · Wed,14-Dec-2022 11:37:37 GMT · 14 Dec 2022 11:37 +0800 · 26 January 2004
const RFC822 = new RegExp(String.raw`^(?:[A-Za-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{2,4})(?:,?\s+${TIME})?\s*${ZONE}?$`);
// asctime: Sun Jan  4 16:29:06 PST 2004
const ASCTIME = new RegExp(String.raw`^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+${TIME}\s+(?:${ZONE}\s+)?(\d{4})$`);
// JavaScript's Date#toString: Thu Aug 30 2012 17:26:16 +0200
const JS_STRING = new RegExp(String.raw`^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})\s+${TIME}\s*${ZONE}?(?:\s*\(.*\))?$`);

function read(s: string): Reading | null {
  let m = s.match(ISO_LIKE);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    return { clock: clock(Number(y), Number(mo), Number(d), h, mi, sec, frac), zone: zone ?? null, dateOnly: h === undefined };
  }
  m = s.match(RFC822);
  if (m) {
    const [, d, monthName, y, h, mi, sec, frac, zone] = m;
    const month = monthNumber(monthName!);
    return month ? { clock: clock(fullYear(y!), month, Number(d), h, mi, sec, frac), zone: zone ?? null, dateOnly: h === undefined } : null;
  }
  m = s.match(ASCTIME);
  if (m) {
    const [, monthName, d, h, mi, sec, frac, zone, y] = m;
    const month = monthNumber(monthName!);
    return month ? { clock: clock(Number(y), month, Number(d), h, mi, sec, frac), zone: zone ?? null, dateOnly: false } : null;
  }
  m = s.match(JS_STRING);
  if (m) {
    const [, monthName, d, y, h, mi, sec, frac, zone] = m;
    const month = monthNumber(monthName!);
    return month ? { clock: clock(Number(y), month, Number(d), h, mi, sec, frac), zone: zone ?? null, dateOnly: false } : null;
  }
  m = s.match(YEAR_MONTH);
  if (m) return { clock: clock(Number(m[1]), Number(m[2] ?? 1), 1), zone: null, dateOnly: true };
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

/** A feed's date string → ISO UTC, or null with a flag saying why it was not trusted. */
export function parseFeedDate(raw: string | null | undefined, ctx: DateContext): ParsedDate {
  if (raw == null || raw.trim() === '') return { iso: null, flag: 'missing' };
  const s = raw.replace(/[\s\u3000]+/g, ' ').trim();
  const reading = read(s);
  const date = reading ? toInstant(reading, ctx.timezone) : null;
  if (!reading || !date || Number.isNaN(date.getTime())) return { iso: null, flag: 'unparseable' };
  if (date.getTime() - ctx.now.getTime() > 24 * 3600_000) return { iso: null, flag: 'future' };
  return { iso: date.toISOString(), flag: reading.dateOnly ? 'date-only' : null };
}
