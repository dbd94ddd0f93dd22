import { parseFeedDate, type DateContext, type ParsedDate } from '../parse/dates.ts';
import { DAY_MS, HOUR_MS } from '../time.ts';

const UNIT_MS: Record<string, number> = { 秒: 1000, 分钟: 60_000, 分: 60_000, 小时: HOUR_MS, 天: DAY_MS };
const DAY_OFFSET: Record<string, number> = { 今天: 0, 昨天: 1, 前天: 2 };

/** The calendar day in `timezone` that is `back` days before `now`, as `YYYY-MM-DD`. */
export function dayBefore(ctx: DateContext, back: number): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(ctx.now)
    .split('-')
    .map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! - back)).toISOString().slice(0, 10);
}

/**
 * Chinese list pages' relative times — 刚刚, 5分钟前, 3小时前, 2天前, 昨天 18:30 — read against the fetch time.
 * Null when the text is not one of them.
 */
export function parseRelativeDate(text: string, ctx: DateContext): ParsedDate | null {
  const s = text.replace(/\s+/g, '');
  if (/^刚刚/.test(s)) return { iso: ctx.now.toISOString(), flag: null };
  const ago = s.match(/(\d+)(秒|分钟|分|小时|天)前/);
  if (ago) {
    const at = new Date(ctx.now.getTime() - Number(ago[1]) * UNIT_MS[ago[2]!]!);
    // "2天前" names a day, not a moment.
    return { iso: at.toISOString(), flag: ago[2] === '天' ? 'date-only' : null };
  }
  const day = s.match(/(今天|昨天|前天)(?:(\d{1,2}):(\d{2}))?/);
  if (day) {
    const time = day[2] === undefined ? '' : ` ${day[2]}:${day[3]}`;
    return parseFeedDate(`${dayBefore(ctx, DAY_OFFSET[day[1]!]!)}${time}`, ctx);
  }
  return null;
}
