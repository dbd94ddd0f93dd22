/**
 * The PostgreSQL engine's chunk-at-a-time writing and reading: a chunk's candidates in one statement give each item
 * what the lookups of one item at a time give it, held-back writes read back as written, and a chunk costs a few round
 * trips rather than a few an item. Each test gets a database of its own on the local server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { labelledItems, labelledPairs } from '../../eval/labelled.ts';
import { computeFeatures, type DedupFeatures, type StoryMatch } from '../../src/dedup/index.ts';
import type { ParsedItem } from '../../src/model/item.ts';
import { normaliseItems, type NormalisedItem } from '../../src/normalise/item.ts';
import { SyncedBandIndex } from '../../src/store/band-sync.ts';
import { createPool } from '../../src/store/postgres/connect.ts';
import { findCandidates, findExactCandidates, findNearCandidates } from '../../src/store/postgres/candidates.ts';
import { PostgresFingerprints } from '../../src/store/postgres/fingerprints.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/store.ts';
import type { CandidateRequest } from '../../src/store/store.ts';
import type { TagMatch } from '../../src/tag/index.ts';
import { DAY_MS, ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';

const ADMIN_URL = process.env.HUIJU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Pool({ connectionString: ADMIN_URL, max: 2 });
afterAll(() => admin.end());

/** A new database and a store on it, and a client of its own: all dropped when the test ends. */
async function setup(): Promise<{ store: PostgresStore; client: pg.PoolClient }> {
  const name = `huiju_t_${process.pid}_bulk_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openPostgresStore(url.toString());
  // The store's own pool settings: ids come back as numbers.
  const { pool } = createPool(url.toString());
  const client = await pool.connect();
  onTestFinished(async () => {
    client.release();
    await pool.end().catch(() => {});
    await store.close().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return { store, client };
}

const pairs = labelledPairs();
const background = labelledItems();
const NOW = new Date('2026-04-20T00:00:00Z');

const featuresOf = (i: { sourceId: string; url: string | null; title: string; text: string; publishedAt: string }): DedupFeatures =>
  computeFeatures({ sourceId: i.sourceId, url: i.url, title: i.title, text: i.text, publishedAt: i.publishedAt });

const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

describe('PostgreSQL engine: a chunk’s candidates', () => {
  it('gives every request of a chunk what the lookups of one request at a time give it', async () => {
    const { store, client } = await setup();
    const ctx = ingestContext(store);
    // Stored: the real background items over ten days, the first side of every labelled pair, and what makes the
    // cuts matter: one headline stored 80 times in a day, one URL 70 times over a month.
    const feed = (sourceId: string, items: ParsedItem[]) => ingestParsed(ctx, sourceId, items, NOW);
    await feed(
      'background',
      background.map((b, i) => parsedItem({ guid: b.id, url: b.url ?? null, title: b.title, summary: b.text, publishedAt: hoursAgo((i * 7) % 240) })),
    );
    const bySource = new Map<string, ParsedItem[]>();
    for (const [i, { a }] of pairs.entries()) {
      const list = bySource.get(a.sourceId) ?? [];
      list.push(parsedItem({ guid: `a${i}`, url: a.url, title: a.title, summary: a.text, publishedAt: a.publishedAt }));
      bySource.set(a.sourceId, list);
    }
    for (const [sourceId, items] of bySource) await feed(sourceId, items);
    await feed('daily', Array.from({ length: 80 }, (_, i) => parsedItem({ guid: `d${i}`, title: '国务院新闻办公室举行新闻发布会介绍最新情况', summary: `第${i}期：${background[i]!.text}`, publishedAt: hoursAgo(i / 4) })));
    await feed('mirror', Array.from({ length: 70 }, (_, i) => parsedItem({ guid: `m${i}`, url: 'https://news.example/same', title: `镜像${i}`, summary: background[i + 100]!.text, publishedAt: hoursAgo(i * 10) })));

    // Asked: the other side of every pair, reprints of background items at various distances in time, the crowded
    // headline and URL, and items with no usable date or no text.
    const requests: CandidateRequest[] = pairs.map(({ b }) => ({ features: featuresOf(b), publishedAt: b.publishedAt }));
    for (const [i, b] of background.entries()) {
      const reprint = { sourceId: 'reprint', url: `https://reprint.example/${i}`, title: `转载｜${b.title}`, text: `${b.text}（来源：转载）`, publishedAt: hoursAgo(i % 300) };
      requests.push({ features: featuresOf(reprint), publishedAt: reprint.publishedAt });
    }
    for (const h of [0, 5, 30, 200]) {
      const probe = { sourceId: 'probe', url: 'https://news.example/same', title: '国务院新闻办公室举行新闻发布会介绍最新情况', text: background[3]!.text, publishedAt: hoursAgo(h) };
      requests.push({ features: featuresOf(probe), publishedAt: probe.publishedAt });
    }
    requests.push({ features: featuresOf({ ...pairs[0]!.b, publishedAt: 'not a date' }), publishedAt: 'not a date' });
    requests.push({ features: featuresOf({ sourceId: 'empty', url: null, title: '', text: '', publishedAt: hoursAgo(1) }), publishedAt: hoursAgo(1) });

    const index = await new SyncedBandIndex().sync(new PostgresFingerprints(async () => client), '');
    let exact = 0;
    let near = 0;
    for (const windowMs of [3 * DAY_MS, 3600_000]) {
      for (let start = 0; start < requests.length; start += 64) {
        const chunk = requests.slice(start, start + 64);
        const together = await findCandidates(client, index, chunk, windowMs);
        const alone = [];
        for (const { features, publishedAt } of chunk) {
          alone.push({
            exact: await findExactCandidates(client, features, publishedAt, windowMs),
            near: await findNearCandidates(client, index, features, publishedAt, windowMs),
          });
        }
        for (const [i, c] of alone.entries()) expect(together[i], `request ${start + i}, window ${windowMs}`).toEqual(c);
        exact += alone.reduce((n, c) => n + c.exact.length, 0);
        near += alone.reduce((n, c) => n + c.near.length, 0);
      }
    }
    // The comparison compared something: candidates of both kinds, and the cuts reached.
    expect(exact).toBeGreaterThan(1000);
    expect(near).toBeGreaterThan(1000);
    const crowded = await findCandidates(client, index, requests.slice(-6, -2), 3 * DAY_MS);
    expect(crowded.map((c) => c.exact.length)).toEqual([128, 128, 128, 64]);
  }, 120_000);
});

const item = (sourceId: string, over: Partial<ParsedItem>): NormalisedItem => normaliseItems(sourceId, [parsedItem(over)], NOW)[0]!;
const tag = (t: string, score = 1) => ({ tag: t, score, evidence: [] }) as unknown as TagMatch;

describe('PostgreSQL engine: held-back writes', () => {
  it('reads back what a transaction wrote, however often it changed a row before sending it', async () => {
    const { store, client } = await setup();
    const a = item('s', { guid: 'a', url: 'https://a.example/1', title: '第一条', summary: '正文一' });
    const b = item('s', { guid: 'b', url: 'https://a.example/2', title: '第二条', summary: '正文二' });
    const ids = await store.transaction(async (tx) => {
      const story = await tx.createStory(a);
      const first = await tx.insertItem(a, story, featuresOf(a), null);
      const second = await tx.insertItem(b, story, featuresOf(b), { storyId: story, matchedItemId: first, rule: 'title', similarity: 0.9 } as StoryMatch);
      // Changed before it was ever sent: edited, re-indexed, tagged twice.
      const edited = item('s', { guid: 'a', url: 'https://a.example/1', title: '第一条（更新）', summary: '正文一更新' });
      await tx.updateItem(first, edited, featuresOf(edited));
      await tx.updateItemText(first, edited.title, '重新索引', featuresOf({ ...edited, text: '重新索引' }));
      await tx.setItemTags(first, [tag('ai'), tag('chips')]);
      await tx.setItemTags(first, [tag('ai', 2)]);
      await tx.setItemTags(second, []);
      // A read sees what is held back.
      expect(await tx.storedContentHtml(first)).toBeNull();
      expect((await tx.findItemsByKeys('s', [a.itemKey, b.itemKey])).size).toBe(2);
      await tx.setItemTags(second, [tag('llm')]);
      await tx.refreshStories([story], () => 0);
      return { story, first, second };
    });
    expect(ids.second).toBe(ids.first + 1);
    const rows = async (sql: string) => (await client.query(sql)).rows;
    expect(await rows('SELECT id::int, title, match_rule FROM items ORDER BY id')).toEqual([
      { id: ids.first, title: '第一条（更新）', match_rule: null },
      { id: ids.second, title: '第二条', match_rule: 'title' },
    ]);
    expect(await rows('SELECT item_id::int, title, body FROM item_search ORDER BY item_id')).toEqual([
      { item_id: ids.first, title: '第一条（更新）', body: '重新索引' },
      { item_id: ids.second, title: '第二条', body: '正文二' },
    ]);
    expect(await rows('SELECT count(*)::int AS n FROM item_grams')).toEqual([{ n: 2 }]);
    expect(await rows('SELECT item_id::int, tag, score FROM item_tags ORDER BY item_id, tag')).toEqual([
      { item_id: ids.first, tag: 'ai', score: 2 },
      { item_id: ids.second, tag: 'llm', score: 1 },
    ]);
    expect(await rows('SELECT tag FROM story_tags ORDER BY tag')).toEqual([{ tag: 'ai' }, { tag: 'llm' }]);
    expect(await rows('SELECT item_count, representative_item_id::int AS rep FROM stories')).toEqual([{ item_count: 2, rep: ids.first }]);

    // Stored items changed in a later transaction: an edit and a re-index of one row merge, tags are replaced.
    await store.transaction(async (tx) => {
      const again = item('s', { guid: 'b', url: 'https://a.example/2', title: '第二条（再改）', summary: '正文二再改' });
      await tx.updateItemText(ids.second, '旧标题', '先重新索引', featuresOf({ ...again, text: '先重新索引' }));
      await tx.updateItem(ids.second, again, featuresOf(again));
      await tx.updateItemText(ids.first, '第一条（更新）', '再次索引', featuresOf({ ...a, text: '再次索引' }));
      await tx.setItemTags(ids.first, []);
      await tx.setItemTags(ids.second, [tag('robots')]);
      await tx.refreshStories([ids.story], () => 0);
    });
    expect(await rows('SELECT item_id::int, title, body FROM item_search ORDER BY item_id')).toEqual([
      { item_id: ids.first, title: '第一条（更新）', body: '再次索引' },
      { item_id: ids.second, title: '第二条（再改）', body: '正文二再改' },
    ]);
    expect(await rows('SELECT item_id::int, tag FROM item_tags ORDER BY item_id, tag')).toEqual([{ item_id: ids.second, tag: 'robots' }]);
    expect(await rows('SELECT tag FROM story_tags')).toEqual([{ tag: 'robots' }]);
  });

  it('stores a chunk of new items in a few round trips, not a few an item', async () => {
    const { store } = await setup();
    const ctx = ingestContext(store);
    const items = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => {
        const b = background[from + i]!;
        return parsedItem({ guid: b.id, url: b.url ?? null, title: b.title, summary: b.text, publishedAt: hoursAgo(i) });
      });
    await ingestParsed(ctx, 'warm-up', items(50, 0), NOW);
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    let statements = 0;
    proto.query = function (this: unknown, ...args: unknown[]) {
      statements++;
      return original.apply(this, args);
    };
    try {
      // Fifty new items and their copies by another outlet: one chunk each.
      expect((await ingestParsed(ctx, 'outlet', items(50, 100), NOW)).new).toBe(50);
      expect((await ingestParsed(ctx, 'copies', items(50, 100), NOW)).new).toBe(50);
    } finally {
      proto.query = original;
    }
    expect(statements / 2).toBeLessThanOrEqual(9);
    // A chunk with nothing new or changed writes nothing: the data version, and every cached response, stay.
    const version = await store.dataVersion();
    expect(await ingestParsed(ctx, 'outlet', items(50, 100), NOW)).toEqual({ new: 0, updated: 0, unchanged: 50 });
    expect(await store.dataVersion()).toBe(version);
  });
});
