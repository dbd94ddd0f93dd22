import { stmt, type Db } from './db.ts';

/**
 * Tombstones: the (source, item key) of items removed by retention. Without them a feed that still lists an old item
 * would hand it back as new on the next fetch, and it would reappear in every reader's feed.
 */

export function addTombstone(db: Db, sourceId: string, itemKey: string, prunedAt: string): void {
  stmt(
    db,
    `INSERT INTO tombstones (source_id, item_key, pruned_at) VALUES (?, ?, ?)
     ON CONFLICT(source_id, item_key) DO UPDATE SET pruned_at = excluded.pruned_at`,
  ).run(sourceId, itemKey, prunedAt);
}

/** Whether ingest must skip this item because retention already removed it. */
export function isTombstoned(db: Db, sourceId: string, itemKey: string): boolean {
  return stmt<[string, string], { one: number }>(db, 'SELECT 1 AS one FROM tombstones WHERE source_id = ? AND item_key = ?').get(sourceId, itemKey) !== undefined;
}

/** Forget tombstones older than `before` (ISO time): by then the feeds have long stopped listing those items. */
export function expireTombstones(db: Db, before: string): number {
  return stmt(db, 'DELETE FROM tombstones WHERE pruned_at < ?').run(before).changes;
}

export function countTombstones(db: Db): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM tombstones').get()!.n;
}
