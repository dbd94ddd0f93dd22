import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedItem } from '../../src/model/item.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { connectSql, newDatabase, type SqlConnection, type TestDatabase } from '../helpers/store.ts';
import { rng } from '../../bench/generate.ts';
import { shuffle, wireStory } from './wire.ts';

/**
 * Dedup under concurrency: four workers, each a store of its own (its own connection pool, as each `huiju worker`
 * process has), ingest 200 wire stories carried by 5 outlets each, in a random interleaving of small batches. Every
 * copy of a story must join the one story, whichever worker stored it first and however the batches interleave.
 */
const STORIES = 200;
const OUTLETS = 5;
const WORKERS = 4;

let database: TestDatabase;
let stores: Store[] = [];
let sql: SqlConnection;

beforeAll(async () => {
  database = await newDatabase('postgres');
  stores = await Promise.all(Array.from({ length: WORKERS }, () => openStore(database.location)));
  sql = connectSql(database.location);
});

afterAll(async () => {
  await sql?.close();
  for (const s of stores) await s.close();
  await database?.drop();
});

describe('dedup with four workers storing at once', () => {
  it('200 wire stories carried by 5 outlets each, in a random interleaving: exactly 200 stories, no item lost', async () => {
    const now = new Date();
    const copies: { outlet: string; item: ParsedItem }[] = [];
    for (let n = 0; n < STORIES; n++) {
      const story = wireStory(n);
      for (let o = 0; o < OUTLETS; o++) {
        const outlet = `outlet${o}`;
        copies.push({
          outlet,
          item: parsedItem({
            guid: `${outlet}-${n}`,
            url: `https://${outlet}.example.cn/news/${n}.html`,
            title: story.title,
            summary: story.body,
            // Within the dedup window, a few minutes apart per outlet.
            publishedAt: new Date(now.getTime() - (STORIES - n) * 60_000 - o * 90_000).toISOString(),
          }),
        });
      }
    }
    const rand = rng(20261207);
    shuffle(copies, rand);
    // Dealt out in batches of 1 to 8 copies (a batch is one outlet's, as one fetch of one feed is): each worker stores
    // its batches one after another, the four workers at once.
    const queues: { outlet: string; items: ParsedItem[] }[][] = Array.from({ length: WORKERS }, () => []);
    for (let i = 0; i < copies.length; ) {
      const size = 1 + Math.floor(rand() * 8);
      const slice = copies.slice(i, i + size);
      i += size;
      const worker = queues[Math.floor(rand() * WORKERS)]!;
      for (const outlet of new Set(slice.map((c) => c.outlet))) {
        worker.push({ outlet, items: slice.filter((c) => c.outlet === outlet).map((c) => c.item) });
      }
    }
    const results = await Promise.all(
      queues.map(async (batches, w) => {
        const ctx = ingestContext(stores[w]!);
        let stored = 0;
        for (const batch of batches) stored += (await ingestParsed(ctx, batch.outlet, batch.items, now)).new;
        return stored;
      }),
    );
    expect(results.reduce((a, b) => a + b, 0)).toBe(STORIES * OUTLETS);
    expect(Number(await sql.value('SELECT count(*) FROM items'))).toBe(STORIES * OUTLETS);
    expect(Number(await sql.value('SELECT count(*) FROM stories'))).toBe(STORIES);
    // Each story holds the five copies of one wire story, and nothing else.
    const groups = await sql.sql<{ titles: string[]; outlets: number }>(
      'SELECT array_agg(DISTINCT title) AS titles, count(DISTINCT source_id) AS outlets FROM items GROUP BY story_id',
    );
    expect(groups.filter((g) => g.titles.length !== 1 || Number(g.outlets) !== OUTLETS)).toEqual([]);
  });
});
