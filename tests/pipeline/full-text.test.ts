/**
 * `fullText` on a feed source that carries teasers: each new item's article page is read once, through the feed's
 * fetch stage, and its main text becomes what search, dedup and the feeds see. Real HTTP from a local server.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import { createLimiter } from '../../src/fetch/limiter.ts';
import { fetchOptionsFromConfig, limiterOptionsFromConfig } from '../../src/fetch/options.ts';
import { silentLogger } from '../../src/log.ts';
import { refreshSource, type RefreshResult } from '../../src/pipeline/refresh.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { newsPage, PARAGRAPHS, SECTION_FRONT } from '../fulltext/pages.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss, type RssItem } from '../helpers/rss.ts';
import { openTestStore } from '../helpers/store.ts';

const NOW = new Date('2024-07-04T06:00:00Z');
const TITLE = '上海人工智能已形成全产业链布局';
/** What a scroll feed gives: one sentence. */
const TEASER = '今天，2024世界人工智能大会将在上海开幕。';
const HTML = { 'content-type': 'text/html; charset=utf-8' };

let server: FixtureServer;
const item = (path: string, n: number, over: Partial<RssItem> = {}): RssItem => ({
  title: `${TITLE}（${n}）`,
  link: `${server.url}${path}`,
  description: TEASER,
  date: new Date(NOW.getTime() - n * 60_000),
  ...over,
});

beforeAll(async () => {
  server = await startFixtureServer({
    '/a/1.html': { headers: HTML, body: newsPage(TITLE, PARAGRAPHS) },
    '/a/gbk.html': { headers: { 'content-type': 'text/html; charset=gbk' }, body: iconv.encode(newsPage(TITLE, PARAGRAPHS.slice(2), { charset: 'gbk' }), 'gbk') },
    '/a/custom.html': { headers: HTML, body: newsPage(TITLE, PARAGRAPHS.slice(0, 3), { bodyId: 'newscontents' }) },
    '/a/front.html': { headers: HTML, body: SECTION_FRONT },
    '/a/long.html': { headers: HTML, body: newsPage(TITLE, PARAGRAPHS) },
  });
});
afterAll(() => server?.close());

async function setup(fullText: unknown, items: (RssItem | ((url: string) => RssItem))[]) {
  server.routes.set('/feed.xml', { body: () => rss('中国新闻网', items.map((i) => (typeof i === 'function' ? i(server.url) : i))) });
  const result = validateConfig({ sources: [{ id: 'scroll', name: '中国新闻网', url: `${server.url}/feed.xml`, fullText }] });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const config = result.config;
  const { store } = await openTestStore();
  const refresh = (): Promise<RefreshResult> =>
    refreshSource(config.sources[0]!, {
      store,
      config,
      tagger: compileTagger([]),
      fetchOptions: fetchOptionsFromConfig(config.fetch),
      limiter: createLimiter(limiterOptionsFromConfig(config.fetch)),
      log: silentLogger,
      now: () => NOW,
    });
  return { store, refresh };
}

const hitsOf = (path: string) => server.hits.filter((h) => h === `GET ${path}`).length;

describe('fullText: each new item’s article page, read once', () => {
  it('true: the article text replaces the teaser as the body search reads, without the page furniture', async () => {
    const { store, refresh } = await setup(true, [item('/a/1.html', 1), item('/a/gbk.html', 2)]);
    const before = hitsOf('/a/1.html');
    const r = await refresh();
    expect(r).toMatchObject({ ok: true, counts: { new: 2 }, warnings: [] });
    // A phrase only the article has (its fifth paragraph) finds the story.
    const found = await store.listStories({ q: PARAGRAPHS[4]!.slice(0, 12), limit: 10 });
    expect(found.map((s) => s.title).sort()).toEqual([`${TITLE}（1）`, `${TITLE}（2）`]);
    const [story] = await store.listStories({ q: PARAGRAPHS[0]!.slice(0, 12), limit: 10 });
    expect(story!.contentHtml).toContain(PARAGRAPHS[0]);
    expect(story!.contentHtml).not.toMatch(/版权所有|热点排行|相关新闻|分享到|window\.__ad/);
    // The summary stays the feed's.
    expect(story!.summary).toBe(TEASER);
    // A GBK page is decoded as the feed stage decodes.
    const [gbk] = await store.listStories({ q: PARAGRAPHS[3]!.slice(0, 12), sources: ['scroll'], limit: 10 });
    expect(gbk!.contentHtml).toContain(PARAGRAPHS[3]);
    // Fetched once: the next refresh stores nothing new and asks for no page again.
    expect(hitsOf('/a/1.html')).toBe(before + 1);
    expect((await refresh()).ok).toBe(true);
    expect(hitsOf('/a/1.html')).toBe(before + 1);
  });

  it('"auto": only items whose feed text is a teaser', async () => {
    const long = PARAGRAPHS.join('');
    const { refresh } = await setup('auto', [item('/a/1.html', 1), item('/a/long.html', 2, { description: long })]);
    const before = hitsOf('/a/long.html');
    expect((await refresh()).ok).toBe(true);
    expect(hitsOf('/a/long.html')).toBe(before);
  });

  it('{ selector }: the body is what the selector names, minus what `remove` names', async () => {
    const { store, refresh } = await setup({ selector: '#newscontents', remove: 'p.editor' }, [item('/a/custom.html', 1)]);
    expect(await refresh()).toMatchObject({ ok: true, warnings: [] });
    const [story] = await store.listStories({ limit: 1 });
    expect(story!.contentHtml).toContain(PARAGRAPHS[2]);
    expect(story!.contentHtml).not.toContain('责任编辑');
  });

  it('a page that cannot be read keeps the teaser and says why in the source’s warnings', async () => {
    const { store, refresh } = await setup(true, [
      item('/a/missing.html', 1),
      item('/a/front.html', 2),
      // Link-local (cloud metadata): the address guard refuses it, as it would a feed there.
      item('', 3, { link: 'http://169.254.169.254/latest/meta-data/' }),
    ]);
    const r = await refresh();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.counts.new).toBe(3);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toMatch(/^full text of http:\/\/127\.0\.0\.1:\d+\/a\/missing\.html not read, the feed's text kept: HTTP 404$/);
    expect(r.warnings[1]).toMatch(/front\.html not read, the feed's text kept: (no article text found|the extracted text .* is shorter)/);
    expect(r.warnings[2]).toMatch(/169\.254\.169\.254.* not read, the feed's text kept: .*(refus|not allowed|link-local)/i);
    for (const s of await store.listStories({ limit: 10 })) expect(s.summary).toBe(TEASER);
  });

  it('a selector that matches nothing is a warning too', async () => {
    const { refresh } = await setup({ selector: '#nope' }, [item('/a/1.html', 1)]);
    const r = await refresh();
    expect(r.ok && r.warnings).toEqual([expect.stringMatching(/0 elements matched article selector "#nope"/)]);
  });
});
