import { describe, expect, it } from 'vitest';
import { feedStories } from '../../src/http/feed-stories.ts';
import type { StoryFilter } from '../../src/model/story.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore } from '../helpers/store.ts';

/**
 * A listing without the copies' text (ListOptions.content 'stamp'), the texts read by id (Store.copyTexts), and the
 * feed's listing built from them with the texts remembered (src/http/feed-stories.ts): the same stories as the full
 * listing, and a copy edited at its source served as edited.
 */

const NOW = new Date('2026-05-01T00:00:00Z');
const PLACES = ['北京', '上海', '深圳', '杭州', '广州', '南京'];

function item(i: number, source: string, edited = false) {
  return parsedItem({
    guid: `${source}-${i}`,
    url: `https://${source}.example.cn/${i}.html`,
    // The same headline and body from two outlets: one story with a copy from each.
    title: `${PLACES[i]}发布第${i}批人工智能试点名单`,
    summary: `${PLACES[i]}${i}日消息，第${i}批试点覆盖${i + 3}家企业${edited ? '（更正：数据已更新）' : ''}。`,
    contentHtml: `<p>${PLACES[i]}${i}日消息，第${i}批人工智能试点覆盖${i + 3}家企业，涉及制造与医疗${edited ? '（更正：数据已更新）' : ''}。</p>`,
    publishedAt: new Date(Date.UTC(2026, 3, 20 + i, source === 'a' ? 0 : 1)).toISOString(),
  });
}

async function setup() {
  const t = await openTestStore();
  const ctx = ingestContext(t.store);
  const feed = (source: string, edited: number | null = null) =>
    ingestParsed(ctx, source, PLACES.map((_, i) => item(i, source, i === edited)), NOW);
  await feed('a');
  await feed('b');
  return { store: t.store, feed };
}

const FILTER: StoryFilter = { limit: 50 };

describe('a listing without the text, and the texts by copy', () => {
  it('lists the same stories, with a stamp in place of the text', async () => {
    const { store } = await setup();
    const full = await store.listStories(FILTER);
    const stamped = await store.listStories(FILTER, { content: 'stamp' });
    expect(full).toHaveLength(PLACES.length);
    expect(full.every((s) => s.duplicates.length === 1 && s.summary && s.contentHtml)).toBe(true);
    expect(stamped.map(({ textStamp, ...s }) => ({ ...s, summary: 'x', contentHtml: 'x' }))).toEqual(full.map((s) => ({ ...s, summary: 'x', contentHtml: 'x' })));
    expect(stamped.every((s) => s.summary === null && s.contentHtml === null && typeof s.textStamp === 'string')).toBe(true);
    expect(full.every((s) => !('textStamp' in s))).toBe(true);
    const texts = await store.copyTexts(stamped.map((s) => s.itemId));
    for (const [i, s] of stamped.entries()) {
      expect(texts.get(s.itemId)).toEqual({ summary: full[i]!.summary, contentHtml: full[i]!.contentHtml, textStamp: s.textStamp });
    }
  });

  it('gives a copy a new stamp when its text changes, and the same one when nothing does', async () => {
    const { store, feed } = await setup();
    const before = await store.listStories(FILTER, { content: 'stamp' });
    await feed('a');
    await feed('b');
    expect(await store.listStories(FILTER, { content: 'stamp' })).toEqual(before);
    await feed('a', 2);
    await feed('b', 2);
    const after = await store.listStories(FILTER, { content: 'stamp' });
    const changed = after.filter((s, i) => s.textStamp !== before[i]!.textStamp);
    expect(changed.map((s) => s.title)).toEqual([`${PLACES[2]}发布第2批人工智能试点名单`]);
    expect((await store.copyTexts([changed[0]!.itemId])).get(changed[0]!.itemId)?.contentHtml).toContain('更正');
  });
});

describe("a feed's listing with the texts remembered", () => {
  it('is the full listing, cold and warm, and serves an edited copy as edited', async () => {
    const { store, feed } = await setup();
    for (const f of [FILTER, { ...FILTER, q: '人工智能' }, { ...FILTER, limit: 2 }]) {
      const full = await store.listStories(f);
      expect(await feedStories(store, f)).toEqual(full);
      expect(await feedStories(store, f)).toEqual(full);
    }
    await feed('a', 3);
    await feed('b', 3);
    const full = await store.listStories(FILTER);
    expect(full.find((s) => s.title.startsWith(PLACES[3]!))?.contentHtml).toContain('更正');
    expect(await feedStories(store, FILTER)).toEqual(full);
  });
});
