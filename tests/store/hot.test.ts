import { describe, expect, it } from 'vitest';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore } from '../helpers/store.ts';

const NOW = new Date('2026-04-20T12:00:00Z');
const at = (hoursBeforeNow: number) => new Date(NOW.getTime() - hoursBeforeNow * 3600_000).toISOString();

/** One story told by several outlets: the same headline and lead, each outlet's copy at its own hour. */
const STORIES = [
  { key: 'fast', title: '国产大模型发布新版本 推理能力大幅提升', copies: { xinhua: 5, people: 4.5, jfdaily: 4 } },
  { key: 'slow', title: '多地出台算力券政策支持智算中心建设', copies: { xinhua: 22, people: 12, jfdaily: 3 } },
  { key: 'pair', title: '人形机器人半程马拉松在京举行', copies: { xinhua: 6, thepaper: 5 } },
  { key: 'lone', title: '某高校开设人工智能通识课程', copies: { thepaper: 1 } },
  { key: 'old', title: '具身智能产业联盟成立 五十家企业加入', copies: { xinhua: 80, people: 79, jfdaily: 79, thepaper: 78, chinanews: 78 } },
] as const;

async function setup() {
  const { store } = await openTestStore();
  const ctx = ingestContext(store);
  for (const s of STORIES) {
    for (const [outlet, hours] of Object.entries(s.copies)) {
      const item = parsedItem({
        guid: `${outlet}-${s.key}`,
        url: `https://${outlet}.example.cn/${s.key}.html`,
        title: s.title,
        summary: `${s.title}。记者从有关方面获悉，相关工作正在推进，多家单位参与其中，详细情况将于近期公布。`,
        publishedAt: at(hours),
      });
      await ingestParsed(ctx, outlet, [item], NOW);
    }
  }
  return store;
}

describe('sort=hot: stories by how many outlets carried them and how fast', () => {
  it('ranks by distinct outlets, then by how soon the outlets had it, within the 24 hours before the newest story', async () => {
    const store = await setup();
    const hot = await store.listStories({ sort: 'hot', limit: 10 });
    expect(hot.map((s) => s.title)).toEqual([STORIES[0].title, STORIES[1].title, STORIES[2].title, STORIES[3].title]);
    // Each story is one, with every outlet's copy.
    expect(hot[0]!.duplicates).toHaveLength(2);
  });

  it('takes an explicit window, filters and offset pages like any listing', async () => {
    const store = await setup();
    const week = await store.listStories({ sort: 'hot', since: at(24 * 7), limit: 2 });
    expect(week.map((s) => s.title)).toEqual([STORIES[4].title, STORIES[0].title]);
    const second = await store.listStories({ sort: 'hot', since: at(24 * 7), limit: 2, offset: 2 });
    expect(second.map((s) => s.title)).toEqual([STORIES[1].title, STORIES[2].title]);
    const onlyThePaper = await store.listStories({ sort: 'hot', sources: ['thepaper'], limit: 10 });
    expect(onlyThePaper.map((s) => s.title)).toEqual([STORIES[2].title, STORIES[3].title]);
    const searched = await store.listStories({ sort: 'hot', q: '算力券', limit: 10 });
    expect(searched.map((s) => s.title)).toEqual([STORIES[1].title]);
  });

  it('is empty on an empty database', async () => {
    const { store } = await openTestStore();
    expect(await store.listStories({ sort: 'hot', limit: 10 })).toEqual([]);
  });
});
