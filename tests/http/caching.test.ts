import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { computeFeatures } from '../../src/dedup/index.ts';
import { normaliseItems } from '../../src/normalise/item.ts';
import { openStore } from '../../src/store/open.ts';
import { parsedItem } from '../helpers/items.ts';
import { rss } from '../helpers/rss.ts';
import { connectSql, TEST_ENGINE } from '../helpers/store.ts';
import { AI_ITEMS, rawGet, startHarness, TAGS, type Harness } from './harness.ts';

let h: Harness;
let items = AI_ITEMS.slice(0, 4);

beforeAll(async () => {
  h = await startHarness({ '/ai.xml': { body: () => rss('AI 新闻', items) } }, (feeds) => ({
    sources: [{ id: 'ai-news', name: 'AI 新闻网', url: `${feeds}/ai.xml` }],
    tags: TAGS,
    outputs: [{ id: 'ai', title: 'AI 产业要闻', tags: ['ai'] }],
  }));
});
afterAll(() => h?.close());

const metric = async (name: string) => {
  const text = await (await h.get('/metrics')).text();
  return Number(text.match(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm'))?.[1] ?? 0);
};

describe('validators on every feed and listing', () => {
  it.each<[string, RegExp, RegExp]>([
    ['/feed.xml', /application\/rss\+xml/, /public, max-age=300/],
    ['/feed.atom?tag=llm', /application\/atom\+xml/, /public, max-age=300/],
    ['/feed.json?q=大模型', /application\/feed\+json/, /public, max-age=300/],
    ['/feeds/ai.xml', /application\/rss\+xml/, /public, max-age=300/],
    ['/api/items?limit=2', /application\/json/, /public, max-age=60/],
    ['/api/items?q=大模型', /application\/json/, /public, max-age=60/],
    ['/api/items/1', /application\/json/, /public, max-age=60/],
    ['/api/tags', /application\/json/, /public, max-age=60/],
    ['/api/sources', /application\/json/, /no-cache/],
    ['/opml', /text\/x-opml/, /public, max-age=300/],
    ['/', /text\/html/, /no-cache/],
    ['/sources', /text\/html/, /no-cache/],
  ])('%s sends an ETag and answers a matching If-None-Match with 304', async (path, type, cacheControl) => {
    const first = await h.get(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(type);
    expect(first.headers.get('cache-control')).toMatch(cacheControl);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await h.get(path, { headers: { 'if-none-match': etag, 'cache-control': 'no-cache' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await h.get(path, { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it.each(['/feed.xml', '/feed.atom', '/api/items', '/api/tags'])('%s sends Last-Modified and honours If-Modified-Since', async (path) => {
    const first = await h.get(path);
    const lastModified = first.headers.get('last-modified')!;
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect((await h.get(path, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    const before = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await h.get(path, { headers: { 'if-modified-since': before } })).status).toBe(200);
  });
});

describe('the generated-feed cache', () => {
  it('serves a repeated request from the cache', async () => {
    await h.get('/feed.xml?tag=compute');
    const hits = await metric('huiju_http_cache_lookups_total{result="hit",app="huiju"}');
    const body = await (await h.get('/feed.xml?tag=compute')).text();
    expect(await metric('huiju_http_cache_lookups_total{result="hit",app="huiju"}')).toBe(hits + 1);
    expect(body).toContain('国产算力芯片出货量增长');
  });

  it('drops everything when new stories arrive from `huiju fetch` in another process', async () => {
    const before = await h.get('/feed.xml');
    const etag = before.headers.get('etag')!;
    items = [...AI_ITEMS.slice(0, 4), AI_ITEMS[5]!];
    await h.refresh();
    const after = await h.get('/feed.xml', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('AI 眼镜新品发布');
  });

  it.each<[string, (title: string) => Promise<unknown>]>([
    // On PostgreSQL every write the app did not make comes from another connection than its pool's.
    [
      TEST_ENGINE === 'sqlite' ? 'the server’s own connection (its fetch cycle)' : 'the test’s connection, in SQL',
      (title) => h.db.sql(`UPDATE items SET title = ? WHERE id = (SELECT representative_item_id FROM stories WHERE id = 1)`, [title]),
    ],
    [
      'another connection, in SQL',
      async (title) => {
        const other = connectSql(h.db.location);
        try {
          await other.sql(`UPDATE items SET title = ? WHERE id = (SELECT representative_item_id FROM stories WHERE id = 1)`, [title]);
        } finally {
          await other.close();
        }
      },
    ],
    [
      'another huiju process (a store of its own)',
      async (title) => {
        const other = await openStore(h.db.location);
        try {
          const story = (await other.getStory(1))!;
          const [item] = normaliseItems(story.source, [parsedItem({ url: story.url, title, publishedAt: story.publishedAt })], new Date());
          await other.transaction((tx) => tx.updateItem(story.itemId, item!, computeFeatures(item!)));
        } finally {
          await other.close();
        }
      },
    ],
  ])('drops everything when %s writes', async (name, write) => {
    const before = await h.get('/api/items/1');
    const etag = before.headers.get('etag')!;
    expect((await h.get('/api/items/1', { headers: { 'if-none-match': etag } })).status).toBe(304);
    await write(`changed by ${name}`);
    const after = await h.get('/api/items/1', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { title: string }).title).toBe(`changed by ${name}`);
  });

  it('drops everything when the config is reloaded (titles and labels are in the feeds)', async () => {
    const before = await (await h.get('/feeds/ai.xml')).text();
    expect(before).toContain('<title>AI 产业要闻</title>');
    h.setConfig({ ...h.config, outputs: [{ id: 'ai', title: 'AI 要闻（新标题）', tags: ['ai'] }] });
    expect(await (await h.get('/feeds/ai.xml')).text()).toContain('<title>AI 要闻（新标题）</title>');
  });

  it('keys on the host, so absolute links follow the name a client used', async () => {
    const { body: a } = await rawGet(`${h.url}/feed.xml`, { host: 'a.example' });
    const { body: b } = await rawGet(`${h.url}/feed.xml`, { host: 'b.example' });
    expect(a).toContain('href="http://a.example/feed.xml"');
    expect(b).toContain('href="http://b.example/feed.xml"');
  });
});

describe('Last-Modified', () => {
  it('is never in the future, even when a feed dates an update years ahead', async () => {
    await h.db.sql("UPDATE stories SET updated_at = '2099-01-01T00:00:00.000Z' WHERE id = 1");
    const res = await h.get('/feed.xml?sort=date');
    expect(Date.parse(res.headers.get('last-modified')!)).toBeLessThanOrEqual(Date.now());
    // The clamped time is stable while the data is: a client that sends it back gets a 304.
    const lastModified = res.headers.get('last-modified')!;
    expect((await h.get('/feed.xml?sort=date', { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
  });
});

describe('compression', () => {
  it('gzips a feed for clients that accept it, as its own representation with its own ETag', async () => {
    const plain = await rawGet(`${h.url}/feed.xml`, {});
    const gz = await rawGet(`${h.url}/feed.xml`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gz.bytes).toString('utf8')).toBe(plain.body);
    expect(gz.bytes.length).toBeLessThan(plain.bytes.length / 2);
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
    expect((await rawGet(`${h.url}/feed.xml`, { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag! })).status).toBe(304);
    // A validator of one encoding does not vouch for the other.
    expect((await rawGet(`${h.url}/feed.xml`, { 'if-none-match': gz.headers.etag! })).status).toBe(200);
  });

  it('sends small bodies as they are', async () => {
    const tags = await rawGet(`${h.url}/api/tags`, { 'accept-encoding': 'gzip' });
    expect(tags.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(tags.body)).toBeInstanceOf(Array);
  });
});
