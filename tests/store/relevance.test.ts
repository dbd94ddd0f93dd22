import { describe, expect, it } from 'vitest';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore } from '../helpers/store.ts';

const NOW = new Date('2026-04-20T00:00:00Z');
const PLACES = ['北京', '上海', '深圳', '杭州', '广州', '南京', '合肥', '成都', '武汉', '苏州', '西安', '重庆'];

/** Twelve unrelated stories that all mention 大模型, one a day; the oldest says it in its title too (ranks best). */
async function setup() {
  const { store } = await openTestStore();
  const ctx = ingestContext(store);
  for (const [day, place] of PLACES.entries()) {
    const item = parsedItem({
      guid: `g${day}`,
      url: `https://news.example.cn/${day}.html`,
      title: day === 0 ? `${place}发布大模型产业地图` : `${place}第${day}季度经济数据公布`,
      summary: `${place}${day}日消息，当地${day}家企业在会上介绍了各自的大模型应用与第${day * 7}号试点的进展情况。`,
      publishedAt: new Date(Date.UTC(2026, 3, 1 + day)).toISOString(),
    });
    await ingestParsed(ctx, `src-${day}`, [item], NOW);
  }
  return store;
}

describe('relevance search over the newest matching copies first', () => {
  it('ranks within the window when it fills the page', async () => {
    const store = await setup();
    const page = await store.listStories({ q: '大模型', sort: 'relevance', limit: 3 }, { relevanceWindow: 4 });
    // The title hit (oldest story) is outside the newest four copies, so the page comes from those four.
    expect(page.map((s) => s.title)).not.toContain('北京发布大模型产业地图');
    expect(page).toHaveLength(3);
  });

  it('ranks every match when the window cannot fill the page: the best match is never lost', async () => {
    const store = await setup();
    const exact = await store.listStories({ q: '大模型', sort: 'relevance', limit: 10 }, { relevanceWindow: 1_000_000 });
    const windowed = await store.listStories({ q: '大模型', sort: 'relevance', limit: 10 }, { relevanceWindow: 4 });
    expect(windowed.map((s) => s.id)).toEqual(exact.map((s) => s.id));
    expect(windowed[0]!.title).toBe('北京发布大模型产业地图');
  });

  it('finds old matches that a date filter leaves outside the window', async () => {
    const store = await setup();
    const old = await store.listStories({ q: '大模型', sort: 'relevance', until: '2026-04-04T00:00:00.000Z', limit: 2 }, { relevanceWindow: 4 });
    // The title hit first; then one of the two old body hits (which of them is the engine's scoring: SQLite's bm25 prefers
    // the shorter text, PostgreSQL's ranking the newer on a tie).
    expect(old.map((s) => s.title)[0]).toBe('北京发布大模型产业地图');
    expect(['上海第1季度经济数据公布', '深圳第2季度经济数据公布']).toContain(old[1]!.title);
    expect(old).toHaveLength(2);
  });
});

describe('relevance search with only terms shorter than three characters', () => {
  it('ranks a headline hit first on both engines, not the newest mention', async () => {
    const store = await setup();
    // 模型 is in every story's body; only the oldest names it in its headline.
    const byDate = await store.listStories({ q: '模型', limit: 3 });
    expect(byDate[0]!.title).not.toBe('北京发布大模型产业地图');
    const ranked = await store.listStories({ q: '模型', sort: 'relevance', limit: 3 });
    expect(ranked[0]!.title).toBe('北京发布大模型产业地图');
    expect(ranked).toHaveLength(3);
    // Every story mentions it: a deeper page still finds the rest, and no story twice.
    const all = await store.listStories({ q: '模型', sort: 'relevance', limit: 20 }, { relevanceWindow: 4 });
    expect(new Set(all.map((s) => s.id)).size).toBe(PLACES.length);
  });

  it('demands every short term of one copy', async () => {
    const store = await setup();
    const page = await store.listStories({ q: '北京 模型', sort: 'relevance', limit: 10 });
    expect(page.map((s) => s.title)).toEqual(['北京发布大模型产业地图']);
  });
});
