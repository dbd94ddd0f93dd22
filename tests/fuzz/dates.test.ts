import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/parse/dates.ts';

const DAY = 24 * 3600_000;
const now = new Date('2026-04-19T08:00:00Z');
const zones = fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham');

/** Strings that look like the dates real feeds carry, then broken in the ways real feeds break them. */
const dateLike = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
    .chain(([y, mo, d, h, mi]) =>
      fc.constantFrom(
        `${y}-${mo}-${d} ${h}:${mi}:00`,
        `${y}年${mo}月${d}日 ${h}:${mi}`,
        `${y}/${mo}/${d}`,
        `${d} ${['Jan', 'Feb', 'Foo'][mo % 3]} ${y} ${h}:${mi}:00 +0800`,
        `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${h}:${mi}:00+08:00`,
        `${y}${mo}${d}`,
      ),
    ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', 'Infinity', '-1', '0', '1e400', '9'.repeat(400), '刚刚', '3小时前', '昨天 12:00', '__proto__', 'constructor', 'toString'),
);

describe('parseFeedDate (fuzz)', () => {
  it('never throws, and returns either no date or a real UTC instant no later than a day after the fetch', () => {
    fc.assert(
      fc.property(fc.option(dateLike, { nil: undefined }), zones, (raw, timezone) => {
        const out = parseFeedDate(raw, { timezone, now });
        expect(out).toHaveProperty('flag');
        if (out.iso !== null) {
          expect(out.iso).toMatch(/^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          expect(Number.isFinite(Date.parse(out.iso))).toBe(true);
          expect(Date.parse(out.iso)).toBeLessThanOrEqual(now.getTime() + DAY);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads every RFC 822 date a feed could carry back to the same instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2026-04-18'), noInvalidDate: true }), zones, (d, timezone) => {
        const at = new Date(Math.floor(d.getTime() / 1000) * 1000);
        expect(parseFeedDate(at.toUTCString(), { timezone, now }).iso).toBe(at.toISOString());
      }),
      { numRuns: 500 },
    );
  });
});
