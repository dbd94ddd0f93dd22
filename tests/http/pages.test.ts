import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/rss.ts';
import { AI_ITEMS, startHarness, TAGS, type Harness } from './harness.ts';

let h: Harness;
// Enough stories for more than one page of 30.
const many = Array.from({ length: 40 }, (_, n) => ({
  title: `第${n + 1}条普通新闻`,
  link: `http://filler.example/${n + 1}.html`,
  description: '与人工智能无关的本地新闻。'.replace('人工智能', '天气'),
  date: new Date(Date.UTC(2024, 5, 1, n)).toISOString(),
}));

beforeAll(async () => {
  h = await startHarness({ '/ai.xml': { body: rss('AI 新闻', AI_ITEMS) }, '/local.xml': { body: rss('本地', many) }, '/down': { status: 500 } }, (feeds) => ({
    sources: [
      { id: 'ai-news', name: 'AI 新闻网', url: `${feeds}/ai.xml` },
      { id: 'local', name: '本地新闻', url: `${feeds}/local.xml` },
      { id: 'down', name: '坏掉的源', url: `${feeds}/down` },
    ],
    tags: TAGS,
    outputs: [{ id: 'ai', title: 'AI 产业要闻', tags: ['ai'] }],
  }));
});
afterAll(() => h?.close());

const text = async (path: string) => {
  const res = await h.get(path);
  expect(res.status).toBe(200);
  return res.text();
};
const titles = (page: string) => [...page.matchAll(/<h2><a [^>]*>([^<]*)<\/a><\/h2>/g)].map((m) => m[1] ?? '');

describe('the web page', () => {
  it.each(['/', '/sources', '/static/style.css'])('%s has security headers: a CSP with no script and no inline style', async (path) => {
    const res = await h.get(path);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'none'/);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('has no inline script or style, so the CSP breaks nothing', async () => {
    const page = await text('/');
    expect(page).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
    expect(page).toMatch(/<link rel="stylesheet" href="\/static\/style\.css\?v=\w+">/);
  });

  it('shows 30 stories, newest first, and a 更多 link to the rest', async () => {
    const first = await text('/');
    expect(titles(first)).toHaveLength(30);
    const more = first.match(/<a class="more" rel="next" href="([^"]+)">更多<\/a>/)![1]!.replace(/&amp;/g, '&');
    const second = await text(more);
    // Every story exactly once, in the API's order (how many there are is the dedup stage's business).
    const api = (await (await h.get('/api/items?limit=500')).json()) as { items: { title: string }[] };
    expect(api.items.length).toBeGreaterThan(30);
    expect([...titles(first), ...titles(second)]).toEqual(api.items.map((i) => i.title));
    expect(second).not.toContain('class="more"');
  });

  it('filters by a tag chip, and the chip is shown as active', async () => {
    const page = await text('/?tag=compute');
    expect(titles(page)).toEqual(['国产算力芯片出货量增长']);
    expect(page).toMatch(/<a class="chip on" data-tag="compute" href="\/"[^>]*>算力/);
    expect(page).toContain('href="/feed.xml?tag=compute"');
  });

  it('searches, with the matches highlighted', async () => {
    const page = await text('/?q=具身智能');
    expect(titles(page)).toEqual(['具身智能机器人亮相世界人工智能大会']);
    expect(page).toContain('多款<mark>具身智能</mark>机器人');
    expect(page).toContain('value="具身智能"');
  });

  it('links every feed and named output for subscribing', async () => {
    const page = await text('/');
    for (const href of ['/feed.xml', '/feed.atom', '/feed.json', '/feeds/ai.xml', '/feeds/ai.atom', '/feeds/ai.json', '/opml']) {
      expect(page).toContain(`href="${href}"`);
    }
  });

  it('escapes what feeds put in titles', async () => {
    // Whatever reaches the store (the parse stage strips markup from titles; this checks the page does not rely on it).
    await h.db.sql("UPDATE items SET title = '<img src=x onerror=alert(1)>' || title WHERE url = 'http://news.example/5.html'");
    const page = await text('/?q=马拉松');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;城市马拉松周末开跑');
    expect(page).not.toContain('<img src=x');
  });

  it('/sources shows each source’s health', async () => {
    const page = await text('/sources');
    expect(page).toMatch(/data-source="ai-news"[\s\S]*?status ok">正常/);
    expect(page).toMatch(/data-source="down"[\s\S]*?status error">出错[\s\S]*?HTTP 500[\s\S]*?连续 1 次/);
    expect(page).toContain('1 个出错');
  });

  it('answers a bad parameter with a 400 that says what is wrong', async () => {
    const res = await h.get('/?tag=nope');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('unknown tag: nope');
  });
});

describe('the 更多 link', () => {
  it.each<[string, string]>([
    ['a search in date order', '/?q=发布&sort=date&limit=1'],
    ['a search in relevance order', '/?q=发布&limit=1'],
    ['a time window', '/?since=2024-07-02&until=2024-07-06&limit=2'],
  ])('keeps every parameter of %s, so each page follows on', async (_name, first) => {
    const all: string[] = [];
    let path: string | null = first;
    while (path) {
      const page = await text(path);
      all.push(...titles(page));
      path = page.match(/<a class="more" rel="next" href="([^"]+)">/)?.[1]?.replace(/&amp;/g, '&') ?? null;
    }
    const whole = titles(await text(first.replace(/&limit=\d+/, '&limit=500')));
    expect(all).toEqual(whole);
    expect(whole.length).toBeGreaterThan(1);
  });
});
