import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { StoryFilter } from '../../src/model/story.ts';
import { listStories } from '../../src/store/sqlite/listing.ts';
import { searchTexts } from '../../src/store/sqlite/lookups.ts';
import { ReadPool } from '../../src/store/sqlite/read-pool.ts';
import type { ReadCall } from '../../src/store/sqlite/read-worker.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import type { ListOptions } from '../../src/store/store.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore } from '../helpers/store.ts';
import { compileTagger } from '../../src/tag/index.ts';

/**
 * SQLite's listings on worker threads (src/store/sqlite/read-pool.ts): the same answers as on the main thread, writes
 * committed before a read seen by it, and reads on the main thread when no worker can start.
 */

const NOW = new Date('2026-05-01T00:00:00Z');
const PLACES = ['北京', '上海', '深圳', '杭州', '广州', '南京', '合肥', '成都'];
const tagger = compileTagger([{ id: 'ai', label: '人工智能', keywords: ['大模型'], exclude: [] }]);

async function setup() {
  const t = await openTestStore();
  const ctx = ingestContext(t.store, { tagger });
  const feed = async (source: string, days: number, from = 0) => {
    const items = Array.from({ length: days }, (_, d) =>
      parsedItem({
        guid: `${source}-${from + d}`,
        url: `https://${source}.example.cn/${from + d}.html`,
        title: `${PLACES[(from + d) % PLACES.length]}第${from + d}号${d % 3 ? '芯片' : '大模型'}项目${source === 'b' ? '—新华网' : ''}`,
        summary: `${PLACES[(from + d) % PLACES.length]}${from + d}日消息，第${from + d}号项目${d % 2 ? '的大模型应用' : ''}进展顺利，算力覆盖${d + 3}家企业。`,
        contentHtml: `<p>第${from + d}号项目 AI 算力进展。</p>`,
        publishedAt: new Date(Date.UTC(2026, 3, 1 + ((from + d) % 28), from + d)).toISOString(),
      }),
    );
    await ingestParsed(ctx, source, items, NOW);
  };
  await feed('a', 24);
  await feed('b', 12);
  return { t, store: t.store as SqliteStore, feed };
}

const FILTERS: StoryFilter[] = [
  { limit: 10 },
  { limit: 5, offset: 3 },
  { tags: ['ai'], limit: 10 },
  { q: '大模型', limit: 10 },
  { q: '大模型', sort: 'relevance', limit: 10 },
  { q: '算力 AI', sort: 'relevance', limit: 10 },
  { q: '芯片', until: '2026-04-20T00:00:00.000Z', limit: 10 },
  { sources: ['b'], limit: 10 },
  { sort: 'hot', limit: 10 },
];
const OPTIONS: (ListOptions | undefined)[] = [undefined, { content: false }, { content: 'stamp' }];

/** Run `call` on a worker of `pool`: reads come in a burst until one is ready (a read on this thread fails). */
async function onWorker(pool: ReadPool, call: ReadCall): Promise<unknown> {
  for (;;) {
    const answer = await pool.run(call, () => {
      throw new Error('read on the calling thread');
    }).then(
      (value) => ({ value }),
      (err: Error) => {
        if (err.message !== 'read on the calling thread') throw err;
        return null;
      },
    );
    if (answer) return answer.value;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('reads on worker threads', () => {
  it('answer every listing and search text as the main thread does', async () => {
    const { t, store } = await setup();
    const pool = new ReadPool(t.location, 1);
    try {
      for (const f of FILTERS) {
        for (const opts of OPTIONS) {
          const here = listStories(store.db, f, opts);
          expect(here.length, JSON.stringify(f)).toBeGreaterThan(0);
          expect(await onWorker(pool, { read: 'listStories', args: [f, opts] }), JSON.stringify([f, opts])).toEqual(here);
        }
      }
      const ids = listStories(store.db, { limit: 20 }).flatMap((s) => [s.itemId, ...s.duplicates.map((d) => d.itemId)]);
      expect(await onWorker(pool, { read: 'searchTexts', args: [ids] })).toEqual(searchTexts(store.db, ids));
    } finally {
      pool.close();
    }
  });

  it('see what was committed before they ran', async () => {
    const { t, store, feed } = await setup();
    const pool = new ReadPool(t.location, 1);
    try {
      const call: ReadCall = { read: 'listStories', args: [{ limit: 100 }, undefined] };
      const before = (await onWorker(pool, call)) as unknown[];
      await feed('a', 4, 24);
      const after = (await onWorker(pool, call)) as unknown[];
      expect(after).toHaveLength(before.length + 4);
      expect(after).toEqual(listStories(store.db, { limit: 100 }));
    } finally {
      pool.close();
    }
  });

  it('run on the calling thread when no worker can start', async () => {
    const { t, store } = await setup();
    const pool = new ReadPool(t.location, 2, new URL('./no-such-worker.mjs', import.meta.url));
    try {
      const f: StoryFilter = { q: '大模型', sort: 'relevance', limit: 10 };
      const expected = listStories(store.db, f);
      for (let i = 0; i < 40; i++) {
        const got = await pool.run({ read: 'listStories', args: [f, undefined] }, () => listStories(store.db, f));
        expect(isDeepStrictEqual(got, expected)).toBe(true);
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      pool.close();
    }
  });

  it('take a lone reader’s reads while the writer flushes in a burst, and leave them here otherwise', async () => {
    const { t, store } = await setup();
    const pool = new ReadPool(t.location, 1);
    const f: StoryFilter = { limit: 10 };
    const expected = listStories(store.db, f);
    let here = 0;
    const read = () =>
      pool.run({ read: 'listStories', args: [f, undefined] }, () => {
        here++;
        return listStories(store.db, f);
      });
    try {
      // One reader now and then, the writer idle: every read on this thread, and no worker started.
      for (let i = 0; i < 5; i++) {
        expect(isDeepStrictEqual(await read(), expected)).toBe(true);
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(here).toBe(5);
      // Short flushes hold nobody up: still here.
      for (let k = 0; k < 3; k++) pool.writerFlushed(5);
      await read();
      expect(here).toBe(6);
      // The same reader, as slow as before (never ten reads in a second), while the writer's flushes hold the event
      // loop again and again: once a worker is ready, it answers.
      let onWorker = false;
      for (let i = 0; i < 40 && !onWorker; i++) {
        for (let k = 0; k < 3; k++) pool.writerFlushed(60);
        const before = here;
        expect(isDeepStrictEqual(await read(), expected)).toBe(true);
        onWorker = here === before;
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(onWorker).toBe(true);
    } finally {
      pool.close();
    }
  });

  it('are told by the store’s write queue of each flush', async () => {
    const { store, feed } = await setup();
    const pool = (store as unknown as { readers: ReadPool }).readers;
    const told: number[] = [];
    const writerFlushed = pool.writerFlushed.bind(pool);
    pool.writerFlushed = (ms) => {
      told.push(ms);
      writerFlushed(ms);
    };
    await feed('c', 3);
    await feed('d', 3, 3);
    expect(told.length).toBeGreaterThanOrEqual(2);
    expect(told.every((ms) => ms >= 0 && Number.isFinite(ms))).toBe(true);
  });

  it('serve the store under a burst of requests with the same answers', async () => {
    const { store } = await setup();
    const expected = await Promise.all(FILTERS.map((f) => listStories(store.db, f)));
    for (let round = 0; round < 20; round++) {
      expect(await Promise.all(FILTERS.map((f) => store.listStories(f)))).toEqual(expected);
    }
  });
});
