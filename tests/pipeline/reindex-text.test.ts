import { describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/dedup/index.ts';
import { itemText } from '../../src/normalise/item.ts';
import { reindexTextIfStale } from '../../src/pipeline/reindex-text.ts';
import { retagIfRulesChanged } from '../../src/pipeline/retag.ts';
import type { Store } from '../../src/store/store.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

const NOW = new Date('2024-07-04T12:00:00Z');
const tagger = compileTagger([{ id: 'embodied', label: '具身智能', keywords: ['具身智能'], exclude: [] }]);

/**
 * A database as huiju stored it before TEXT_VERSION 2: each item's search entry, fingerprint and snippet taken from its
 * summary only. Written back through the store's own re-index step (updateItemText), so it holds on every engine.
 */
async function storedBeforeFullText(count: number): Promise<{ db: TestStore; store: Store; ids: number[] }> {
  const db = await openTestStore();
  const { store } = db;
  await reindexTextIfStale(store);
  const items = Array.from({ length: count }, (_, i) =>
    parsedItem({
      url: `http://a.example/${i}`,
      title: `浦东发布产业新政第${i}号`,
      summary: '浦东新区今日发布产业新政。',
      contentHtml: `<p>浦东新区今日发布产业新政。</p><p>新政第${i}条提出，建设具身智能训练场，支持人形机器人企业落户。</p>`,
      publishedAt: '2024-07-04T01:00:00.000Z',
    }),
  );
  await ingestParsed(ingestContext(store, { tagger }), 'a', items, NOW);
  await retagIfRulesChanged(store, tagger);
  const ids = await store.transaction(async (tx) => {
    const rows = await tx.itemTextsAfter(0, 100);
    for (const { id, title, summary } of rows) {
      const old = computeFeatures({ sourceId: 'a', url: null, title, text: summary!, publishedAt: '' });
      await tx.updateItemText(id, title, summary!, old);
    }
    await tx.deleteMeta('text_version');
    return rows.map((r) => r.id);
  });
  return { db, store, ids };
}

const found = async (store: Store, q: string) => (await store.listStories({ q, limit: 50 })).length;
const meta = (store: Store, key: string) => store.transaction((tx) => tx.getMeta(key));
/** What each item's search entry holds now, by id. */
const indexed = async (store: Store) => new Map((await store.transaction((tx) => tx.itemTextsAfter(0, 100))).map((r) => [r.id, r.indexed]));

describe('bringing stored items to the full-text version', () => {
  it('re-indexes the body and updates the dedup keys taken from it; tags, taken from the summary, stay', async () => {
    const { db, store, ids } = await storedBeforeFullText(3);
    expect(ids).toHaveLength(3);
    expect(await found(store, '具身智能')).toBe(0);

    expect(await reindexTextIfStale(store)).toBe(3);
    expect(await found(store, '具身智能')).toBe(3);
    const [row] = await db.sql<{ title: string; summary: string; contentHtml: string; fingerprint: string; snippet: string }>(
      'SELECT title, summary, content_html AS "contentHtml", fingerprint, snippet FROM items WHERE id = ?',
      [ids[0]],
    );
    expect(row!.snippet).toContain('具身智能');
    const text = itemText(row!);
    expect(text).toContain('具身智能训练场');
    expect(row!.fingerprint).toBe(computeFeatures({ sourceId: 'a', url: null, title: row!.title, text, publishedAt: '' }).fingerprint);
    expect(await retagIfRulesChanged(store, tagger)).toBe(0);

    // Done once: the version is recorded.
    expect(await meta(store, 'text_version')).toBe('2');
    expect(await reindexTextIfStale(store)).toBe(0);
  });

  it('resumes an interrupted pass after the last item it brought in line', async () => {
    const { store, ids } = await storedBeforeFullText(3);
    await store.transaction((tx) => tx.setMeta('text_reindexed_upto', String(ids[1])));
    expect(await reindexTextIfStale(store)).toBe(1);
    const entries = await indexed(store);
    expect(ids.map((id) => entries.get(id)!.includes('具身智能'))).toEqual([false, false, true]);
    expect(await meta(store, 'text_reindexed_upto')).toBeNull();
  });

  it('leaves items whose text is already the full body alone, and the tags with them', async () => {
    const { store } = await openTestStore();
    const item = parsedItem({ url: 'http://a.example/1', title: '具身智能大会开幕', contentHtml: '<p>具身智能</p>' });
    await ingestParsed(ingestContext(store, { tagger }), 'a', [item], NOW);
    await retagIfRulesChanged(store, tagger);
    expect(await reindexTextIfStale(store)).toBe(0);
    expect(await retagIfRulesChanged(store, tagger)).toBe(0);
    expect((await store.listStories({ limit: 10 }))[0]!.tags).toEqual(['embodied']);
  });
});
