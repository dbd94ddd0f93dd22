import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss as rssDocument } from '../helpers/rss.ts';
import { connectSql, fileDatabases, TEST_ENGINE } from '../helpers/store.ts';

const TAGS = [
  { id: 'ai', label: '人工智能', keywords: ['人工智能', '大模型', 'AI'] },
  { id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型'] },
];

let server: FixtureServer;
let editable = '';

const rss = (items: { title: string; link: string; description: string }[]) =>
  rssDocument('t', items.map((i) => ({ ...i, date: '2024-07-01T08:00:00+08:00' })));

/** Where `huiju fetch --db` stores: a database of the engine under test, dropped when the file is done. */
const database = fileDatabases();

beforeAll(async () => {
  server = await startFixtureServer({
    '/chinanews.xml': { body: fixture('feeds/cn/chinanews-scroll-news-2026-04-19.xml') },
    '/people.xml': { body: fixture('feeds/cn/people-politics-2020-08-25.trimmed.xml') },
    '/qq-gb2312.xml': { body: fixture('feeds/cn/tech-qq-rss-gb2312.xml'), headers: { 'content-type': 'application/xml' } },
    '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') },
    '/broken.xml': { body: '<rss><channel><item><title>half' },
    '/html': { body: '<!doctype html><html><head><title>x</title></head><body>hi</body></html>', headers: { 'content-type': 'text/html' } },
    '/500': { status: 500, body: 'oops' },
    '/editable.xml': { body: () => editable },
  });
});
afterAll(async () => {
  await server.close();
});

describe('huiju fetch', () => {
  it('stores every source, prints one line each, survives the failing ones, and never duplicates on a re-fetch', async () => {
    const dir = tempDir();
    const location = await database();
    // A SQLite file's directories are made as needed.
    const db = TEST_ENGINE === 'sqlite' ? join(dirname(location), 'nested', 'huiju.db') : location;
    const config = writeConfig(dir, {
      sources: [
        { id: 'chinanews', name: '中国新闻网', url: `${server.url}/chinanews.xml` },
        { id: 'people', name: '人民网', url: `${server.url}/people.xml` },
        { id: 'qq', name: '腾讯科技', url: `${server.url}/qq-gb2312.xml` },
        { id: 'meituan', name: '美团技术团队', url: `${server.url}/meituan.xml` },
        { id: 'broken', name: 'Broken', url: `${server.url}/broken.xml` },
        { id: 'html', name: 'A web page', url: `${server.url}/html` },
        { id: 'fivehundred', name: 'Failing', url: `${server.url}/500` },
        { id: 'dead', name: 'Dead host', url: 'http://127.0.0.1:9/feed.xml' },
        { id: 'off', name: 'Disabled', url: `${server.url}/chinanews.xml`, enabled: false },
      ],
      tags: TAGS,
    });

    const first = await runCli(['fetch', '--config', config, '--db', db]);
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(8); // the disabled source is not fetched
    expect(lines).toContain('chinanews  new 30  updated 0  unchanged 0');
    expect(lines).toContain('people  new 6  updated 0  unchanged 0');
    expect(lines).toContain('qq  new 4  updated 0  unchanged 0');
    expect(lines.find((l) => l.startsWith('fivehundred'))).toMatch(/^fivehundred {2}FAILED {2}.*HTTP 500/);
    expect(lines.find((l) => l.startsWith('html'))).toMatch(/FAILED {2}not a feed/);
    expect(lines.find((l) => l.startsWith('dead'))).toMatch(/^dead {2}FAILED {2}\S/);
    expect(lines.find((l) => l.startsWith('broken'))).toMatch(/^broken {2}(FAILED|new)/);

    const second = await runCli(['fetch', '--config', config, '--db', db]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^chinanews {2}new 0 {2}updated 0 {2}unchanged 30$/m);

    const stored = connectSql(db);
    const titles = (await stored.sql<{ title: string }>("SELECT title FROM items WHERE source_id = 'qq'")).map((r) => r.title);
    expect(titles).toContain('柴静的雾霾纪录片是怎么火的？'); // GB2312 declared in the prolog, decoded right
    expect(titles.join('')).not.toContain('\uFFFD');
    const [counts] = await stored.sql<{ items: number; keys: number }>(
      "SELECT count(*) AS items, count(DISTINCT source_id || ' ' || item_key) AS keys FROM items",
    );
    expect(counts!.items).toBeGreaterThan(0);
    expect(counts!.items).toBe(counts!.keys);
    const [health] = await stored.sql<{ consecutive_failures: number; last_error: string }>(
      "SELECT consecutive_failures, last_error FROM sources WHERE id = 'fivehundred'",
    );
    expect(health!.consecutive_failures).toBe(2);
    expect(health!.last_error).toMatch(/HTTP 500/);
    await stored.close();
  });

  it('fetches only the named sources, and rejects unknown names', async () => {
    const dir = tempDir();
    const config = writeConfig(dir, {
      sources: [
        { id: 'chinanews', name: '中国新闻网', url: `${server.url}/chinanews.xml` },
        { id: 'people', name: '人民网', url: `${server.url}/people.xml` },
      ],
    });
    const db = await database();
    const r = await runCli(['fetch', '--source', 'people', '--config', config, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('people  new 6  updated 0  unchanged 0');
    const bad = await runCli(['fetch', '--source', 'nope', '--config', config, '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown source: nope/);
  });

  it('updates a changed item in place instead of adding a second copy', async () => {
    const dir = tempDir();
    const db = await database();
    const config = writeConfig(dir, { sources: [{ id: 'ed', name: 'Editable', url: `${server.url}/editable.xml` }], tags: TAGS });
    editable = rss([
      { title: '上海发布人工智能产业新政', link: 'http://example.com/a', description: '第一版' },
      { title: '另一条新闻', link: 'http://example.com/b', description: '不变' },
    ]);
    expect((await runCli(['fetch', '--config', config, '--db', db])).stdout.trim()).toBe('ed  new 2  updated 0  unchanged 0');
    editable = rss([
      { title: '上海发布人工智能产业新政（更新）', link: 'http://example.com/a', description: '第二版，加入大模型内容' },
      { title: '另一条新闻', link: 'http://example.com/b', description: '不变' },
    ]);
    expect((await runCli(['fetch', '--config', config, '--db', db])).stdout.trim()).toBe('ed  new 0  updated 1  unchanged 1');
    const stored = connectSql(db);
    const rows = await stored.sql<{ title: string }>("SELECT id, title, summary FROM items WHERE url = 'http://example.com/a'");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.title).toBe('上海发布人工智能产业新政（更新）');
    const tags = await stored.sql<{ tag: string }>("SELECT tag FROM item_tags JOIN items ON items.id = item_id WHERE url = 'http://example.com/a' ORDER BY tag");
    expect(tags.map((t) => t.tag)).toEqual(['ai', 'llm']); // re-tagged with the new text
    await stored.close();
  });

  it('exits 2 on an invalid config and touches no database', async () => {
    const dir = tempDir();
    const db = await database();
    const r = await runCli(['fetch', '--config', writeConfig(dir, { sources: 'nope' }), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sources/);
    if (TEST_ENGINE === 'sqlite') expect(existsSync(db)).toBe(false);
  });
});
