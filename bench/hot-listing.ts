/**
 * node --import tsx bench/hot-listing.ts [ITEMS]
 * What sort=hot and /trends cost against a date listing, on one SQLite database of ITEMS (default 1,000,000) items
 * over 90 days written straight into the tables (no dedup or tagging: only the rows these queries read), stored in
 * time order as fetching stores them, with a power-law number of outlets a story. Medians of 15 runs; figures in
 * docs/hot-and-trends.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/store.ts';
const dir = mkdtempSync(join(tmpdir(), 'huiju-hot-'));
const file = join(dir, 'hot.db');
const store = openSqliteStore(file);
const db = store.db;
const ITEMS = Number(process.argv[2] ?? 1_000_000);
const DAYS = 90;
const end = Date.parse('2026-12-07T00:00:00Z');
const SOURCES = Array.from({ length: 40 }, (_, i) => `src-${i}`);
let rnd = 42;
const rand = () => ((rnd = (rnd * 1103515245 + 12345) % 2147483648) / 2147483648);
const insStory = db.prepare('INSERT INTO stories (id, guid, representative_item_id, published_at, updated_at, item_count) VALUES (?, ?, ?, ?, ?, ?)');
const insItem = db.prepare(`INSERT INTO items (id, source_id, item_key, story_id, url, title, summary, published_at, first_seen_at, content_hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const insTag = db.prepare('INSERT OR IGNORE INTO story_tags (tag, story_id) VALUES (?, ?)');
let item = 0;
let story = 0;
db.transaction(() => {
  while (item < ITEMS) {
    story++;
    // Stored in time order, as fetching does: a day's items lie together in the table.
    const t = end - DAYS * 86400_000 + (item / ITEMS) * DAYS * 86400_000 + rand() * 3600_000;
    // Most stories one outlet; some carried by many (a power law, as wire copy is).
    const outlets = Math.min(SOURCES.length, Math.max(1, Math.floor(1 / (rand() + 0.03))));
    const first = item + 1;
    const iso = new Date(t).toISOString();
    insStory.run(story, `g${story}`, first, iso, iso, outlets);
    for (let k = 0; k < outlets && item < ITEMS; k++) {
      item++;
      const at = new Date(t + k * rand() * 6 * 3600_000).toISOString();
      insItem.run(item, SOURCES[(story + k) % SOURCES.length], `k${item}`, story, `https://x/${item}`, `t${story}`, 's', at, at, 'h');
    }
    if (rand() < 0.35) insTag.run('ai', story);
  }
})();
console.log(`${item} items, ${story} stories`);
const time = async (label: string, f: () => Promise<unknown>) => {
  const xs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const s = performance.now();
    await f();
    xs.push(performance.now() - s);
  }
  xs.sort((a, b) => a - b);
  console.log(`${label}: median ${xs[7]!.toFixed(1)} ms`);
  return xs[7]!;
};
const date = await time('date, limit 50', () => store.listStories({ limit: 50 }, { content: false }));
const hot = await time('hot, limit 50', () => store.listStories({ sort: 'hot', limit: 50 }, { content: false }));
const dateTag = await time('date, tag=ai, limit 50', () => store.listStories({ tags: ['ai'], limit: 50 }, { content: false }));
const hotTag = await time('hot, tag=ai, limit 50', () => store.listStories({ sort: 'hot', tags: ['ai'], limit: 50 }, { content: false }));
const hotWeek = await time('hot, since 7 days, limit 50', () => store.listStories({ sort: 'hot', since: new Date(end - 7 * 86400_000).toISOString(), limit: 50 }, { content: false }));
const trends = await time('tagDayCounts, 14 days', () => store.tagDayCounts(new Date(end - 14 * 86400_000).toISOString(), new Date(end).toISOString(), 480));
console.log(`ratios: hot/date ${(hot / date).toFixed(1)}, hot tag/date tag ${(hotTag / dateTag).toFixed(1)}, hot week/date ${(hotWeek / date).toFixed(1)}, trends/date ${(trends / date).toFixed(1)}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
