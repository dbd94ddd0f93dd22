/**
 * Issue 17.10: readers credit a story to the outlet in its author field, and with one author per outlet they showed
 * the last one, often a republisher. The author is now the representative outlet alone (RSS one dc:creator, Atom one
 * author, JSON Feed one entry in authors); every outlet is listed as a category (RSS, Atom) or under _huiju.outlets
 * (JSON Feed), and the other outlets stay in the 同时报道 footer. Atom's <updated> is the story's own time, not
 * the time huiju last saw a copy of it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { StorySummary } from '../../src/model/story.ts';
import { renderFeed, type FeedMeta, type Labels } from '../../src/publish/feed-document.ts';

const meta: FeedMeta = {
  title: 'AI 产业要闻',
  description: 'd',
  homeUrl: 'http://huiju.test/',
  links: { rss: 'http://huiju.test/feed.xml', atom: 'http://huiju.test/feed.atom', json: 'http://huiju.test/feed.json' },
  updated: new Date('2024-07-04T02:00:00Z'),
  tagUrl: (t) => `http://huiju.test/?tag=${t}`,
};

const labels: Labels = {
  source: (id) => ({ xinhua: '新华网', jfdaily: '解放日报', paper: '澎湃新闻' })[id] ?? id,
  tag: (id) => ({ ai: '人工智能' })[id] ?? id,
  sourceUrl: (id) => `http://${id}.example/rss.xml`,
};

const story: StorySummary = {
  id: 1,
  itemId: 1,
  guid: 'urn:huiju:story:0c1f2e3d4c5b6a7980a1b2c3',
  title: '上海34款大模型通过备案',
  url: 'http://www.news.cn/tech/abc.html',
  source: 'xinhua',
  author: '记者 张三',
  summary: '截至今年6月中旬，上海市已有34款大模型通过备案。',
  contentHtml: '<p>正文</p>',
  categories: [],
  publishedAt: '2024-07-03T23:21:00.000Z',
  // When huiju last saw a copy (a republisher's, three hours later): not the story's own time.
  itemUpdatedAt: null,
  updatedAt: '2024-07-04T02:30:00.000Z',
  tags: ['ai'],
  duplicates: [
    { itemId: 2, source: 'jfdaily', url: 'https://www.jfdaily.com/a', title: 't', publishedAt: '2024-07-04T00:00:00.000Z', matchRule: 'canonical-url', matchSimilarity: 1 },
    { itemId: 3, source: 'paper', url: null, title: 't', publishedAt: '2024-07-04T02:30:00.000Z', matchRule: 'title', matchSimilarity: 0.9 },
  ],
};

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['dc:creator', 'category', 'author'].includes(n) });
type Node = Record<string, any>;

describe('RSS 2.0', () => {
  const item = (xml.parse(renderFeed('rss', meta, [story], labels)).rss as Node).channel.item as Node;

  it('credits the representative outlet alone in dc:creator', () => {
    expect(item['dc:creator']).toEqual(['新华网']);
  });

  it('lists every outlet as a category in the outlets domain, after the tags', () => {
    expect(item.category).toEqual([
      { '#text': '人工智能', '@domain': 'http://huiju.test/?tag=ai' },
      { '#text': '新华网', '@domain': 'http://huiju.test/?source=xinhua' },
      { '#text': '解放日报', '@domain': 'http://huiju.test/?source=jfdaily' },
      { '#text': '澎湃新闻', '@domain': 'http://huiju.test/?source=paper' },
    ]);
  });

  it('keeps the other outlets in the footer', () => {
    expect(item['content:encoded']).toContain('同时报道：<a href="https://www.jfdaily.com/a">解放日报</a>、澎湃新闻');
  });
});

describe('Atom 1.0', () => {
  const entry = (xml.parse(renderFeed('atom', meta, [story], labels)).feed as Node).entry as Node;

  it('credits the representative outlet alone in author', () => {
    expect(entry.author).toEqual([{ name: '新华网' }]);
  });

  it("dates <updated> by the story's own time, not by when huiju last saw a copy", () => {
    expect(entry.published).toBe('2024-07-03T23:21:00.000Z');
    expect(entry.updated).toBe('2024-07-03T23:21:00.000Z');
  });

  it('lists every outlet as a category in the outlets scheme', () => {
    expect(entry.category).toEqual([
      { '@term': 'ai', '@label': '人工智能', '@scheme': 'http://huiju.test/?tag=' },
      { '@term': 'xinhua', '@label': '新华网', '@scheme': 'http://huiju.test/?source=' },
      { '@term': 'jfdaily', '@label': '解放日报', '@scheme': 'http://huiju.test/?source=' },
      { '@term': 'paper', '@label': '澎湃新闻', '@scheme': 'http://huiju.test/?source=' },
    ]);
  });

  it('uses the outlet page the server names, when it names one', () => {
    const named = { ...meta, outletUrl: (id: string) => `http://huiju.test/sources#${id}` };
    const e = (xml.parse(renderFeed('atom', named, [story], labels)).feed as Node).entry as Node;
    expect(e.category[1]).toEqual({ '@term': 'xinhua', '@label': '新华网', '@scheme': 'http://huiju.test/sources#' });
  });
});

describe('JSON Feed 1.1', () => {
  const item = (JSON.parse(renderFeed('json', meta, [story], labels)) as Node).items[0] as Node;

  it('credits the representative outlet alone in authors', () => {
    expect(item.authors).toEqual([{ name: '新华网' }]);
  });

  it('lists every outlet under _huiju.outlets, the representative first', () => {
    expect(item._huiju.outlets).toEqual([
      { source: 'xinhua', name: '新华网', url: 'http://www.news.cn/tech/abc.html' },
      { source: 'jfdaily', name: '解放日报', url: 'https://www.jfdaily.com/a' },
      { source: 'paper', name: '澎湃新闻', url: null },
    ]);
  });

  it("dates date_modified by the story's own time, like Atom's <updated>", () => {
    expect(item.date_modified).toBe(story.publishedAt);
  });
});

/** A Python interpreter that has the `feedparser` module (the library many readers are built on), if any. */
function findFeedparser(): string | null {
  for (const py of ['python3', '/usr/bin/python3', 'python']) {
    const r = spawnSync(py, ['-c', 'import feedparser'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}
const PYTHON = findFeedparser();

describe.skipIf(PYTHON === null)('Python feedparser reads what huiju writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huiju-feedparser-'));
  const read = (format: 'rss' | 'atom' | 'json') => {
    const file = join(dir, `feed.${format}`);
    writeFileSync(file, renderFeed(format, meta, [story], labels));
    const script = `
import json, sys, feedparser
e = feedparser.parse(sys.argv[1]).entries[0]
print(json.dumps({'author': e.get('author'), 'authors': [a.get('name') for a in e.get('authors', [])],
  'tags': [[t.get('term'), t.get('scheme'), t.get('label')] for t in e.get('tags', [])],
  'updated': e.get('updated'), 'published': e.get('published')}, ensure_ascii=False))`;
    const r = spawnSync(PYTHON!, ['-c', script, file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as { author: string; authors: string[]; tags: [string, string, string | null][]; updated: string; published: string };
  };

  it.each([['rss'], ['atom']] as const)('%s: the author is the representative outlet, and the outlets are tags', (format) => {
    const e = read(format);
    expect(e.author).toBe('新华网');
    expect(e.authors).toEqual(['新华网']);
    const outlets = e.tags.filter(([, scheme]) => scheme?.includes('?source=')).map(([term, , label]) => label ?? term);
    expect(outlets).toEqual(['新华网', '解放日报', '澎湃新闻']);
  });

  it('atom: updated is the published time', () => {
    const e = read('atom');
    expect(e.updated).toBe(e.published);
  });
});
