import { describe, expect, it } from 'vitest';
import { parseScrapedDate, parseWithFormat } from '../../src/scrape/index.ts';

const shanghai = { timezone: 'Asia/Shanghai', now: new Date('2024-07-04T12:00:00Z') };

describe('dateFormat', () => {
  const cases: [format: string, text: string, iso: string | null, flag: string | null][] = [
    ['YYYY-MM-DD HH:mm', '2024-07-04 07:21', '2024-07-03T23:21:00.000Z', null],
    ['YYYY-MM-DD HH:mm', '来源：解放日报  2024-07-04 07:21:36', '2024-07-03T23:21:36.000Z', null],
    ['YYYY年MM月DD日', '2024年07月04日', '2024-07-03T16:00:00.000Z', 'date-only'],
    ['YYYY年M月D日 HH:mm', '发布于 2024年7月4日 9:05', '2024-07-04T01:05:00.000Z', null],
    ['YYYY/MM/DD', '(2024/07/01)', '2024-06-30T16:00:00.000Z', 'date-only'],
    ['YY.MM.DD HH:mm', '24.07.04 18:00', '2024-07-04T10:00:00.000Z', null],
    ['MM-DD HH:mm', '07-04 19:30', '2024-07-04T11:30:00.000Z', null],
    // no year: a day ahead of now would be the future, so it is last year's
    ['MM-DD HH:mm', '12-31 23:00', '2023-12-31T15:00:00.000Z', null],
    // a time alone: today, or yesterday when that time is still to come (now is 20:00 in Shanghai)
    ['HH:mm', '19:05', '2024-07-04T11:05:00.000Z', null],
    ['HH:mm', '23:40', '2024-07-03T15:40:00.000Z', null],
    ['YYYY-MM-DD', '2024-13-01', null, 'unparseable'],
    ['YYYY-MM-DD HH:mm:ss', '2024-07-04 10:61:00', null, 'unparseable'],
    ['YYYY-MM-DD', '2024-02-30', null, 'unparseable'],
    ['YYYY-MM-DD', '2024-00-10', null, 'unparseable'],
    ['YYYY-MM-DD', '2024-02-29', '2024-02-28T16:00:00.000Z', 'date-only'],
    ['YYYY-MM-DD HH:mm', '刚刚', null, 'unparseable'],
    ['YYYY-MM-DD HH:mm', '  ', null, 'missing'],
    ['YYYY-MM-DD', '2024-09-01', null, 'future'],
    // digits glued to the pattern are not a date
    ['YYYY-MM-DD', '12024-07-04', null, 'unparseable'],
  ];
  it.each(cases)('%s reads %j', (format, text, iso, flag) => {
    expect(parseWithFormat(text, format, shanghai)).toEqual({ iso, flag });
  });
});

describe('scraped date values', () => {
  const cases: [name: string, raw: unknown, format: string | undefined, iso: string | null, flag: string | null][] = [
    ['epoch milliseconds', 1720056600000, undefined, '2024-07-04T01:30:00.000Z', null],
    ['epoch seconds', 1720056600, undefined, '2024-07-04T01:30:00.000Z', null],
    ['epoch milliseconds as text', '1720056600000', undefined, '2024-07-04T01:30:00.000Z', null],
    ['local time text, no format', '2024-07-04 10:12:30', undefined, '2024-07-04T02:12:30.000Z', null],
    ['ISO with zone', '2024-07-04T10:12:30+08:00', undefined, '2024-07-04T02:12:30.000Z', null],
    ['null', null, undefined, null, 'missing'],
    ['an object', { t: 1 }, undefined, null, 'unparseable'],
    ['zero', 0, undefined, null, 'unparseable'],
    ['epoch in the future', 1893456000000, undefined, null, 'future'],
    // relative times, read against now = 2024-07-04 20:00 in Shanghai
    ['刚刚', '刚刚', 'YYYY-MM-DD HH:mm', '2024-07-04T12:00:00.000Z', null],
    ['minutes ago', '15分钟前', 'YYYY-MM-DD HH:mm', '2024-07-04T11:45:00.000Z', null],
    ['hours ago, no format', '3 小时前', undefined, '2024-07-04T09:00:00.000Z', null],
    ['days ago names a day', '2天前', undefined, '2024-07-02T12:00:00.000Z', 'date-only'],
    ['today with a time', '今天 08:05', 'YYYY-MM-DD HH:mm', '2024-07-04T00:05:00.000Z', null],
    ['yesterday with a time', '昨天 18:30', undefined, '2024-07-03T10:30:00.000Z', null],
    ['the day before, no time', '前天', undefined, '2024-07-01T16:00:00.000Z', 'date-only'],
    ['neither formatted nor relative', '近日', 'YYYY-MM-DD', null, 'unparseable'],
  ];
  it.each(cases)('%s', (_, raw, format, iso, flag) => {
    expect(parseScrapedDate(raw, format, shanghai)).toEqual({ iso, flag });
  });
});
