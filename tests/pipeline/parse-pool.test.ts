// The parse pool moves parsing, normalising and fingerprinting to worker threads; it must never change what they give.
// Real worker threads on real fixture feeds, compared with the same work done on the main thread.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/dedup/index.ts';
import { ParseError } from '../../src/parse/errors.ts';
import { ParsePool, precomputedFeatures } from '../../src/pipeline/parse-pool.ts';
import { dedupInputOf, readFeed, type ReadFeedJob } from '../../src/pipeline/read-feed.ts';

const FEEDS = join(import.meta.dirname, '..', 'fixtures', 'feeds', 'cn');
const dedup = { windowMs: 3 * 86_400_000, url: { hostAliases: { 'm.meituan.com': 'tech.meituan.com' }, foldMobilePrefixes: true } };
const job = (file: string, url: string): ReadFeedJob => ({
  sourceId: 'src',
  keying: 'guid',
  text: readFileSync(join(FEEDS, file), 'utf8'),
  url,
  timezone: 'Asia/Shanghai',
  now: new Date('2026-04-20T00:00:00Z'),
  dedup,
});
const meituan = job('meituan-tech-rss.xml', 'https://tech.meituan.com/feed/');
const ruanyifeng = job('ruanyifeng-atom.xml', 'https://www.ruanyifeng.com/blog/atom.xml');

let pool: ParsePool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('parse pool', () => {
  it('reads a lone document on the main thread, and documents in a burst on a worker, to the same items and features', async () => {
    pool = new ParsePool(1);
    const lone = await pool.read(ruanyifeng);
    // In-thread reads leave fingerprinting to ingest, which does it for new items only.
    expect(lone.features).toEqual([]);
    expect(precomputedFeatures(lone.items[0]!, dedup)).toBeNull();
    const onWorker = await pool.read(meituan);
    const here = await readFeed(meituan, true);
    expect(onWorker.items.length).toBeGreaterThan(5);
    expect(onWorker.items).toEqual(here.items);
    expect(onWorker.feed).toEqual(here.feed);
    expect(onWorker.features).toEqual(onWorker.items.map((i) => computeFeatures(dedupInputOf(i), dedup)));
    // Ingest takes them for these items with these options only.
    expect(precomputedFeatures(onWorker.items[3]!, dedup)).toEqual(onWorker.features[3]);
    expect(precomputedFeatures(onWorker.items[3]!, { ...dedup })).toBeNull();
    expect(precomputedFeatures(here.items[3]!, dedup)).toBeNull();
  });

  it("gives a worker's parse failure as the ParseError the main thread would throw", async () => {
    pool = new ParsePool(1);
    await pool.read(ruanyifeng);
    const html = { ...meituan, text: '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>hi</body></html>' };
    const err = await pool.read(html).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).kind).toBe('not-a-feed');
    expect((err as ParseError).alternates).toEqual(['https://tech.meituan.com/rss.xml']);
    await expect(readFeed(html, false)).rejects.toThrow((err as Error).message);
  });

  it('reads on the main thread when a worker cannot start, the documents it was given included', async () => {
    pool = new ParsePool(1, new URL('./no-such-worker.mjs', import.meta.url));
    await pool.read(ruanyifeng);
    const read = await pool.read(meituan);
    expect(read.items).toEqual((await readFeed(meituan, false)).items);
    expect(read.features).toEqual([]);
    // The pool stays off: later documents do not wait for a worker that never comes.
    const again = await pool.read(meituan);
    expect(again.items).toHaveLength(read.items.length);
  });

  it('reads everything on the main thread when sized 0', async () => {
    pool = new ParsePool(0);
    for (let i = 0; i < 3; i++) expect((await pool.read(meituan)).features).toEqual([]);
  });
});
