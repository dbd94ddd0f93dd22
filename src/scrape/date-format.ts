import { checkedDate, parseFeedDate, type DateContext, type ParsedDate } from '../parse/dates.ts';
import { dayBefore, parseRelativeDate } from './relative-date.ts';

type Part = 'year' | 'shortYear' | 'month' | 'day' | 'hour' | 'minute' | 'second';

const TOKENS: [string, Part, string][] = [
  ['YYYY', 'year', '(\\d{4})'],
  ['YY', 'shortYear', '(\\d{2})'],
  ['MM', 'month', '(\\d{1,2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['DD', 'day', '(\\d{1,2})'],
  ['D', 'day', '(\\d{1,2})'],
  ['HH', 'hour', '(\\d{1,2})'],
  ['H', 'hour', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{1,2})'],
  ['ss', 'second', '(\\d{1,2})'],
];

interface CompiledFormat {
  regex: RegExp;
  parts: Part[];
}

const cache = new Map<string, CompiledFormat>();

/** `YYYY年MM月DD日 HH:mm` → a regex that finds that shape anywhere in a string, and which group is which. */
function compile(format: string): CompiledFormat {
  const hit = cache.get(format);
  if (hit) return hit;
  let source = '';
  const parts: Part[] = [];
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      source += token[2];
      parts.push(token[1]);
      i += token[0].length;
    } else {
      const ch = format[i]!;
      // Any run of spaces in the format accepts any run of whitespace (list pages pad with &nbsp; and newlines).
      source += /\s/.test(ch) ? '\\s*' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  // `HH:mm` also reads `HH:mm:ss`: list pages and article pages of one site often differ only in that.
  if (parts.at(-1) === 'minute' && !parts.includes('second')) {
    source += '(?::(\\d{1,2}))?';
    parts.push('second');
  }
  const compiled = { regex: new RegExp(`(?<!\\d)${source}(?!\\d)`), parts };
  cache.set(format, compiled);
  return compiled;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Fields a clock and calendar can show (31 February is caught by existingDay once the year is known). */
function inRange(v: Partial<Record<Part, number>>): boolean {
  const within = (n: number | undefined, min: number, max: number) => n === undefined || (n >= min && n <= max);
  return within(v.month, 1, 12) && within(v.day, 1, 31) && within(v.hour, 0, 23) && within(v.minute, 0, 59) && within(v.second, 0, 59);
}

function existingDay(year: number, month: number, day: number): boolean {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/**
 * Read `text` with a user-given format by rewriting the match to `YYYY-MM-DD HH:mm:ss`, which parseFeedDate reads
 * in the source's zone. List pages often leave parts out: a format without a year (`MM-DD HH:mm`) means the most
 * recent such day (this year, or last year when that would lie in the future); a time alone (`HH:mm`) means today,
 * or yesterday when that time has not come yet.
 */
export function parseWithFormat(text: string, format: string, ctx: DateContext): ParsedDate {
  if (text.trim() === '') return { iso: null, flag: 'missing' };
  const { regex, parts } = compile(format);
  const match = text.match(regex);
  if (!match) return { iso: null, flag: 'unparseable' };
  const value: Partial<Record<Part, number>> = {};
  parts.forEach((part, i) => {
    if (match[i + 1] !== undefined) value[part] = Number(match[i + 1]);
  });
  if (!inRange(value)) return { iso: null, flag: 'unparseable' };
  const time = value.hour === undefined ? '' : ` ${pad(value.hour)}:${pad(value.minute ?? 0)}:${pad(value.second ?? 0)}`;

  if (value.month === undefined || value.day === undefined) {
    if (value.hour === undefined || value.year !== undefined || value.shortYear !== undefined) return { iso: null, flag: 'unparseable' };
    const today = parseFeedDate(`${dayBefore(ctx, 0)}${time}`, ctx);
    const ahead = today.iso !== null && Date.parse(today.iso) > ctx.now.getTime();
    return ahead ? parseFeedDate(`${dayBefore(ctx, 1)}${time}`, ctx) : today;
  }
  const build = (year: number) => `${year}-${pad(value.month!)}-${pad(value.day!)}${time}`;
  const year = value.year ?? (value.shortYear !== undefined ? 2000 + value.shortYear : undefined);
  const read = (y: number): ParsedDate => (existingDay(y, value.month!, value.day!) ? parseFeedDate(build(y), ctx) : { iso: null, flag: 'unparseable' });
  if (year !== undefined) return read(year);
  const thisYear = Number(dayBefore(ctx, 0).slice(0, 4));
  const guess = read(thisYear);
  return guess.iso === null && guess.flag !== 'missing' ? read(thisYear - 1) : guess;
}

/** Epoch seconds below this are read as seconds, above as milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

/**
 * A date value from a scraped field: epoch number/digits, text in `format` or anything parseFeedDate reads, or a
 * relative time (3小时前).
 */
export function parseScrapedDate(raw: unknown, format: string | undefined, ctx: DateContext): ParsedDate {
  if (raw === null || raw === undefined || raw === '') return { iso: null, flag: 'missing' };
  if (typeof raw === 'number' || (typeof raw === 'string' && /^\d{10}(\d{3})?$/.test(raw.trim()))) {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) return { iso: null, flag: 'unparseable' };
    const date = new Date(n < SECONDS_LIMIT ? n * 1000 : n);
    if (Number.isNaN(date.getTime())) return { iso: null, flag: 'unparseable' };
    return checkedDate(date, ctx);
  }
  if (typeof raw !== 'string') return { iso: null, flag: 'unparseable' };
  const parsed = format ? parseWithFormat(raw, format, ctx) : parseFeedDate(raw, ctx);
  // Recent entries often say 3小时前 or 昨天 18:30 where older ones carry the formatted date.
  return parsed.flag === 'unparseable' ? (parseRelativeDate(raw, ctx) ?? parsed) : parsed;
}
