import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/fetch/limiter.ts';
import { siteKey } from '../../src/fetch/registrable-domain.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Tasks that stay in flight until the test releases them, counting how many run at once, per site and overall. */
function harness() {
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  let total = 0;
  let peakTotal = 0;
  const gates: (() => void)[] = [];
  const task = (site: string) => async () => {
    total++;
    peakTotal = Math.max(peakTotal, total);
    inFlight.set(site, (inFlight.get(site) ?? 0) + 1);
    peak.set(site, Math.max(peak.get(site) ?? 0, inFlight.get(site) ?? 0));
    await new Promise<void>((resolve) => gates.push(resolve));
    inFlight.set(site, (inFlight.get(site) ?? 0) - 1);
    total--;
    return site;
  };
  return { task, peak, gates, peakTotal: () => peakTotal };
}

describe('createLimiter', () => {
  it('never exceeds the per-site or the global limit, and does reach them', async () => {
    const limiter = createLimiter({ global: 4, perSite: 2 });
    const h = harness();
    const urls = [
      ...Array.from({ length: 10 }, (_, i) => `https://${i % 2 ? 'a' : 'b'}.example.com/feed/${i}`),
      ...Array.from({ length: 10 }, (_, i) => `http://${i % 2 ? 'news' : 'finance'}.sina.com.cn/rss/${i}.xml`),
      ...Array.from({ length: 6 }, (_, i) => `http://www.people.com.cn/rss/${i}.xml`),
    ];
    const results = Promise.all(urls.map((u) => limiter.run(u, h.task(siteKey(u)))));
    // Release tasks one at a time, always the oldest, until all are done.
    let released = 0;
    while (released < urls.length) {
      await tick();
      expect(limiter.active).toBeLessThanOrEqual(4);
      const next = h.gates.shift();
      if (!next) continue;
      next();
      released++;
    }
    expect(await results).toEqual(urls.map(siteKey));
    expect(Object.fromEntries(h.peak)).toEqual({ 'example.com': 2, 'sina.com.cn': 2, 'people.com.cn': 2 });
    expect(h.peakTotal()).toBe(4);
    expect(limiter.active).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('a busy site does not hold up another site queued behind it', async () => {
    const limiter = createLimiter({ global: 10, perSite: 1 });
    const h = harness();
    const busy = [1, 2, 3].map((i) => limiter.run(`https://a.example.com/${i}`, h.task('example.com')));
    const other = limiter.run('https://other.org/feed', h.task('other.org'));
    await tick();
    expect(limiter.active).toBe(2);
    expect(limiter.queued).toBe(2);
    for (let i = 0; i < 4; i++) {
      await tick();
      h.gates.shift()?.();
    }
    await Promise.all([...busy, other]);
  });

  it('a failing task frees its slot and passes its error on', async () => {
    const limiter = createLimiter({ global: 1, perSite: 1 });
    const failed = limiter.run('http://x.cn/', async () => {
      throw new Error('boom');
    });
    const next = limiter.run('http://x.cn/', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });

  it('rejects limits below 1', () => {
    expect(() => createLimiter({ global: 0, perSite: 1 })).toThrow(RangeError);
  });
});

describe('siteKey', () => {
  it.each([
    ['https://a.example.com/feed', 'example.com'],
    ['https://B.Example.COM/x', 'example.com'],
    ['http://news.sina.com.cn/rss.xml', 'sina.com.cn'],
    ['http://www.gov.cn/rss/', 'www.gov.cn'],
    ['http://english.www.gov.cn/rss/', 'www.gov.cn'],
    ['http://rss.cnki.net.cn/', 'cnki.net.cn'],
    ['http://www.cas.org.cn/', 'cas.org.cn'],
    ['http://news.tsinghua.edu.cn/', 'tsinghua.edu.cn'],
    ['http://feeds.bbci.co.uk/news/rss.xml', 'bbci.co.uk'],
    ['http://www.xinhuanet.com/politics/news_politics.xml', 'xinhuanet.com'],
    ['http://rss.people.com.cn/', 'people.com.cn'],
    ['http://127.0.0.1:8080/feed', '127.0.0.1'],
    ['http://[::1]:8080/feed', '::1'],
    ['http://localhost:1200/bilibili', 'localhost'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, key) => {
    expect(siteKey(url)).toBe(key);
  });
});

describe('closing the limiter', () => {
  it('rejects queued tasks when their turn comes instead of starting them', async () => {
    const limiter = createLimiter({ global: 1, perSite: 1 });
    let release!: () => void;
    const first = limiter.run('http://a.example/', () => new Promise<string>((r) => (release = () => r('first'))));
    let started = false;
    const queued = limiter.run('http://b.example/', async () => {
      started = true;
      return 'second';
    });
    await tick(); // the first task is running
    limiter.close(() => new Error('shutting down'));
    release();
    await expect(first).resolves.toBe('first');
    await expect(queued).rejects.toThrow('shutting down');
    expect(started).toBe(false);
  });
});
