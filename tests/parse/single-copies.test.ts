/**
 * Issue 17.21: one copy of each rule. The length of a day (DAY_MS, src/time.ts), the "date in the future" rule
 * (src/parse/dates.ts) and the derivation of an item's text (itemText, src/normalise/item.ts) are each written once;
 * everything else imports them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTooFarAhead, parseFeedDate } from '../../src/parse/dates.ts';
import { parseScrapedDate } from '../../src/scrape/date-format.ts';
import { DAY_MS } from '../../src/time.ts';

const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [relative(ROOT, join(dir, e.name))] : [],
  );
}

const FILES = sourceFiles(join(ROOT, 'src')).map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

/**
 * Copies in files this change may not edit (owned by the store and pipeline work in progress). A copy anywhere else
 * fails; these may go (import DAY_MS from src/time.ts), and should then leave this list.
 */
const KNOWN_DAY_COPIES: string[] = [];

describe('one length of a day', () => {
  it('DAY_MS is 24 hours', () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
  });

  it('no other file spells a day out in milliseconds', () => {
    const day = /86_?400_?000|24 \* 3_?600_?000|24 \* 60 \* 60 \* 1000|24 \* 3600 \* 1000/;
    const copies = FILES.filter((f) => f.path !== 'src/time.ts' && day.test(f.text)).map((f) => f.path);
    expect(copies.filter((p) => !p.startsWith('src/store/postgres/') && !KNOWN_DAY_COPIES.includes(p))).toEqual([]);
  });
});

describe('one "date in the future" rule', () => {
  const now = new Date('2024-07-04T00:00:00Z');
  const ctx = { timezone: 'Asia/Shanghai', now };

  it('a date up to a day ahead of the fetch is trusted; later is not', () => {
    expect(isTooFarAhead(now.getTime() + DAY_MS, now)).toBe(false);
    expect(isTooFarAhead(now.getTime() + DAY_MS + 1, now)).toBe(true);
    expect(isTooFarAhead(now.getTime() + DAY_MS + 1000, now)).toBe(true);
  });

  it.each([
    ['an hour ahead', 3_600_000, null],
    ['exactly a day ahead', DAY_MS, null],
    ['a day and a second ahead', DAY_MS + 1000, 'future'],
    ['a year ahead', 365 * DAY_MS, 'future'],
  ])('feeds and scraped epochs agree: %s', (_name, ahead, flag) => {
    const at = new Date(now.getTime() + ahead);
    const fromFeed = parseFeedDate(at.toISOString(), ctx);
    const fromEpoch = parseScrapedDate(Math.floor(at.getTime() / 1000), undefined, ctx);
    const fromText = parseScrapedDate(at.toISOString(), undefined, ctx);
    expect([fromFeed.flag, fromEpoch.flag, fromText.flag]).toEqual([flag, flag, flag]);
  });

  it("only src/parse/dates.ts decides that a date is in the future", () => {
    const deciders = FILES.filter((f) => /flag: 'future'/.test(f.text)).map((f) => f.path);
    expect(deciders).toEqual(['src/parse/dates.ts']);
  });
});

describe("one derivation of an item's text", () => {
  it('the pipeline and the store derive text only through itemText (src/normalise/item.ts)', () => {
    const direct = FILES.filter((f) => /^src\/(pipeline|store)\//.test(f.path) && /\bhtmlToText\(/.test(f.text)).map((f) => f.path);
    expect(direct).toEqual([]);
    const users = FILES.filter((f) => /\bitemText\(/.test(f.text)).map((f) => f.path).sort();
    expect(users).toEqual(['src/fulltext/stage.ts', 'src/normalise/item.ts', 'src/pipeline/articles.ts', 'src/pipeline/ingest.ts', 'src/pipeline/reindex-text.ts']);
  });
});
