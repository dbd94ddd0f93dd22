import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import { importOpml, OpmlError, readOpml } from '../../src/config/opml-import.ts';
import { ROOT, runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { FIXTURES } from '../helpers/fixture-server.ts';

const opml = (feeds: [string, string][]) =>
  `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${feeds
    .map(([title, url]) => `<outline type="rss" text="${title}" xmlUrl="${url}"/>`)
    .join('')}</body></opml>`;

const ONE = opml([['量子位', 'https://www.qbitai.com/feed']]);

describe('importOpml keeps the file’s own layout', () => {
  it.each<[string, string, string]>([
    [
      'multi-line objects, two-space indent (the shipped feeds.json)',
      '{\n  "defaults": { "timezone": "Asia/Shanghai" },\n  "sources": [\n    {\n      "id": "a",\n      "name": "A",\n      "url": "http://a.example/rss"\n    }\n  ],\n  "tags": []\n}\n',
      '{\n  "defaults": { "timezone": "Asia/Shanghai" },\n  "sources": [\n    {\n      "id": "a",\n      "name": "A",\n      "url": "http://a.example/rss"\n    },\n    {\n      "id": "qbitai",\n      "name": "量子位",\n      "url": "https://www.qbitai.com/feed"\n    }\n  ],\n  "tags": []\n}\n',
    ],
    [
      'one object per line, as in the README',
      '{\n  "sources": [\n    { "id": "a", "name": "A", "url": "http://a.example/rss", "priority": 10 }\n  ]\n}',
      '{\n  "sources": [\n    { "id": "a", "name": "A", "url": "http://a.example/rss", "priority": 10 },\n    { "id": "qbitai", "name": "量子位", "url": "https://www.qbitai.com/feed" }\n  ]\n}',
    ],
    [
      'tabs and CRLF line endings',
      '{\r\n\t"sources": [\r\n\t\t{\r\n\t\t\t"id": "a", "name": "A", "url": "http://a.example/rss"\r\n\t\t}\r\n\t]\r\n}\r\n',
      '{\r\n\t"sources": [\r\n\t\t{\r\n\t\t\t"id": "a", "name": "A", "url": "http://a.example/rss"\r\n\t\t},\r\n\t\t{\r\n\t\t\t"id": "qbitai",\r\n\t\t\t"name": "量子位",\r\n\t\t\t"url": "https://www.qbitai.com/feed"\r\n\t\t}\r\n\t]\r\n}\r\n',
    ],
    ['an empty sources array', '{\n  "sources": [],\n  "tags": []\n}\n', '{\n  "sources": [\n    {\n      "id": "qbitai",\n      "name": "量子位",\n      "url": "https://www.qbitai.com/feed"\n    }\n  ],\n  "tags": []\n}\n'],
    ['no sources key at all', '{\n  "tags": []\n}\n', '{\n  "sources": [\n    { "id": "qbitai", "name": "量子位", "url": "https://www.qbitai.com/feed" }\n  ],\n  "tags": []\n}\n'],
    ['an empty object', '{}', '{\n  "sources": [\n    { "id": "qbitai", "name": "量子位", "url": "https://www.qbitai.com/feed" }\n  ]\n}'],
    [
      'strings holding brackets, quotes and escapes before the array',
      '{"outputs": [{"id": "x", "title": "a ] \\" [ }"}], "sources": [{"id": "a", "name": "A", "url": "http://a.example/rss"}]}',
      '{"outputs": [{"id": "x", "title": "a ] \\" [ }"}], "sources": [{"id": "a", "name": "A", "url": "http://a.example/rss"}, { "id": "qbitai", "name": "量子位", "url": "https://www.qbitai.com/feed" }]}',
    ],
  ])('%s', (_name, before, expected) => {
    const result = importOpml(before, ONE);
    expect(result.added).toEqual([{ id: 'qbitai', name: '量子位', url: 'https://www.qbitai.com/feed' }]);
    expect(result.text).toBe(expected);
    expect(JSON.parse(result.text)).toBeTruthy();
  });
});

describe('importOpml chooses what to add', () => {
  const config = JSON.stringify({ sources: [{ id: 'chinanews-scroll', name: '中新网', url: 'https://www.chinanews.com.cn/rss/scroll-news.xml' }] }, null, 2);
  const result = importOpml(config, readFileSync(join(FIXTURES, 'opml', 'reader-export.opml'), 'utf8'));

  it('adds new feeds with unique slugs from readable titles, else from the host and path', () => {
    expect(result.added.map((s) => [s.id, s.name])).toEqual([
      ['qbitai', '量子位'],
      ['jiqizhixin', '机器之心'],
      ['hacker-news-front-page', 'Hacker News: Front Page'],
      ['chinanews', '中新网 财经'],
      ['chinanews-world', '中新网 国际'],
      ['rsshub', '澎湃 精选'],
    ]);
    expect(validateConfig(JSON.parse(result.text)).ok).toBe(true);
  });

  it('skips what is already there, repeats, and URLs that are not http(s), saying why', () => {
    expect(result.skipped).toEqual([
      { url: 'https://www.chinanews.com.cn/rss/scroll-news.xml', title: '中国新闻网 即时', reason: 'already in the config as "chinanews-scroll"' },
      { url: 'https://WWW.QBITAI.COM/feed', title: '量子位 (again)', reason: 'listed twice in the OPML file' },
      { url: 'file:///etc/passwd', title: '本地文件', reason: 'not an http(s) URL' },
    ]);
  });

  it('changes nothing when there is nothing new', () => {
    const again = importOpml(result.text, readFileSync(join(FIXTURES, 'opml', 'reader-export.opml'), 'utf8'));
    expect(again.added).toEqual([]);
    expect(again.text).toBe(result.text);
  });

  it.each<[string, string]>([
    ['an HTML page', '<html><body><outline xmlUrl="http://x/"/></body></html>'],
    ['an RSS feed', '<rss version="2.0"><channel/></rss>'],
  ])('refuses %s as not OPML', (_name, text) => {
    expect(() => readOpml(text)).toThrow(OpmlError);
  });
});

describe('huiju import-opml', () => {
  it('adds to a copy of the shipped feeds.json, leaving the rest byte-identical, and the result passes huiju check', async () => {
    const dir = tempDir();
    const config = join(dir, 'feeds.json');
    copyFileSync(join(ROOT, 'feeds.json'), config);
    const before = readFileSync(config, 'utf8');
    const res = await runCli(['import-opml', join(FIXTURES, 'opml', 'reader-export.opml'), '--config', config]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^added {4}jiqizhixin {2}机器之心 {2}https:\/\/www\.jiqizhixin\.com\/rss$/m);
    expect(res.stdout).toMatch(/^skipped {2}https:\/\/www\.qbitai\.com\/feed {2}\(already in the config as "qbitai"\)$/m);
    const after = readFileSync(config, 'utf8');
    // Everything before the insertion point and after it is unchanged.
    const cut = before.indexOf('\n  ],\n  "outputs"') >= 0 ? before.indexOf('\n  ],\n  "outputs"') : before.lastIndexOf('\n  ]');
    expect(after.startsWith(before.slice(0, cut))).toBe(true);
    expect(after.endsWith(before.slice(cut))).toBe(true);
    expect(res.stdout).toMatch(new RegExp(`${config.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: \\d+ added, \\d+ skipped$`, 'm'));
    const check = await runCli(['check', '--config', config]);
    expect(check.code).toBe(0);
  });

  it.each<[string, string[], RegExp]>([
    ['a missing file', ['import-opml', '/nonexistent.opml'], /cannot read \/nonexistent\.opml: no such file/],
    ['no file', ['import-opml'], /usage: huiju import-opml FILE/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const dir = tempDir();
    const res = await runCli([...args, '--config', writeConfig(dir, { sources: [] })]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });

  it('refuses to edit an invalid config, and writes nothing', async () => {
    const dir = tempDir();
    const config = writeConfig(dir, '{ "sources": [ { "id": "BAD ID", "name": "x", "url": "http://x/" } ] }');
    const res = await runCli(['import-opml', join(FIXTURES, 'opml', 'reader-export.opml'), '--config', config]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/sources\[0\] \(id "BAD ID"\)\.id: must be a slug/);
    expect(readFileSync(config, 'utf8')).toBe('{ "sources": [ { "id": "BAD ID", "name": "x", "url": "http://x/" } ] }');
  });
});
