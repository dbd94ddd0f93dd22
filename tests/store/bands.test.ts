/**
 * The band index lives in memory beside the database (src/store/bands.ts): these check it stays in step with what is
 * stored, across connections, restarts, rollbacks, edits and the band lifetime. Each uses a labelled real reprint that
 * only the fingerprint bands can place: its headline and URL differ from the original's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/dedup/index.ts';
import type { ParsedItem } from '../../src/model/item.ts';
import { normaliseItems } from '../../src/normalise/item.ts';
import { ingestItems, type IngestContext } from '../../src/pipeline/ingest.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { parsedItem } from '../helpers/items.ts';

interface Side {
  url: string;
  title: string;
  text: string;
  publishedAt: string;
}
const pairs = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'dedup', 'eval-pairs.json'), 'utf8')) as {
  label: string;
  a: Side;
  b: Side;
}[];
const onlyBandsPlace = (a: Side, b: Side) => {
  const [fa, fb] = [computeFeatures({ ...a, sourceId: 'a' }), computeFeatures({ ...b, sourceId: 'b' })];
  return fa.titleKey !== fb.titleKey && fa.canonicalUrl !== fb.canonicalUrl;
};
const reprint = pairs.find((p) => p.label === 'same' && onlyBandsPlace(p.a, p.b))!;
const different = pairs.find((p) => p.label === 'different' && !p.a.text.includes(reprint.a.text.slice(0, 10)))!;
const [unrelated, alsoUnrelated] = [different.a, different.b];

const item = (s: Side, guid: string): ParsedItem => parsedItem({ guid, url: s.url, title: s.title, summary: s.text, publishedAt: s.publishedAt });
const context = (db: Db): IngestContext => ({ db, tagger: compileTagger([]), dedup: { windowMs: 3 * 86_400_000 }, priorityOf: () => 0 });
const ingest = (db: Db, sourceId: string, s: Side, guid: string, seenAt = new Date(reprint.a.publishedAt)) =>
  ingestItems(context(db), normaliseItems(sourceId, [item(s, guid)], seenAt));
const row = (db: Db, sourceId: string, guid: string) =>
  db.prepare('SELECT id, story_id AS storyId, match_rule AS rule FROM items WHERE source_id = ? AND item_key = ?').get(sourceId, `guid:${guid}`) as
    | { id: number; storyId: number; rule: string | null }
    | undefined;
const mergedWithOriginal = (db: Db) => {
  const [a, b] = [row(db, 'original', 'a'), row(db, 'reprint', 'b')];
  return a !== undefined && b !== undefined && a.storyId === b.storyId && b.rule === 'near-duplicate';
};

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
const file = () => join((dir ||= mkdtempSync(join(tmpdir(), 'huiju-bands-'))), 'huiju.db');

describe('the band index', () => {
  it('places the reprint by its bands alone (the premise of the tests below)', () => {
    const db = openDatabase(':memory:');
    ingest(db, 'original', reprint.a, 'a');
    ingest(db, 'reprint', reprint.b, 'b');
    expect(mergedWithOriginal(db)).toBe(true);
  });

  it('is rebuilt from the stored fingerprints when the database is opened again', () => {
    const first = openDatabase(file());
    ingest(first, 'original', reprint.a, 'a');
    first.close();
    const again = openDatabase(file());
    ingest(again, 'reprint', reprint.b, 'b');
    expect(mergedWithOriginal(again)).toBe(true);
    again.close();
  });

  it('catches up with items another connection stored since it was built', () => {
    const serve = openDatabase(file());
    const fetch = openDatabase(file());
    ingest(serve, 'other', unrelated, 'x'); // builds serve's index
    ingest(fetch, 'original', reprint.a, 'a');
    ingest(serve, 'reprint', reprint.b, 'b');
    expect(mergedWithOriginal(serve)).toBe(true);
    serve.close();
    fetch.close();
  });

  it('drops what a rolled-back transaction indexed, though SQLite gives its id to the next item stored', () => {
    const db = openDatabase(file());
    const other = openDatabase(file());
    ingest(db, 'other', unrelated, 'x');
    db.exec('BEGIN');
    ingest(db, 'other', { ...unrelated, title: `${unrelated.title}（二）`, url: `${unrelated.url}?2` }, 'y');
    const rolledBack = row(db, 'other', 'y')!.id;
    db.exec('ROLLBACK');
    ingest(other, 'original', reprint.a, 'a');
    expect(row(other, 'original', 'a')!.id).toBe(rolledBack);
    ingest(db, 'reprint', reprint.b, 'b');
    expect(mergedWithOriginal(db)).toBe(true);
    db.close();
    other.close();
  });

  it('finds an item by its new text once its feed changed it', () => {
    const db = openDatabase(':memory:');
    ingest(db, 'original', unrelated, 'a');
    ingest(db, 'other', alsoUnrelated, 'z'); // so the item changed below is not the newest indexed
    ingest(db, 'original', reprint.a, 'a'); // same guid, new headline and text: an update in place
    expect(row(db, 'original', 'a')!.id).toBeLessThan(row(db, 'other', 'z')!.id);
    ingest(db, 'reprint', reprint.b, 'b');
    expect(mergedWithOriginal(db)).toBe(true);
  });

  it('forgets items first seen over a week ago (two 3-day windows and a day), and only those', () => {
    const lateBy = (days: number) => {
      const db = openDatabase(':memory:');
      const seen = new Date(reprint.a.publishedAt);
      ingest(db, 'original', reprint.a, 'a', seen);
      // The reprint keeps its publication date, inside the window, but arrives days later (a slow or backfilled feed).
      ingest(db, 'reprint', reprint.b, 'b', new Date(seen.getTime() + days * 86_400_000));
      return mergedWithOriginal(db);
    };
    expect(lateBy(5)).toBe(true);
    expect(lateBy(8)).toBe(false);
  });

  it('replaces the item_bands table of a database from before it, and finds the items stored there', () => {
    const old = openDatabase(file());
    ingest(old, 'original', reprint.a, 'a');
    // Back to schema 4, as an older huiju left it: bands in a table, a prune cursor in meta.
    old.exec(`CREATE TABLE item_bands (band TEXT NOT NULL, item_id INTEGER NOT NULL, PRIMARY KEY (band, item_id)) WITHOUT ROWID;
      INSERT INTO item_bands VALUES ('0:0000abcd', 1);
      INSERT INTO meta VALUES ('bands_pruned_upto', '0');
      PRAGMA user_version = 4;`);
    old.close();
    const upgraded = openDatabase(file());
    expect(upgraded.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'item_bands'").pluck().get()).toBe(0);
    expect(upgraded.prepare("SELECT count(*) FROM meta WHERE key = 'bands_pruned_upto'").pluck().get()).toBe(0);
    ingest(upgraded, 'reprint', reprint.b, 'b');
    expect(mergedWithOriginal(upgraded)).toBe(true);
    upgraded.close();
  });

  it('keeps to the dedup window by publication time, as the feed last gave it', () => {
    const days = (n: number) => new Date(Date.parse(reprint.a.publishedAt) + n * 86_400_000).toISOString();
    const outside = openDatabase(':memory:');
    ingest(outside, 'original', reprint.a, 'a');
    ingest(outside, 'reprint', { ...reprint.b, publishedAt: days(4) }, 'b');
    expect(mergedWithOriginal(outside)).toBe(false);
    // The original's feed retouches its headline and moves its date out of the window: the band the new headline
    // changed is still listed under the old date, and must not bring the original back into the window.
    const moved = openDatabase(':memory:');
    ingest(moved, 'original', reprint.a, 'a');
    ingest(moved, 'original', { ...reprint.a, title: `${reprint.a.title}（更新）`, publishedAt: days(-10) }, 'a');
    ingest(moved, 'reprint', reprint.b, 'b');
    expect(mergedWithOriginal(moved)).toBe(false);
  });
});
