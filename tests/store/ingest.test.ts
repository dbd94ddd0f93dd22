import { describe, expect, it } from 'vitest';
import type { ParsedItem } from '../../src/model/item.ts';
import { normaliseItems } from '../../src/normalise/item.ts';
import { ingestItems } from '../../src/pipeline/ingest.ts';
import { retagIfRulesChanged } from '../../src/pipeline/retag.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore } from '../helpers/store.ts';

const NOW = new Date('2024-07-04T12:00:00Z');

const item = (over: Partial<ParsedItem>): ParsedItem => parsedItem({ publishedAt: '2024-07-04T01:00:00.000Z', ...over });

async function setup(priorities: Record<string, number> = {}) {
  const db = await openTestStore();
  const { store } = db;
  const ctx = ingestContext(store, { tagger: compileTagger([{ id: 'ai', label: '人工智能', keywords: ['人工智能', '大模型'], exclude: [] }]), priorities });
  const ingest = (sourceId: string, items: ParsedItem[], now = NOW) => ingestParsed(ctx, sourceId, items, now);
  const stories = () => store.listStories({ limit: 500 });
  return { db, store, ctx, ingest, stories };
}

describe('ingest', () => {
  it('keys items on guid, else link, and never stores one twice', async () => {
    const { ingest, db } = await setup();
    const batch = [item({ guid: 'g1', url: 'http://a.example/1', title: '甲' }), item({ url: 'http://a.example/2', title: '乙' })];
    expect(await ingest('a', batch)).toEqual({ new: 2, updated: 0, unchanged: 0 });
    expect(await ingest('a', batch)).toEqual({ new: 0, updated: 0, unchanged: 2 });
    // The same guid from another source is another source's item.
    expect(await ingest('b', [batch[0]!])).toMatchObject({ new: 1 });
    expect(await db.value('SELECT count(*) FROM items')).toBe(3);
  });

  it('merges copies of one URL across sources into one story whose GUID never changes', async () => {
    const { ingest, stories } = await setup({ xinhua: 10 });
    await ingest('jfdaily', [item({ url: 'https://www.news.cn/tech/a.html?utm_source=jf#top', title: '上海发布大模型新政' })]);
    const [before] = await stories();
    await ingest('xinhua', [item({ url: 'http://www.news.cn/tech/a.html', title: '上海发布大模型新政—新华网' })]);
    const after = await stories();
    expect(after).toHaveLength(1);
    expect(after[0]!.guid).toBe(before!.guid);
    // The higher-priority outlet represents the story; the first copy becomes a duplicate.
    expect(after[0]!.source).toBe('xinhua');
    expect(after[0]!.duplicates.map((d) => [d.source, d.matchRule])).toEqual([['jfdaily', 'canonical-url']]);
  });

  it('merges equal titles within the window but not outside it', async () => {
    const { ingest, stories, store } = await setup();
    const title = '教育部发布义务教育阶段人工智能教育新规';
    await ingest('a', [item({ url: 'http://a.example/1', title, publishedAt: '2024-07-04T01:00:00.000Z' })]);
    await ingest('b', [item({ url: 'http://b.example/1', title, publishedAt: '2024-07-05T01:00:00.000Z' })]);
    await ingest('c', [item({ url: 'http://c.example/1', title, publishedAt: '2024-07-20T01:00:00.000Z' })]);
    const list = await stories();
    expect(list).toHaveLength(2);
    const merged = list.find((s) => s.duplicates.length === 1)!;
    expect(merged.duplicates[0]!.matchRule).toBe('title');
    expect((await store.getStory(merged.id))!.duplicates).toHaveLength(1);
  });

  it('keeps different stories apart', async () => {
    const { ingest, stories } = await setup();
    await ingest('a', [item({ url: 'http://a.example/1', title: '教育部发布新规：规范校外培训' })]);
    await ingest('b', [item({ url: 'http://b.example/1', title: '交通部发布新规：规范网约车' })]);
    expect(await stories()).toHaveLength(2);
  });

  it('tags stories, and re-tags every stored item when the rules change', async () => {
    const { ingest, store, ctx, stories } = await setup();
    await ingest('a', [item({ url: 'http://a.example/1', title: '具身智能机器人亮相大会' })]);
    await retagIfRulesChanged(store, ctx.tagger);
    expect((await stories())[0]!.tags).toEqual([]);
    const rules = compileTagger([{ id: 'embodied', label: '具身智能', keywords: ['具身智能'], exclude: [] }]);
    expect(await retagIfRulesChanged(store, rules)).toBe(1);
    expect((await stories())[0]!.tags).toEqual(['embodied']);
    expect(await retagIfRulesChanged(store, rules)).toBe(0); // same rules: nothing to do
  });

  it('searches the article body, and tags on the title and the summary the feed pairs it with', async () => {
    const { ingest, store, stories } = await setup();
    const body = (mention: string) => `<p>浦东新区今日发布产业新政。</p><p>新政提出，支持企业研发行业${mention}，建设具身智能训练场。</p>`;
    await ingest('a', [
      item({ url: 'http://a.example/1', title: '浦东发布产业新政', summary: '浦东新区今日发布产业新政。', contentHtml: body('大模型') }),
      // No summary: the full text is what the item says it is about.
      item({ url: 'http://b.example/1', title: '徐汇发布产业新政', contentHtml: body('大模型') }),
    ]);
    expect((await store.listStories({ q: '具身智能', limit: 10 })).map((s) => s.title).sort()).toEqual(['徐汇发布产业新政', '浦东发布产业新政']);
    expect(await store.listStories({ q: '具身智能', sort: 'relevance', limit: 10 })).toHaveLength(2);
    // 大模型 is only in the body: a roundup's body names every topic of its week, so it tags only without a summary.
    expect(Object.fromEntries((await stories()).map((s) => [s.title, s.tags]))).toEqual({ 浦东发布产业新政: [], 徐汇发布产业新政: ['ai'] });
  });

  it('re-tags an item without a summary on its full text, as it was tagged when stored', async () => {
    const { ingest, store, stories } = await setup();
    // A scraped list gives no summary; the article page gave the body.
    await ingest('a', [item({ url: 'http://a.example/1', title: '浦东发布产业新政', contentHtml: '<p>新政提出，建设具身智能训练场。</p>' })]);
    const rules = compileTagger([{ id: 'embodied', label: '具身智能', keywords: ['具身智能'], exclude: [] }]);
    expect(await retagIfRulesChanged(store, rules)).toBe(1);
    expect((await stories())[0]!.tags).toEqual(['embodied']);
  });

  it('keeps an article body read from its page searchable when the list entry is edited', async () => {
    const { ingest, db, store, ctx } = await setup();
    // As enrichNewItems stores a scraped item: the list's summary, the article page's body.
    const listed = { url: 'http://a.example/1', title: '浦东发布产业新政', summary: '浦东新区今日发布产业新政。' };
    const page = '<p>浦东新区今日发布产业新政。</p><p>新政提出，建设具身智能训练场。</p>';
    await ingestItems(ctx, normaliseItems('a', [item({ ...listed, contentHtml: page })], NOW).map((i) => ({ ...i, contentHash: 'from-the-list' })));
    expect(await store.listStories({ q: '具身智能', limit: 10 })).toHaveLength(1);
    // The list edits the headline; it still has no body, so the stored one stays, and so does its text.
    expect(await ingest('a', [item({ ...listed, title: '浦东发布产业新政（更新）' })])).toMatchObject({ updated: 1 });
    expect((await store.listStories({ q: '具身智能', limit: 10 })).map((s) => s.title)).toEqual(['浦东发布产业新政（更新）']);
    expect(await db.value<string>('SELECT snippet FROM items')).toContain('具身智能');
  });

  it('orders a feed that stamps every item with the same day by its own document order', async () => {
    const { ingest, stories } = await setup();
    const day = '2024-07-03T16:00:00.000Z'; // 2024-07-04 in Asia/Shanghai
    await ingest('people', [
      item({ url: 'http://p.example/3', title: '第三条（最新）', publishedAt: day, dateFlag: 'date-only' }),
      item({ url: 'http://p.example/2', title: '第二条', publishedAt: day, dateFlag: 'date-only' }),
      item({ url: 'http://p.example/1', title: '第一条', publishedAt: day, dateFlag: 'date-only' }),
    ]);
    expect((await stories()).map((s) => s.title)).toEqual(['第三条（最新）', '第二条', '第一条']);
  });
});

describe('why copies were merged', () => {
  it('names the rule for every duplicate, whichever copy arrived first', async () => {
    for (const order of [['xinhua', 'jfdaily'], ['jfdaily', 'xinhua']] as const) {
      const { ingest, store, stories } = await setup({ xinhua: 10 });
      for (const source of order) await ingest(source, [item({ url: `https://www.news.cn/a.html?utm_source=${source}`, title: '上海发布大模型新政' })]);
      const story = (await store.getStory((await stories())[0]!.id))!;
      expect(story.source).toBe('xinhua');
      expect(story.duplicates.map((d) => [d.source, d.matchRule])).toEqual([['jfdaily', 'canonical-url']]);
    }
  });
});
