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

/** The keys among these that ingest must skip because retention already removed them. */
export function tombstonedKeys(db: Db, sourceId: string, itemKeys: readonly string[]): Set<string> {
  const has = stmt<[string, string], number>(db, 'SELECT 1 FROM tombstones WHERE source_id = ? AND item_key = ?').pluck();
  return new Set(itemKeys.filter((key) => has.get(sourceId, key) !== undefined));
}

/** Forget tombstones older than `before` (ISO time): by then the feeds have long stopped listing those items. */
export function expireTombstones(db: Db, before: string): number {
  return stmt(db, 'DELETE FROM tombstones WHERE pruned_at < ?').run(before).changes;
}
