/**
 * The band index lives in memory beside the database (src/store/band-sync.ts): these check it stays in step with what
 * is stored, across connections, restarts, rollbacks, edits and the band lifetime, on the engine under test. Each uses
 * a labelled real reprint that only the fingerprint bands can place: its headline and URL differ from the original's.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { labelledPairs } from '../../eval/labelled.ts';
import { computeFeatures, type DedupInput } from '../../src/dedup/index.ts';
import type { ParsedItem } from '../../src/model/item.ts';
import { openStore } from '../../src/store/open.ts';
import type { SqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store, StoreTx } from '../../src/store/store.ts';
import { ingestContext, ingestParsed, rolledBack } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore, TEST_ENGINE } from '../helpers/store.ts';

type Side = DedupInput;
const pairs = labelledPairs();
const onlyBandsPlace = (a: Side, b: Side) => {
  const [fa, fb] = [computeFeatures({ ...a, sourceId: 'a' }), computeFeatures({ ...b, sourceId: 'b' })];
  return fa.titleKey !== fb.titleKey && fa.canonicalUrl !== fb.canonicalUrl;
};
const reprint = pairs.find((p) => p.label === 'same' && onlyBandsPlace(p.a, p.b))!;
const different = pairs.find((p) => p.label === 'different' && !p.a.text.includes(reprint.a.text.slice(0, 10)))!;
const [unrelated, alsoUnrelated] = [different.a, different.b];

const item = (s: Side, guid: string): ParsedItem => parsedItem({ guid, url: s.url, title: s.title, summary: s.text, publishedAt: s.publishedAt });
// The original's outlet ranks first, so it represents the story and the reprint is listed as its copy, with its rule.
const ingest = (store: Store, sourceId: string, s: Side, guid: string, seenAt = new Date(reprint.a.publishedAt)) =>
  ingestParsed(ingestContext(store, { priorities: { original: 1 } }), sourceId, [item(s, guid)], seenAt);
/** What is stored of an item, read through a transaction (which sees that transaction's own writes). */
const rowIn = async (tx: StoreTx, sourceId: string, guid: string) => (await tx.findItemsByKeys(sourceId, [`guid:${guid}`])).get(`guid:${guid}`);
const row = (store: Store, sourceId: string, guid: string) => store.transaction((tx) => rowIn(tx, sourceId, guid));
const mergedWithOriginal = async (store: Store) => {
  const [a, b] = [await row(store, 'original', 'a'), await row(store, 'reprint', 'b')];
  if (a === undefined || b === undefined || a.storyId !== b.storyId) return false;
  const story = await store.getStory(a.storyId);
  return story?.duplicates.some((d) => d.itemId === b.id && d.matchRule === 'near-duplicate') ?? false;
};

/** Stores opened on a test's database besides its own (other connections, restarts): closed after each test. */
const others: Store[] = [];
afterEach(async () => {
  for (const s of others.splice(0)) await s.close();
});
const openAgain = async (location: string) => {
  const s = await openStore(location);
  others.push(s);
  return s;
};
const fresh = async () => (await openTestStore()).store;

describe('the band index', () => {
  it('places the reprint by its bands alone (the premise of the tests below)', async () => {
    const store = await fresh();
    await ingest(store, 'original', reprint.a, 'a');
    await ingest(store, 'reprint', reprint.b, 'b');
    expect(await mergedWithOriginal(store)).toBe(true);
  });

  it('is rebuilt from the stored fingerprints when the database is opened again', async () => {
    const { location, store: first } = await openTestStore();
    await ingest(first, 'original', reprint.a, 'a');
    await first.close();
    const again = await openAgain(location);
    await ingest(again, 'reprint', reprint.b, 'b');
    expect(await mergedWithOriginal(again)).toBe(true);
  });

  it('catches up with items another connection stored since it was built', async () => {
    const { location, store: serve } = await openTestStore();
    const fetch = await openAgain(location);
    await ingest(serve, 'other', unrelated, 'x'); // builds serve's index
    await ingest(fetch, 'original', reprint.a, 'a');
    await ingest(serve, 'reprint', reprint.b, 'b');
    expect(await mergedWithOriginal(serve)).toBe(true);
  });

  it('drops what a rolled-back transaction indexed, though the engine may give its id to the next item stored', async () => {
    const { location, engine, store } = await openTestStore();
    const other = await openAgain(location);
    await ingest(store, 'other', unrelated, 'x');
    const rolledBackId = await rolledBack(store, async (joined, tx) => {
      await ingest(joined, 'other', { ...unrelated, title: `${unrelated.title}（二）`, url: `${unrelated.url}?2` }, 'y');
      return (await rowIn(tx, 'other', 'y'))!.id;
    });
    expect(await row(store, 'other', 'y')).toBeUndefined();
    await ingest(other, 'original', reprint.a, 'a');
    // SQLite hands the rolled-back id out again: the index must not take the new item for the one it indexed.
    if (engine === 'sqlite') expect((await row(other, 'original', 'a'))!.id).toBe(rolledBackId);
    await ingest(store, 'reprint', reprint.b, 'b');
    expect(await mergedWithOriginal(store)).toBe(true);
  });

  it('keeps what it indexed before a transaction that rolled back', async () => {
    const store = await fresh();
    await ingest(store, 'original', reprint.a, 'a'); // builds the index, with the original in it
    await rolledBack(store, (joined) => ingest(joined, 'other', unrelated, 'x'));
    expect(await row(store, 'other', 'x')).toBeUndefined();
    await ingest(store, 'reprint', reprint.b, 'b');
    expect(await mergedWithOriginal(store)).toBe(true);
  });

  it('finds an item by its new text once its feed changed it', async () => {
    const store = await fresh();
    await ingest(store, 'original', unrelated, 'a');
    await ingest(store, 'other', alsoUnrelated, 'z'); // so the item changed below is not the newest indexed
    await ingest(store, 'original', reprint.a, 'a'); // same guid, new headline and text: an update in place
    expect((await row(store, 'original', 'a'))!.id).toBeLessThan((await row(store, 'other', 'z'))!.id);
    await ingest(store, 'reprint', reprint.b, 'b');
    expect(await mergedWithOriginal(store)).toBe(true);
  });

  it('forgets items first seen over a week ago (two 3-day windows and a day), and only those', async () => {
    const lateBy = async (days: number) => {
      const store = await fresh();
      const seen = new Date(reprint.a.publishedAt);
      await ingest(store, 'original', reprint.a, 'a', seen);
      // The reprint keeps its publication date, inside the window, but arrives days later (a slow or backfilled feed).
      await ingest(store, 'reprint', reprint.b, 'b', new Date(seen.getTime() + days * 86_400_000));
      return mergedWithOriginal(store);
    };
    expect(await lateBy(5)).toBe(true);
    expect(await lateBy(8)).toBe(false);
  });

  it('keeps to the dedup window by publication time, as the feed last gave it', async () => {
    const days = (n: number) => new Date(Date.parse(reprint.a.publishedAt) + n * 86_400_000).toISOString();
    const outside = await fresh();
    await ingest(outside, 'original', reprint.a, 'a');
    await ingest(outside, 'reprint', { ...reprint.b, publishedAt: days(4) }, 'b');
    expect(await mergedWithOriginal(outside)).toBe(false);
    // The original's feed retouches its headline and moves its date out of the window: the band the new headline
    // changed is still listed under the old date, and must not bring the original back into the window.
    const moved = await fresh();
    await ingest(moved, 'original', reprint.a, 'a');
    await ingest(moved, 'original', { ...reprint.a, title: `${reprint.a.title}（更新）`, publishedAt: days(-10) }, 'a');
    await ingest(moved, 'reprint', reprint.b, 'b');
    expect(await mergedWithOriginal(moved)).toBe(false);
  });
});

/** SQLite databases from before the band index kept their bands in a table: the upgrade drops it. */
describe.skipIf(TEST_ENGINE !== 'sqlite')('the band index on SQLite', () => {
  it('replaces the item_bands table of a database from before it, and finds the items stored there', async () => {
    const { location, store } = await openTestStore();
    await ingest(store, 'original', reprint.a, 'a');
    await store.close();
    // Back to schema 4, as an older huiju left it: bands in a table, a prune cursor in meta, no later columns.
    const old = new Database(location);
    old.exec(`CREATE TABLE item_bands (band TEXT NOT NULL, item_id INTEGER NOT NULL, PRIMARY KEY (band, item_id)) WITHOUT ROWID;
      INSERT INTO item_bands VALUES ('0:0000abcd', 1);
      INSERT INTO meta VALUES ('bands_pruned_upto', '0');
      ALTER TABLE sources DROP COLUMN item_keying;
      DROP TABLE digests;
      PRAGMA user_version = 4;`);
    old.close();
    const upgraded = (await openAgain(location)) as SqliteStore;
    expect(upgraded.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'item_bands'").pluck().get()).toBe(0);
    expect(upgraded.db.prepare("SELECT count(*) FROM meta WHERE key = 'bands_pruned_upto'").pluck().get()).toBe(0);
    await ingest(upgraded, 'reprint', reprint.b, 'b');
    expect(await mergedWithOriginal(upgraded)).toBe(true);
  });
});
