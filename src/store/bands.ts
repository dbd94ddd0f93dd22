import { bandsOfFingerprint } from '../dedup/index.ts';
import { BandIndex } from './band-index.ts';
import { stmt, type Db } from './db.ts';

/**
 * Each connection's band index, kept in step with the items table. Bands are not stored: they follow from each item's
 * stored fingerprint, so the index is rebuilt from the items at first use and caught up with rows other connections
 * (a `huiju fetch` beside `huiju serve`) stored since. An item another connection updates in place keeps its old bands
 * here until the next rebuild; it can still be matched by its URL and headline.
 */
interface Synced {
  index: BandIndex;
  /** The newest item indexed, and its fingerprint: if that row is gone or changed, what was indexed was rolled back. */
  lastId: number;
  lastFingerprint: string;
}

const synced = new WeakMap<Db, Synced>();

interface FingerprintRow {
  id: number;
  fingerprint: string;
}

/**
 * The band index, in step with the items table for the band lifetime: every item first seen from `since` on is in
 * it, and those first seen before are forgotten. A rebuild reads only the lifetime; catching up takes every newer row.
 */
export function syncBandIndex(db: Db, since = ''): BandIndex {
  let s = synced.get(db);
  if (s && !stillStored(db, s)) s = undefined;
  if (!s) {
    s = { index: new BandIndex(), lastId: 0, lastFingerprint: '' };
    synced.set(db, s);
    addRows(s, stmt<[string], FingerprintRow>(db, 'SELECT id, fingerprint FROM items WHERE first_seen_at >= ? ORDER BY id').iterate(since));
  } else {
    addRows(s, stmt<[number], FingerprintRow>(db, 'SELECT id, fingerprint FROM items WHERE id > ? ORDER BY id').iterate(s.lastId));
  }
  // Ids follow the order items were stored in, so the newest item first seen before `since` bounds all the stale ones.
  const newestStale = stmt<[string], number>(db, 'SELECT id FROM items WHERE first_seen_at < ? ORDER BY first_seen_at DESC LIMIT 1')
    .pluck()
    .get(since);
  if (newestStale !== undefined) s.index.forgetUpTo(newestStale);
  return s.index;
}

/** The band index as last synced (ingest syncs it as each batch begins), or a full one if there is none yet. */
export function bandIndexOf(db: Db): BandIndex {
  return synced.get(db)?.index ?? syncBandIndex(db);
}

/**
 * Index an item just stored or changed on this connection. Without an index yet there is nothing to do: the first
 * sync reads it from the table.
 */
export function indexBands(db: Db, itemId: number, fingerprint: string, bands: readonly number[]): void {
  const s = synced.get(db);
  if (s) add(s, itemId, fingerprint, bands);
}

/**
 * Whether the newest indexed item is still stored as it was indexed. A transaction that rolled back takes its items
 * with it but not their entries here, and SQLite hands their ids out again: rebuild rather than keep phantoms.
 */
function stillStored(db: Db, s: Synced): boolean {
  if (s.lastId === 0) return true;
  const fingerprint = stmt<[number], string>(db, 'SELECT fingerprint FROM items WHERE id = ?').pluck().get(s.lastId);
  return fingerprint === s.lastFingerprint;
}

function addRows(s: Synced, rows: Iterable<FingerprintRow>): void {
  for (const r of rows) add(s, r.id, r.fingerprint, bandsOfFingerprint(r.fingerprint));
}

function add(s: Synced, itemId: number, fingerprint: string, bands: readonly number[]): void {
  s.index.add(itemId, bands);
  if (itemId >= s.lastId) {
    s.lastId = itemId;
    s.lastFingerprint = fingerprint;
  }
}
