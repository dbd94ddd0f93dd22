import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import { importOpml, importOpmlFile, readOpml } from '../../src/config/opml-import.ts';
import { tempDir, writeConfig } from '../helpers/cli.ts';
import { FIXTURES } from '../helpers/fixture-server.ts';

const outline = (title: string, url: string) => `<outline type="rss" text="${title}" xmlUrl="${url}"/>`;
const opml = (body: string) => `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${body}</body></opml>`;
const EMPTY = '{\n  "sources": []\n}\n';

function added(opmlText: string, config = EMPTY) {
  const result = importOpml(config, opmlText);
  const check = validateConfig(JSON.parse(result.text));
  expect(check.ok ? [] : check.problems).toEqual([]);
  return result;
}

describe('folders', () => {
  it('become each source’s group, nested folders joined with " / "', () => {
    const result = added(
      opml(
        `<outline text="AI 产业">${outline('量子位', 'https://www.qbitai.com/feed')}<outline title="芯片"><outline text="x">${''}</outline>${outline('芯东西', 'https://zhidx.com/rss')}</outline></outline>` +
          outline('人民网', 'http://www.people.com.cn/rss/politics.xml'),
      ),
    );
    expect(result.added).toEqual([
      { id: 'qbitai', name: '量子位', url: 'https://www.qbitai.com/feed', group: 'AI 产业' },
      { id: 'zhidx', name: '芯东西', url: 'https://zhidx.com/rss', group: 'AI 产业 / 芯片' },
      { id: 'people', name: '人民网', url: 'http://www.people.com.cn/rss/politics.xml' },
    ]);
    expect(result.text).toContain('"group": "AI 产业 / 芯片"');
    const config = validateConfig(JSON.parse(result.text));
    expect(config.ok && config.config.sources.map((s) => s.group)).toEqual(['AI 产业', 'AI 产业 / 芯片', undefined]);
  });

  it('are read from a reader’s export', () => {
    const feeds = readOpml(readFileSync(join(FIXTURES, 'opml', 'reader-export.opml'), 'utf8'));
    expect(feeds.slice(0, 4).map((f) => [f.title, f.group])).toEqual([
      ['量子位', 'AI 产业'],
      ['机器之心', 'AI 产业'],
      ['Hacker News: Front Page', 'AI 产业'],
      ['中国新闻网 即时', '新闻'],
    ]);
  });

  it('must be a non-empty string in feeds.json', () => {
    const result = validateConfig({ sources: [{ id: 'a', name: 'A', url: 'http://a.example/', group: '' }] });
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['sources[0].group']);
  });
});

describe('ids', () => {
  it('come from the host and the path’s words, never feed-2', () => {
    const result = added(
      opml(
        [
          outline('示例 RSS', 'https://www.example.com/rss.xml'),
          outline('示例 Atom', 'https://www.example.com/atom.xml'),
          outline('示例 科技', 'https://www.example.com/category/tech/feed/'),
          outline('示例 财经', 'https://www.example.com/category/finance/feed/'),
          outline('示例 一', 'https://www.example.com/feed?cat=1'),
          outline('示例 二', 'https://www.example.com/feed?cat=2'),
          outline('博客', 'https://blog.example.com/index.xml'),
          outline('博客 again', 'https://blog.example.com/feed.json'),
        ].join(''),
      ),
    );
    const ids = result.added.map((s) => s.id);
    expect(ids).toEqual([
      'example',
      'example-atom',
      'example-category-tech',
      'example-category-finance',
      'example-cat-1',
      'example-cat-2',
      'blog-example',
      'blog-example-feed-json',
    ]);
    expect(ids.some((id) => /^feed-\d+$/.test(id))).toBe(false);
  });

  it('are numbered on the host only when every word is taken', () => {
    const config = JSON.stringify({ sources: [{ id: 'example', name: 'x', url: 'http://x.example/1' }, { id: 'example-rss', name: 'y', url: 'http://x.example/2' }] });
    const result = added(opml(outline('示例', 'https://example.com/rss')), config);
    expect(result.added.map((s) => s.id)).toEqual(['example-2']);
  });
});

describe('URLs', () => {
  it('are compared normalised: a trailing slash, the scheme, the host’s case and the order of parameters do not make a new feed', () => {
    const config = JSON.stringify({ sources: [{ id: 'a', name: 'A', url: 'http://a.example/feed/' }] }, null, 2);
    const result = added(
      opml(
        [
          outline('A again', 'https://A.EXAMPLE/feed'),
          outline('B', 'https://b.example/rss?x=1&y=2'),
          outline('B again', 'https://b.example/rss/?y=2&x=1#top'),
          outline('C', 'https://c.example/feed'),
          outline('C again', 'https://c.example/feed/'),
        ].join(''),
      ),
      config,
    );
    expect(result.added.map((s) => s.url)).toEqual(['https://b.example/rss?x=1&y=2', 'https://c.example/feed']);
    expect(result.skipped.map((s) => [s.url, s.reason])).toEqual([
      ['https://A.EXAMPLE/feed', 'already in the config as "a"'],
      ['https://b.example/rss/?y=2&x=1#top', 'listed twice in the OPML file'],
      ['https://c.example/feed/', 'listed twice in the OPML file'],
    ]);
  });

  it('turn feed:// into https://', () => {
    const result = added(
      opml([outline('甲', 'feed://jia.example/rss.xml'), outline('乙', 'feed:https://yi.example/atom'), outline('丙', 'feed://http://bing.example/feed')].join('')),
    );
    expect(result.added.map((s) => s.url)).toEqual(['https://jia.example/rss.xml', 'https://yi.example/atom', 'http://bing.example/feed']);
    expect(result.skipped).toEqual([]);
  });
});

describe('importOpmlFile', () => {
  it('says in words that the OPML file is missing', () => {
    const result = importOpmlFile('/nonexistent/subscriptions.opml', writeConfig(tempDir(), { sources: [] }));
    expect(result).toEqual({ ok: false, message: 'cannot read /nonexistent/subscriptions.opml: no such file (ENOENT)' });
  });
});
