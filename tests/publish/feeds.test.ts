import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderFeed, type FeedFormat, type FeedMeta, type Labels } from '../../src/publish/feed-document.ts';
import { renderOpml } from '../../src/publish/opml.ts';
import type { StorySummary } from '../../src/model/story.ts';

const meta: FeedMeta = {
  title: 'AI 产业要闻 & <更多>',
  description: '去重后的中国 AI 产业新闻',
  homeUrl: 'http://huiju.test/',
  links: { rss: 'http://huiju.test/feeds/ai.xml?q=a&b', atom: 'http://huiju.test/feeds/ai.atom?q=a&b', json: 'http://huiju.test/feeds/ai.json' },
  updated: new Date('2024-07-04T02:00:00Z'),
  tagUrl: (t) => `http://huiju.test/?tag=${t}`,
};

const labels: Labels = {
  source: (id) => ({ xinhua: '新华网', jfdaily: '解放日报', paper: '澎湃新闻' })[id] ?? id,
  tag: (id) => ({ ai: '人工智能', llm: '大模型' })[id] ?? id,
  sourceUrl: (id) => (id === 'gone' ? undefined : `http://${id}.example/rss.xml`),
};

function story(over: Partial<StorySummary>): StorySummary {
  return {
    id: 1,
    itemId: 1,
    guid: 'urn:huiju:story:0c1f2e3d4c5b6a7980a1b2c3',
    title: '上海34款大模型通过备案',
    url: 'http://www.news.cn/tech/20240704/abc.html',
    source: 'xinhua',
    author: null,
    summary: '截至今年6月中旬，上海市已有34款大模型通过备案。',
    contentHtml: '<p>截至今年6月中旬，上海市已有<b>34款</b>大模型通过备案。</p>',
    categories: [],
    publishedAt: '2024-07-03T23:21:00.000Z',
    itemUpdatedAt: null,
    updatedAt: '2024-07-04T01:00:00.000Z',
    tags: ['ai', 'llm'],
    duplicates: [],
    ...over,
  };
}

const stories: StorySummary[] = [
  story({
    duplicates: [
      { itemId: 2, source: 'jfdaily', url: 'https://www.jfdaily.com/a?x=1&y=2', title: '上海34款大模型通过备案', publishedAt: '2024-07-04T00:00:00.000Z', matchRule: 'canonical-url', matchSimilarity: 1 },
      { itemId: 3, source: 'paper', url: null, title: '上海34款大模型', publishedAt: '2024-07-04T00:10:00.000Z', matchRule: 'title', matchSimilarity: 0.9 },
    ],
  }),
  // Hostile content: markup in the title, a script and a handler in the body, XML-illegal control bytes, ']]>'.
  story({
    id: 2,
    itemId: 4,
    guid: 'urn:huiju:story:ffffffffffffffffffffffff',
    title: 'A <b>bold</b> & "quoted" title\u0007 ]]>',
    url: 'javascript:alert(3)',
    source: 'gone',
    summary: null,
    contentHtml: '<p onclick="x()">text\u0000 ]]> <script>alert(1)</script><a href="javascript:alert(2)">link</a> 🚀</p>',
    publishedAt: '2024-02-29T16:00:00.000Z',
    updatedAt: '2024-02-29T16:00:00.000Z',
    tags: [],
  }),
];

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'entry', 'dc:creator', 'category', 'author', 'link', 'outline'].includes(name) });
type Node = Record<string, any>;

describe('published documents are well-formed XML (strict validator)', () => {
  it.each<[string, () => string]>([
    ['RSS 2.0', () => renderFeed('rss', meta, stories, labels)],
    ['Atom 1.0', () => renderFeed('atom', meta, stories, labels)],
    ['RSS, empty', () => renderFeed('rss', meta, [], labels)],
    ['OPML 2.0', () => renderOpml({ title: 'a & b', ownerUrl: 'http://huiju.test/', updated: meta.updated }, [
      { id: 'x', name: '新华网 & <科技>', url: 'http://x.example/rss?a=1&b=2', type: 'feed', enabled: true, priority: 0 },
    ])],
  ])('%s', (_name, render) => {
    const doc = render();
    expect(XMLValidator.validate(doc)).toBe(true);
    expect(doc.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    // No script URL from a stored row survives, in links or content.
    expect(doc).not.toMatch(/javascript:/i);
    // Every XML-forbidden control character was dropped.
    expect(doc).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });
});

describe('RSS 2.0', () => {
  const doc = renderFeed('rss', meta, stories, labels);
  const rss = xml.parse(doc).rss as Node;
  const channel = rss.channel as Node;
  const items = channel.item as Node[];

  it('declares its namespaces and links to itself with atom:link rel="self"', () => {
    expect(rss['@version']).toBe('2.0');
    expect(rss['@xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
    expect(rss['@xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    const self = channel['atom:link'] as Node;
    expect(self).toMatchObject({ '@href': meta.links.rss, '@type': 'application/rss+xml' });
    expect(channel.title).toBe(meta.title);
  });

  it('writes every date in RFC 822 form, to the second', () => {
    const dates = [channel.lastBuildDate as string, ...items.map((i) => i.pubDate as string)];
    for (const d of dates) expect(d).toMatch(RFC822);
    expect(items.map((i) => new Date(i.pubDate).toISOString())).toEqual(stories.map((s) => s.publishedAt));
  });

  it('gives each story a unique, non-permalink guid', () => {
    const guids = items.map((i) => i.guid as Node);
    expect(guids.map((g) => g['#text'])).toEqual(stories.map((s) => s.guid));
    expect(guids.every((g) => g['@isPermaLink'] === 'false')).toBe(true);
  });

  it('credits the representative outlet with one dc:creator, never with a bare name in <author>', () => {
    expect(doc).not.toMatch(/<author>/);
    expect(items[0]!['dc:creator']).toEqual(['新华网']);
  });

  it('credits the representative outlet in <source url> when its feed is known', () => {
    expect(items[0]!.source).toEqual({ '#text': '新华网', '@url': 'http://xinhua.example/rss.xml' });
    expect(items[1]!.source).toBeUndefined();
  });

  it('carries tag labels as categories with the tag page as domain, then the outlets with theirs', () => {
    expect(items[0]!.category).toEqual([
      { '#text': '人工智能', '@domain': 'http://huiju.test/?tag=ai' },
      { '#text': '大模型', '@domain': 'http://huiju.test/?tag=llm' },
      { '#text': '新华网', '@domain': 'http://huiju.test/?source=xinhua' },
      { '#text': '解放日报', '@domain': 'http://huiju.test/?source=jfdaily' },
      { '#text': '澎湃新闻', '@domain': 'http://huiju.test/?source=paper' },
    ]);
  });

  it('republishes sanitised HTML and lists the other outlets, linked', () => {
    const hostile = items[1]!['content:encoded'] as string;
    expect(hostile).not.toMatch(/<script|onclick|javascript:/i);
    expect(hostile).toContain('🚀');
    const wire = items[0]!['content:encoded'] as string;
    expect(wire).toContain('同时报道：<a href="https://www.jfdaily.com/a?x=1&amp;y=2">解放日报</a>、澎湃新闻');
  });

  it('falls back to the home page when a story has no usable (http) link', () => {
    expect(items[1]!.link).toEqual([meta.homeUrl]);
  });
});

describe('Atom 1.0', () => {
  const feed = xml.parse(renderFeed('atom', meta, stories, labels)).feed as Node;
  const entries = feed.entry as Node[];

  it('has an id, a self link, an updated time and a feed author', () => {
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(meta.links.atom);
    expect(feed.updated).toBe('2024-07-04T02:00:00.000Z');
    expect((feed.link as Node[]).find((l) => l['@rel'] === 'self')!['@href']).toBe(meta.links.atom);
    expect(feed.author).toEqual([{ name: 'huiju 汇聚' }]);
  });

  it('gives each entry its story id, RFC 3339 published and updated times, the representative outlet as author, tag and outlet categories', () => {
    expect(entries.map((e) => e.id)).toEqual(stories.map((s) => s.guid));
    for (const e of entries) {
      expect(e.published).toMatch(RFC3339);
      expect(e.updated).toMatch(RFC3339);
      expect(e.updated >= e.published).toBe(true);
    }
    expect((entries[0]!.author as Node[]).map((a) => a.name)).toEqual(['新华网']);
    expect(entries[0]!.category).toEqual([
      { '@term': 'ai', '@label': '人工智能', '@scheme': 'http://huiju.test/?tag=' },
      { '@term': 'llm', '@label': '大模型', '@scheme': 'http://huiju.test/?tag=' },
      { '@term': 'xinhua', '@label': '新华网', '@scheme': 'http://huiju.test/?source=' },
      { '@term': 'jfdaily', '@label': '解放日报', '@scheme': 'http://huiju.test/?source=' },
      { '@term': 'paper', '@label': '澎湃新闻', '@scheme': 'http://huiju.test/?source=' },
    ]);
    expect(entries[1]!.content['@type']).toBe('html');
    expect(entries[1]!.content['#text']).not.toMatch(/<script/);
  });
});

describe('an independent parser (rss-parser) reads what huiju writes', () => {
  it.each<[FeedFormat]>([['rss'], ['atom']])('%s', async (format) => {
    const parsed = await new Parser().parseString(renderFeed(format, meta, stories, labels));
    expect(parsed.title).toBe(meta.title);
    expect(parsed.items.map((i) => i.title)).toEqual([stories[0]!.title, 'A <b>bold</b> & "quoted" title ]]>']);
    expect(parsed.items.map((i) => i.guid ?? i.id)).toEqual(stories.map((s) => s.guid));
    expect(new Date(parsed.items[0]!.isoDate!).toISOString()).toBe(stories[0]!.publishedAt);
  });
});

describe('JSON Feed 1.1', () => {
  const feed = JSON.parse(renderFeed('json', meta, stories, labels)) as Node;
  it('has the 1.1 version, its own URL, and one item per story crediting the representative outlet and listing every outlet', () => {
    expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', feed_url: meta.links.json, home_page_url: meta.homeUrl });
    const items = feed.items as Node[];
    expect(items.map((i) => i.id)).toEqual(stories.map((s) => s.guid));
    expect(items[0]!.authors).toEqual([{ name: '新华网' }]);
    expect(items[0]!._huiju.outlets.map((o: Node) => o.name)).toEqual(['新华网', '解放日报', '澎湃新闻']);
    expect(items[0]!.tags).toEqual(['人工智能', '大模型']);
    expect(items[1]!.content_html).not.toMatch(/<script|javascript:/);
    expect(items[1]!.url).toBeUndefined();
  });
});

describe('OPML 2.0 export', () => {
  it('lists feed sources as rss outlines and leaves out scraped pages', () => {
    const doc = renderOpml({ title: 'huiju', ownerUrl: 'http://huiju.test/', updated: meta.updated }, [
      { id: 'xinhua', name: '新华网', url: 'http://xinhua.example/rss.xml', type: 'feed', enabled: true, priority: 0 },
      { id: 'page', name: '某网页', url: 'http://page.example/', type: 'html', enabled: true, priority: 0 } as never,
    ]);
    const opml = xml.parse(doc).opml as Node;
    expect(opml['@version']).toBe('2.0');
    expect(opml.head.dateCreated).toMatch(RFC822);
    expect(opml.body.outline).toEqual([
      { '@type': 'rss', '@text': '新华网', '@title': '新华网', '@xmlUrl': 'http://xinhua.example/rss.xml', '@huiju:id': 'xinhua' },
    ]);
  });
});
