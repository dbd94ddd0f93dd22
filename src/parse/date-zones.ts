/** Time-zone arithmetic for feed dates: IANA zones via Intl, and the zone names feeds actually write. */

// Building an Intl.DateTimeFormat costs far more than using one, and a feed has many dates in one zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset in minutes of `zone` at instant `at` (positive east of UTC). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = formatterFor(zone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function utcOf(t: WallClock): number {
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms);
  // Date.UTC maps years 0-99 to 1900-1999; feeds never mean that.
  return t.year < 100 ? new Date(ms).setUTCFullYear(t.year) : ms;
}

/** A wall-clock time at a fixed offset (minutes east of UTC) → the instant. */
export function fromOffset(t: WallClock, offsetMinutes: number): Date {
  return new Date(utcOf(t) - offsetMinutes * 60_000);
}

/** A wall-clock time in an IANA zone → the instant (two passes settle DST edges). */
export function fromZone(t: WallClock, zone: string): Date {
  const guess = utcOf(t);
  const first = zoneOffsetMinutes(zone, new Date(guess));
  const second = zoneOffsetMinutes(zone, new Date(guess - first * 60_000));
  return new Date(guess - second * 60_000);
}

// Minutes east of UTC. US names are RFC 822's; the rest are what European and Asian feeds write.
const NAMED_ZONES: Record<string, number> = {
  Z: 0, UT: 0, UTC: 0, GMT: 0, 'ETC/GMT': 0, 'ETC/UTC': 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AT: -240, ET: -300, CT: -360, MT: -420, PT: -480,
  WET: 0, BST: 60, CET: 60, MET: 60, CEST: 120, MEST: 120, EET: 120, EEST: 180,
  BJT: 480, HKT: 480, SGT: 480, JST: 540, KST: 540,
};

/**
 * A zone designator → minutes east of UTC, or null when unknown. `CST` is China Standard Time (UTC+8) when the
 * source's own zone is UTC+8 (a Chinese feed), US Central otherwise: JavaScript's Date always reads it as US.
 */
export function zoneDesignatorOffset(designator: string, sourceZone: string, at: Date): number | null {
  const z = designator.trim().toUpperCase().replace(/^(?:GMT|UTC)(?=[+-])/, '');
  const numeric = z.match(/^([+-])(\d{1,2}):?(\d{2})?$/);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  if (z === 'CST' && zoneOffsetMinutes(sourceZone, at) === 480) return 480;
  return NAMED_ZONES[z] ?? null;
}
