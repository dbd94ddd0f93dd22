import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture-server.ts';
import { startHarness, TAGS, type Harness } from './harness.ts';

// Real feeds (see tests/fixtures/feeds/cn/PROVENANCE.txt) through the real pipeline, then out again as huiju's feeds.
let h: Harness;
let storyCount = 0;

beforeAll(async () => {
  h = await startHarness(
    {
      '/chinanews.xml': { body: fixture('feeds/cn/chinanews-scroll-news-2026-04-19.xml') },
      '/ruanyifeng.atom': { body: fixture('feeds/cn/ruanyifeng-atom.xml') },
      '/v2ex.atom': { body: fixture('feeds/cn/v2ex-atom.xml') },
      '/qq.xml': { body: fixture('feeds/cn/tech-qq-rss-gb2312.xml') },
    },
    (feeds) => ({
      sources: [
        { id: 'chinanews', name: '中国新闻网', url: `${feeds}/chinanews.xml` },
        { id: 'ruanyifeng', name: '阮一峰的网络日志', url: `${feeds}/ruanyifeng.atom` },
        { id: 'v2ex', name: 'V2EX', url: `${feeds}/v2ex.atom` },
        { id: 'qq', name: '腾讯科技', url: `${feeds}/qq.xml` },
      ],
      tags: TAGS,
    }),
  );
  storyCount = ((await (await h.get('/api/items?limit=500')).json()) as { items: unknown[] }).items.length;
});
afterAll(() => h?.close());

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['item', 'entry', 'author', 'link', 'dc:creator'].includes(n) });

describe('feeds built from real Chinese feeds', () => {
  it('has stories from every source to publish', () => {
    expect(storyCount).toBeGreaterThan(50);
  });

  it('RSS: well-formed, RFC 822 dates, unique guids, self link, outlets as dc:creator and no <author>', async () => {
    const body = await (await h.get('/feed.xml?limit=500')).text();
    expect(XMLValidator.validate(body)).toBe(true);
    const channel = xml.parse(body).rss.channel;
    // The self link beside the WebSub hub link (push/websub).
    const links = [channel['atom:link']].flat() as Record<string, string>[];
    expect(links.find((l) => l['@rel'] === 'self')?.['@href']).toBe(`${h.url}/feed.xml?limit=500`);
    expect(links.find((l) => l['@rel'] === 'hub')?.['@href']).toBe(`${h.url}/websub`);
    const items = channel.item as Record<string, any>[];
    expect(items).toHaveLength(storyCount);
    expect(new Set(items.map((i) => i.guid['#text'])).size).toBe(storyCount);
    for (const i of items) {
      expect(i.pubDate).toMatch(RFC822);
      expect(i['dc:creator'].length).toBeGreaterThan(0);
      expect(i['content:encoded'] ?? '').not.toMatch(/<script|\son\w+=|javascript:/i);
    }
    expect(body).not.toMatch(/<author>/);
    const parsed = await new Parser().parseString(body);
    expect(parsed.items).toHaveLength(storyCount);
  });

  it('Atom: well-formed, every entry with an id, RFC 3339 times and an author', async () => {
    const body = await (await h.get('/feed.atom?limit=500')).text();
    expect(XMLValidator.validate(body)).toBe(true);
    const entries = xml.parse(body).feed.entry as Record<string, any>[];
    expect(entries).toHaveLength(storyCount);
    expect(new Set(entries.map((e) => e.id)).size).toBe(storyCount);
    for (const e of entries) {
      expect(e.id).toMatch(/^urn:huiju:story:[0-9a-f]{24}$/);
      expect(Date.parse(e.published)).not.toBeNaN();
      expect(e.updated >= e.published).toBe(true);
      expect(e.author[0].name).toBeTruthy();
    }
    const parsed = await new Parser().parseString(body);
    expect(parsed.items).toHaveLength(storyCount);
  });

  it('JSON Feed: the same stories with the same ids', async () => {
    const rssIds = (xml.parse(await (await h.get('/feed.xml?limit=500')).text()).rss.channel.item as Record<string, any>[]).map((i) => i.guid['#text']);
    const feed = (await (await h.get('/feed.json?limit=500')).json()) as { version: string; items: { id: string; authors: unknown[] }[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items.map((i) => i.id)).toEqual(rssIds);
    expect(feed.items.every((i) => i.authors.length > 0)).toBe(true);
  });
});
