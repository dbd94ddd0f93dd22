import { afterEach, describe, expect, it } from 'vitest';
import { item, startInProcess, type InProcess } from './in-process.ts';

/** What a browser sends. */
const BROWSER = { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } };

const sources = [
  { id: 'a', name: 'A 日报', url: 'http://a.example/feed.xml' },
  { id: 'b', name: 'B 新闻', url: 'http://b.example/feed.xml' },
];
const tags = [{ id: 'ai', label: '人工智能', keywords: ['人工智能', '大模型'] }];

let app: InProcess | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const thisYear = new Date().getUTCFullYear();
/** Mid-year of the current year, so the date is in this year in every time zone. */
const recent = `${thisYear}-06-15T12:30:00.000Z`;

describe('errors a browser sees', () => {
  it.each<[string, number, RegExp]>([
    ['/nope', 404, /no such endpoint/],
    ['/?tag=nope', 400, /unknown tag: nope/],
    ['/items/999999', 404, /no item 999999/],
    ['/feed.xml?limit=0', 400, /limit/],
  ])('%s is an HTML page for Accept: text/html, JSON otherwise', async (path, status, message) => {
    app = await startInProcess({ config: { sources, tags } });
    const page = await app.get(path, BROWSER);
    expect(page.status).toBe(status);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
    const body = await page.text();
    expect(body).toMatch(/^<!doctype html>/);
    expect(body).toMatch(message);
    expect(body).toContain('href="/"');

    const api = await app.get(path);
    expect(api.status).toBe(status);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await api.json()) as { error: string }).error).toMatch(message);
  });

  it('keeps JSON for the API, whatever the Accept header', async () => {
    app = await startInProcess({ config: { sources, tags } });
    const res = await app.get('/api/items?tag=nope', BROWSER);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('dates on the pages', () => {
  it('show the year when it is not this year, in the configured time zone', async () => {
    app = await startInProcess({
      config: { defaults: { timezone: 'America/New_York' }, sources, tags },
      items: {
        a: [
          // 02:00 UTC on 4 July 2024 is still 3 July in New York (and 4 July, 10:00 in Shanghai).
          item({ title: '旧闻', url: 'http://a.example/old.html', publishedAt: '2024-07-04T02:00:00.000Z' }),
          item({ title: '新闻', url: 'http://a.example/new.html', publishedAt: recent }),
        ],
      },
    });
    const page = await (await app.get('/')).text();
    expect(page).toContain('>2024-07-03 22:00</time>');
    expect(page).toContain('>06-15 08:30</time>');
    expect(page).not.toMatch(/07[-/]04 10:00/);
  });

  it('use the configured time zone on /sources too', async () => {
    app = await startInProcess({ config: { defaults: { timezone: 'Europe/London' }, sources, tags } });
    await app.db.store.transaction((tx) =>
      tx.recordSuccess('a', { at: '2024-01-10T09:05:00.000Z', nextFetchAt: '2024-01-10T09:20:00.000Z', permanentRedirect: null }),
    );
    const page = await (await app.get('/sources')).text();
    expect(page).toContain('2024-01-10 09:05');
  });
});

describe('a story with no link of its own', () => {
  it('links its title to a readable HTML page, not to JSON', async () => {
    app = await startInProcess({
      config: { sources, tags },
      items: {
        a: [item({ title: '无链接的快讯：大模型备案', guid: 'urn:a:1', contentHtml: '<p>正文<b>大模型</b>备案。</p>', publishedAt: recent })],
        b: [item({ title: '无链接的快讯：大模型备案', url: 'http://b.example/1.html', publishedAt: recent })],
      },
    });
    const list = (await (await app.get('/api/items')).json()) as { items: { id: number; url: string | null }[] };
    const story = list.items[0]!;
    const home = await (await app.get('/')).text();
    expect(home).toContain(`href="/items/${story.id}"`);
    expect(home).not.toContain('href="/api/items/');

    const res = await app.get(`/items/${story.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
    const page = await res.text();
    expect(page).toContain('<h2>无链接的快讯：大模型备案</h2>');
    expect(page).toContain('<b>大模型</b>');
    expect(page).toContain('A 日报');
    expect(page).toContain('href="http://b.example/1.html"');
    expect(page).toContain(`href="/api/items/${story.id}"`);
  });
});

describe('the home page when nothing could be fetched', () => {
  it('points to /sources when every source is failing', async () => {
    app = await startInProcess({ config: { sources, tags } });
    const at = new Date().toISOString();
    for (const s of sources) await app.db.store.recordFailure(s.id, { at, error: 'host not found', nextFetchAt: at });
    const page = await (await app.get('/')).text();
    expect(page).toMatch(/<p class="empty">[^<]*全部 2 个信息源抓取失败[\s\S]*?<a href="\/sources">/);
  });

  it('says sources are still being fetched otherwise', async () => {
    app = await startInProcess({ config: { sources, tags } });
    const page = await (await app.get('/')).text();
    expect(page).toMatch(/<p class="empty">暂无新闻/);
    expect(page).not.toMatch(/抓取失败/);
  });
});
