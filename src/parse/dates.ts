import type { DateFlag } from '../model/item.ts';

export interface DateContext {
  /** IANA zone for dates that carry none. */
  timezone: string;
  /** When the document was fetched: dates more than a day after it are not trusted. */
  now: Date;
}

export interface ParsedDate {
  iso: string | null;
  flag: DateFlag;
}

/** Offset in minutes of `zone` at instant `at` (positive east of UTC). */
function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** A wall-clock time in `zone` → the UTC instant. */
function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): Date {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const offset = zoneOffsetMinutes(zone, new Date(guess));
  return new Date(guess - offset * 60_000);
}

// Chinese feeds mean China Standard Time by CST; JavaScript's Date reads it as US Central.
const ZONE_ABBREVIATIONS: Record<string, string> = { CST: '+0800', BJT: '+0800', HKT: '+0800' };

const LOCAL_DATETIME = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?)?秒?)?$/;

function parseInstant(raw: string, timezone: string): { date: Date; dateOnly: boolean } | null {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!s) return null;
  const local = s.match(LOCAL_DATETIME);
  if (local) {
    const [, y, mo, d, h, mi, sec] = local.map((v) => (v === undefined ? undefined : Number(v)));
    const date = zonedToUtc(y!, mo!, d!, h ?? 0, mi ?? 0, sec ?? 0, timezone);
    return Number.isNaN(date.getTime()) ? null : { date, dateOnly: h === undefined };
  }
  // RFC 822 with odd spacing/dashes: "Wed,14-Dec-2022 11:37:37 GMT"
  const rfc = s
    .replace(/^([A-Za-z]{3}),(?=\S)/, '$1, ')
    .replace(/(\d{1,2})-([A-Za-z]{3})-(\d{2,4})/, '$1 $2 $3')
    .replace(/\b(CST|BJT|HKT)\b/, (z) => ZONE_ABBREVIATIONS[z] ?? z);
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T)\b)\s*$/i.test(rfc);
  const t = Date.parse(rfc);
  if (Number.isNaN(t)) return null;
  if (hasZone) return { date: new Date(t), dateOnly: false };
  // No zone given: read the wall-clock fields in the source's zone rather than the machine's.
  const d = new Date(t);
  return {
    date: zonedToUtc(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), timezone),
    dateOnly: false,
  };
}

/** A feed's date string → ISO UTC, or null with a flag saying why it was not trusted. */
export function parseFeedDate(raw: string | null | undefined, ctx: DateContext): ParsedDate {
  if (raw == null || raw.trim() === '') return { iso: null, flag: 'missing' };
  const parsed = parseInstant(raw, ctx.timezone);
  if (!parsed) return { iso: null, flag: 'unparseable' };
  if (parsed.date.getTime() - ctx.now.getTime() > 24 * 3600_000) return { iso: null, flag: 'future' };
  return { iso: parsed.date.toISOString(), flag: parsed.dateOnly ? 'date-only' : null };
}
