import Parser from 'rss-parser';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServe, tempDir, waitFor, writeConfig, type Served } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';
import { fileDatabases } from '../helpers/store.ts';

interface ApiItem {
  id: number;
  guid: string;
  title: string;
  url: string;
  source: string;
  publishedAt: string;
  tags: string[];
  duplicates: { source: string; url: string; title: string }[];
}
interface ApiSource {
  id: string;
  status: string;
  lastError: string | null;
  consecutiveFailures: number;
  itemCount: number;
  nextFetchAt: string | null;
}

let feeds: FixtureServer;
let huiju: Served;
/** Where `huiju serve --db` stores: a database of the engine under test, dropped when the file is done. */
const database = fileDatabases();

const sameStory = (outlet: string) =>
  rss(
    outlet,
    [
      {
        title: '上海34款大模型通过备案 人工智能产业规模逾3800亿元',
        link: `http://www.news.cn/tech/20240704/abc.html?utm_source=${outlet}`,
        description: '截至今年6月中旬，上海市已有34款大模型通过备案。',
        date: '2024-07-04T07:21:00+08:00',
      },
    ],
    { link: `http://${outlet}.example/` },
  );

beforeAll(async () => {
  feeds = await startFixtureServer({
    '/chinanews.xml': { body: fixture('feeds/cn/chinanews-scroll-news-2026-04-19.xml') },
    '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') },
    '/xinhua.xml': { body: sameStory('xinhua') },
    '/jfdaily.xml': { body: sameStory('jfdaily') },
    '/500': { status: 500, body: 'oops' },
  });
  const dir = tempDir();
  const config = writeConfig(dir, {
    sources: [
      { id: 'chinanews', name: '中国新闻网', url: `${feeds.url}/chinanews.xml` },
      { id: 'meituan', name: '美团技术团队', url: `${feeds.url}/meituan.xml` },
      { id: 'xinhua', name: '新华网', url: `${feeds.url}/xinhua.xml`, priority: 10 },
      { id: 'jfdaily', name: '解放日报', url: `${feeds.url}/jfdaily.xml` },
      { id: 'broken', name: 'Broken', url: `${feeds.url}/500` },
    ],
    tags: [
      { id: 'ai', label: '人工智能', keywords: ['人工智能', '大模型', 'AI', 'Agent'] },
      { id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型', 'LLM'] },
    ],
    outputs: [{ id: 'ai', title: 'AI 产业要闻', tags: ['ai'] }],
  });
  huiju = await startServe(['--config', config, '--db', await database()]);
  await waitFor(async () => {
    const sources = (await (await fetch(`${huiju.url}/api/sources`)).json()) as ApiSource[];
    return sources.every((s) => s.status !== 'pending');
  });
});

afterAll(async () => {
  await huiju?.stop();
  await feeds?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${huiju.url}${path}`, init);
const json = async <T>(path: string) => (await (await get(path)).json()) as T;

async function allItems(query = ''): Promise<ApiItem[]> {
  const out: ApiItem[] = [];
  let next: string | null = null;
  do {
    const page: { items: ApiItem[]; next: string | null } = await json(`/api/items?limit=7${query}${next ? `&cursor=${next}` : ''}`);
    out.push(...page.items);
    next = page.next;
  } while (next);
  return out;
}

describe('huiju serve', () => {
  it('fetched every source at start-up and reports each one’s health', async () => {
    const sources = await json<ApiSource[]>('/api/sources');
    const byId = new Map(sources.map((s) => [s.id, s]));
    expect(byId.get('chinanews')).toMatchObject({ status: 'ok', itemCount: 30, consecutiveFailures: 0, lastError: null });
    expect(byId.get('broken')).toMatchObject({ status: 'error', consecutiveFailures: 1, itemCount: 0 });
    expect(byId.get('broken')!.lastError).toMatch(/HTTP 500/);
    for (const s of sources) expect(Date.parse(s.nextFetchAt!)).toBeGreaterThan(Date.now() - 1000);
  });

  it('pages through every story exactly once with opaque cursors, newest first', async () => {
    const items = await allItems();
    expect(items.length).toBe(30 + 10 + 1); // the Xinhua story republished by 解放日报 is one story
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const dates = items.map((i) => i.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('shows a republished wire story once, represented by the higher-priority outlet, with the other as duplicate', async () => {
    const items = await allItems('&q=通过备案');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'xinhua', tags: ['ai', 'llm'] });
    expect(items[0]!.duplicates).toEqual([expect.objectContaining({ source: 'jfdaily' })]);
    const detail = await json<{ duplicates: { mergedBy: { rule: string } }[]; tags: { id: string; matches: unknown[] }[] }>(
      `/api/items/${items[0]!.id}`,
    );
    expect(detail.duplicates[0]!.mergedBy.rule).toBe('canonical-url');
    expect(detail.tags.find((t) => t.id === 'llm')!.matches.length).toBeGreaterThan(0);
  });

  it('filters by tag, source, text and time', async () => {
    const ai = await allItems('&tag=ai');
    expect(ai.length).toBeGreaterThan(0);
    expect(ai.every((i) => i.tags.includes('ai'))).toBe(true);
    const meituan = await allItems('&source=meituan');
    expect(meituan.map((i) => i.source)).toEqual(Array(10).fill('meituan'));
    const since = await allItems('&since=2026-01-01');
    expect(since.every((i) => i.publishedAt >= '2026-01-01')).toBe(true);
    expect(since.length).toBeLessThan(41);
  });

  it('serves RSS, Atom and JSON Feed that an independent parser reads', async () => {
    const parser = new Parser();
    const rssRes = await get('/feed.xml?limit=500');
    expect(rssRes.headers.get('content-type')).toMatch(/application\/rss\+xml/);
    const rss = await parser.parseString(await rssRes.text());
    expect(rss.items).toHaveLength(41);
    expect(new Set(rss.items.map((i) => i.guid)).size).toBe(41);
    const wire = rss.items.find((i) => i.title?.includes('通过备案'))!;
    // <category domain="…/?tag=ai">: rss-parser gives the text as `_` when there is an attribute.
    const categories = (wire.categories as unknown as ({ _: string } | string)[]).map((c) => (typeof c === 'string' ? c : c._));
    expect(categories).toEqual(expect.arrayContaining(['人工智能', '大模型']));
    expect((wire as { 'content:encoded'?: string })['content:encoded']).toMatch(/同时报道/);

    const atom = await parser.parseString(await (await get('/feed.atom')).text());
    expect(atom.items.length).toBe(41);
    expect(atom.items.every((i) => i.id?.startsWith('urn:huiju:story:'))).toBe(true);

    const jsonFeed = await json<{ version: string; items: { id: string }[] }>('/feed.json');
    expect(jsonFeed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(jsonFeed.items.map((i) => i.id).sort()).toEqual(rss.items.map((i) => i.guid).sort());
  });

  it('serves named outputs from feeds.json', async () => {
    const parser = new Parser();
    const feed = await parser.parseString(await (await get('/feeds/ai.xml')).text());
    expect(feed.title).toBe('AI 产业要闻');
    const ai = await allItems('&tag=ai');
    expect(feed.items.length).toBe(Math.min(50, ai.length));
    expect((await get('/feeds/nope.xml')).status).toBe(404);
  });

  it('answers a conditional GET with 304', async () => {
    const first = await get('/feed.xml');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('last-modified')).toBeTruthy();
    const again = await get('/feed.xml', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it.each([
    ['/api/items?limit=0', /limit/],
    ['/api/items?limit=abc', /limit/],
    ['/api/items?limit=501', /limit/],
    ['/api/items?since=yesterday', /since.*ISO 8601/],
    ['/api/items?since=2024-02-30', /since/],
    ['/api/items?tag=nope', /unknown tag: nope/],
    ['/api/items?source=nope', /unknown source: nope/],
    ['/api/items?cursor=garbage', /cursor/],
    ['/api/items?q=a&q=b', /"q" must be given once/],
    ['/api/items?since=2025-01-02&until=2025-01-01', /before/],
    ['/feed.xml?limit=-5', /limit/],
    ['/api/items/abc', /whole number/],
  ])('rejects %s with a 400 that says what is wrong', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(message);
  });

  it('answers health, tags, the web page and unknown paths', async () => {
    expect(await json('/healthz')).toMatchObject({ status: 'ok', database: 'ok', sources: 5 });
    const tags = await json<{ id: string; count: number }[]>('/api/tags');
    expect(tags.find((t) => t.id === 'ai')!.count).toBeGreaterThan(0);
    const page = await (await get('/')).text();
    expect(page.match(/<article /g)).toHaveLength(30); // the first page; "更多" leads on
    expect(page).toMatch(/<a class="more" rel="next" href="\/\?cursor=/);
    expect(page).toContain('href="/feed.xml"');
    const llm = await (await get('/?tag=llm')).text();
    expect(llm).toContain('上海34款大模型通过备案');
    const missing = await get('/nope');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no such endpoint/);
  });

  it('explains a request Node\'s parser refuses, such as Chinese typed into a curl URL unencoded', async () => {
    const raw = async (request: string) => {
      const { hostname, port } = new URL(huiju.url);
      const socket = connect(Number(port), hostname);
      socket.end(Buffer.from(request, 'utf8'));
      let response = '';
      for await (const chunk of socket) response += chunk;
      const [head, body] = response.split('\r\n\r\n');
      return { status: head!.split(' ')[1], body: JSON.parse(body!) as { error: string } };
    };
    const unencoded = await raw('GET /feed.json?q=具身智能 HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(unencoded.status).toBe('400');
    expect(unencoded.body.error).toMatch(/percent-encoded.*--data-urlencode/);
    const garbage = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe('400');
    expect(garbage.body.error).toMatch(/not well-formed HTTP/);
    // The same search percent-encoded is an ordinary request.
    expect((await get(`/feed.json?q=${encodeURIComponent('具身智能')}`)).status).toBe(200);
  });

  it('counts fetches per source and outcome in /metrics', async () => {
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/huiju_fetches_total\{[^}]*source="chinanews"[^}]*outcome="ok"[^}]*\} 1/);
    expect(text).toMatch(/huiju_fetches_total\{[^}]*source="broken"[^}]*outcome="error"[^}]*\} 1/);
    expect(text).toMatch(/huiju_items_ingested_total\{[^}]*source="chinanews"[^}]*kind="new"[^}]*\} 30/);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const code = await huiju.stop('SIGTERM');
    expect(code).toBe(0);
    expect(huiju.output()).toMatch(/shutting down/);
  });
});

describe('huiju serve with the shipped feeds.json and no network', () => {
  it('starts, serves, and reports each unreachable source as an error', async () => {
    const served = await startServe(['--config', join(ROOT, 'feeds.json'), '--db', await database()], {
      env: { LOG_LEVEL: 'error' },
    });
    try {
      const sources = await waitFor(async () => {
        const all = (await (await fetch(`${served.url}/api/sources`)).json()) as (ApiSource & { enabled: boolean })[];
        const list = all.filter((s) => s.enabled);
        return list.every((s) => s.status !== 'pending') && list;
      }, 45_000);
      expect(sources.length).toBeGreaterThanOrEqual(5);
      for (const s of sources) {
        expect(s.status).toBe('error');
        expect(s.lastError).toBeTruthy();
      }
      expect((await fetch(`${served.url}/feed.xml`)).status).toBe(200);
    } finally {
      await served.stop();
    }
  }, 60_000);
});
