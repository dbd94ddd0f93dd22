import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParsedItem } from '../../src/model/item.ts';
import { openStore } from '../../src/store/open.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import type { RetentionOptions, Store } from '../../src/store/store.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { tempDir } from '../helpers/cli.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { rss } from '../helpers/rss.ts';
import { connectSql, openTestStore, TEST_ENGINE, type SqlConnection, type TestStore } from '../helpers/store.ts';
import { checkDatabase } from './consistency.ts';

const DAY = 24 * 3600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
/** The controllable clock: day n after T0. */
const day = (n: number) => new Date(T0 + n * DAY);

const tagger = compileTagger([
  { id: 'ai', label: '人工智能', keywords: ['人工智能'], exclude: [] },
  { id: 'chip', label: '芯片', keywords: ['芯片'], exclude: [] },
]);
const PRIORITY: Record<string, number> = { xinhua: 10 };
const priorityOf = (id: string) => PRIORITY[id] ?? 0;

const item = parsedItem;

/** What a fetch of `sourceId` at time `now` stores: the real normalise and ingest stages. */
const fetchAt = (store: Store, sourceId: string, items: ParsedItem[], now: Date) =>
  ingestParsed(ingestContext(store, { tagger, priorities: PRIORITY }), sourceId, items, now);

const prune = (store: Store, now: Date, over: Partial<RetentionOptions> = {}) => store.prune({ days: 90, now, priorityOf, ...over });

const isTombstoned = async (store: Store, sourceId: string, itemKey: string) =>
  (await store.transaction((tx) => tx.tombstonedKeys(sourceId, [itemKey]))).has(itemKey);

let dir: string;
let t: TestStore;
let store: Store;
beforeEach(async () => {
  dir = tempDir('huiju-retention-');
  t = await openTestStore();
  store = t.store;
});

async function expectConsistent() {
  const report = await checkDatabase(t.location);
  expect(report.integrity).toBe('ok');
  expect(report.broken).toEqual({});
  return report.counts;
}

const keysIn = async (db: SqlConnection) => (await db.sql<{ item_key: string }>('SELECT item_key FROM items ORDER BY item_key')).map((r) => r.item_key);
const keys = () => keysIn(t);

/** The database as another process left it: read through a connection and a store of its own. */
async function afterward(check: (db: SqlConnection, store: Store) => Promise<void>) {
  const db = connectSql(t.location);
  const again = await openStore(t.location);
  try {
    await check(db, again);
  } finally {
    await db.close();
    await again.close();
  }
}

describe('retention', () => {
  it('prunes by the time huiju first saw an item, not by its published date', async () => {
    // An archive item published years ago but first seen on day 80 (a newly added source) must survive day 100.
    await fetchAt(store, 'a', [item({ guid: 'old-seen', title: '早先看到', publishedAt: day(-1).toISOString() })], day(0));
    await fetchAt(store, 'b', [item({ guid: 'archive', title: '旧闻新加', publishedAt: '2019-05-01T00:00:00.000Z' })], day(80));
    const report = await prune(store, day(100));
    expect(report.items).toBe(1);
    expect(await keys()).toEqual(['guid:archive']);
    await expectConsistent();
  });

  it('keeps an item exactly at the boundary and prunes one a moment older', async () => {
    await fetchAt(store, 'a', [item({ guid: 'edge', title: '刚好九十天' })], day(10));
    await fetchAt(store, 'a', [item({ guid: 'older', title: '九十天多一点' })], new Date(day(10).getTime() - 1));
    await prune(store, day(100));
    expect(await keys()).toEqual(['guid:edge']);
  });

  it('removes only the pruned copy of a story, and recomputes its representative, count and tags', async () => {
    const url = 'http://www.news.cn/tech/20260101/abc.html';
    // xinhua (priority 10) carried it first with 芯片 in its text; jfdaily joined 60 days later without it.
    await fetchAt(store, 'xinhua', [item({ guid: 'x1', url, title: '人工智能芯片新政', summary: '芯片产业', publishedAt: day(0).toISOString() })], day(0));
    await fetchAt(store, 'jfdaily', [item({ guid: 'j1', url: `${url}?utm_source=jf`, title: '人工智能新政', publishedAt: day(0).toISOString() })], day(60));
    const [before] = await store.listStories({ limit: 10 });
    expect(before).toMatchObject({ source: 'xinhua', tags: ['ai', 'chip'] });
    expect(before!.duplicates.map((d) => d.source)).toEqual(['jfdaily']);

    const report = await prune(store, day(100));
    expect(report).toMatchObject({ items: 1, storiesUpdated: 1, storiesDeleted: 0 });
    const after = await store.getStory(before!.id);
    expect(after).toMatchObject({ guid: before!.guid, source: 'jfdaily', tags: ['ai'], duplicates: [] });
    expect(await t.value('SELECT item_count FROM stories WHERE id = ?', [before!.id])).toBe(1);
    await expectConsistent();
  });

  it('deletes a story whose every copy expired, with its search rows, bands and tags', async () => {
    await fetchAt(store, 'a', [item({ guid: 'g1', title: '人工智能大会开幕', summary: '芯片展区' })], day(0));
    await fetchAt(store, 'b', [item({ guid: 'g2', title: '人工智能大会开幕', summary: '另一家' })], day(1));
    expect(await store.listStories({ limit: 10, q: '大会开幕' })).toHaveLength(1);
    const report = await prune(store, day(120));
    expect(report).toMatchObject({ items: 2, storiesDeleted: 1, storiesUpdated: 0 });
    expect(await store.listStories({ limit: 10, q: '大会开幕' })).toHaveLength(0);
    // On SQLite the consistency check also holds the search table to the (now no) items.
    expect(await expectConsistent()).toEqual({ items: 0, stories: 0, itemTags: 0, storyTags: 0 });
  });

  it('leaves a tombstone so a pruned item its feed still lists does not come back as new', async () => {
    const feed = [item({ guid: 'kept-listed', title: '一直挂在订阅里' })];
    await fetchAt(store, 'a', feed, day(0));
    await prune(store, day(100));
    expect(await isTombstoned(store, 'a', 'guid:kept-listed')).toBe(true);
    const counts = await fetchAt(store, 'a', [item({ guid: 'fresh', title: '新的一条' }), ...feed], day(101));
    expect(counts).toEqual({ new: 1, updated: 0, unchanged: 1 });
    expect(await keys()).toEqual(['guid:fresh']);
    // The tombstone is per source: another outlet may still carry an item with that key.
    expect((await fetchAt(store, 'b', feed, day(101))).new).toBe(1);
    await expectConsistent();
  });

  it('forgets tombstones after twice the retention period', async () => {
    await fetchAt(store, 'a', [item({ guid: 'g', title: '会被遗忘' })], day(0));
    await prune(store, day(100)); // tombstone dated day 100
    expect((await prune(store, day(100 + 179))).tombstonesExpired).toBe(0);
    expect((await prune(store, day(100 + 181))).tombstonesExpired).toBe(1);
    expect(await t.value('SELECT count(*) FROM tombstones')).toBe(0);
    expect(await isTombstoned(store, 'a', 'guid:g')).toBe(false);
  });

  it('honours a shorter retention.days', async () => {
    await fetchAt(store, 'a', [item({ guid: 'g', title: '一周前' })], day(0));
    expect((await prune(store, day(6), { days: 7 })).items).toBe(0);
    expect((await prune(store, day(8), { days: 7 })).items).toBe(1);
  });
});

/** How SQLite gives pruned pages back to the file system: PostgreSQL's autovacuum does this on its own. */
describe.skipIf(TEST_ENGINE !== 'sqlite')('retention on SQLite: the file', () => {
  const sqlite = () => (store as SqliteStore).db;

  it('keeps the database file bounded: pruned pages go back to the file system', async () => {
    const file = t.location;
    const big = '人工智能产业报告正文。'.repeat(2000);
    for (let batch = 0; batch < 10; batch++) {
      const items = Array.from({ length: 40 }, (_, i) => item({ guid: `g${batch}-${i}`, title: `第${batch}批第${i}条`, summary: big }));
      await fetchAt(store, 'a', items, day(batch < 8 ? 0 : 50));
    }
    sqlite().pragma('wal_checkpoint(TRUNCATE)');
    const full = statSync(file).size;
    const report = await prune(store, day(100), { batchSize: 50 });
    expect(report.items).toBe(320);
    // A new database is created with incremental auto-vacuum: no full VACUUM is ever needed.
    expect(report.convertedToIncrementalVacuum).toBe(false);
    expect(sqlite().pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(sqlite().pragma('freelist_count', { simple: true })).toBe(0);
    expect(report.freedBytes).toBeGreaterThan(0);
    const pruned = statSync(file).size;
    expect(pruned).toBeLessThan(full / 2);
    expect(statSync(`${file}-wal`).size).toBe(0);
    await expectConsistent();

    // Later runs reclaim space incrementally too.
    const second = await prune(store, day(200));
    expect(second).toMatchObject({ items: 80, convertedToIncrementalVacuum: false });
    expect(sqlite().pragma('freelist_count', { simple: true })).toBe(0);
    expect(statSync(file).size).toBeLessThan(pruned);
  });

  it('converts a database an older huiju created without incremental auto-vacuum, once', async () => {
    const old = join(dir, 'old.db');
    const raw = new Database(old);
    raw.pragma('journal_mode = WAL'); // the file's first page, written before auto_vacuum could be chosen
    raw.close();
    const oldStore = (await openStore(old)) as SqliteStore;
    try {
      expect(oldStore.db.pragma('auto_vacuum', { simple: true })).toBe(0);
      await fetchAt(oldStore, 'a', [item({ guid: 'g', title: '旧库里的一条' })], day(0));
      expect(await prune(oldStore, day(100))).toMatchObject({ items: 1, convertedToIncrementalVacuum: true });
      expect(oldStore.db.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect((await prune(oldStore, day(101))).convertedToIncrementalVacuum).toBe(false);
    } finally {
      await oldStore.close();
    }
  });
});

describe('huiju prune', () => {
  it('prunes with the config’s retention.days and reports what it did', async () => {
    const { runCli, writeConfig } = await import('../helpers/cli.ts');
    const now = Date.now();
    await fetchAt(store, 'a', [item({ guid: 'stale', title: '很久以前' })], new Date(now - 40 * DAY));
    await fetchAt(store, 'a', [item({ guid: 'recent', title: '最近' })], new Date(now - 10 * DAY));
    await store.close();
    const config = writeConfig(dir, { retention: { days: 30 }, sources: [{ id: 'a', name: 'A', url: 'http://127.0.0.1:9/a.xml' }] });
    const result = await runCli(['prune', '--config', config, '--db', t.location]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^pruned 1 items \(1 stories removed, 0 updated\), 0 tombstones expired/);
    await afterward(async (db, again) => {
      expect(await keysIn(db)).toEqual(['guid:recent']);
      expect(await isTombstoned(again, 'a', 'guid:stale')).toBe(true);
    });
  });
});

describe('huiju serve', () => {
  it('runs retention once the start-up fetches are done', async () => {
    const { startServe, waitFor, writeConfig } = await import('../helpers/cli.ts');
    const { startFixtureServer } = await import('../helpers/fixture-server.ts');
    const now = Date.now();
    await fetchAt(store, 'a', [item({ guid: 'stale', title: '很久以前的消息' })], new Date(now - 100 * DAY));
    await store.close();
    const feed = await startFixtureServer({
      '/a.xml': { body: rss('A', [{ title: '很久以前的消息', guid: 'stale' }, { title: '今天的消息', guid: 'fresh' }]) },
    });
    const config = writeConfig(dir, { sources: [{ id: 'a', name: 'A', url: `${feed.url}/a.xml` }] });
    const huiju = await startServe(['--config', config, '--db', t.location]);
    try {
      await waitFor(async () => /pruned 1 items/.test(huiju.output()));
      const items = (await (await fetch(`${huiju.url}/api/items`)).json()) as { items: { title: string }[] };
      // The stale item is gone (the start-up fetch saw it unchanged; first-seen time is what counts).
      expect(items.items.map((i) => i.title)).toEqual(['今天的消息']);
    } finally {
      expect(await huiju.stop()).toBe(0);
      await feed.close();
    }
    await afterward(async (db) => expect(await keysIn(db)).toEqual(['guid:fresh']));
  });
});
