import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';
import { storedKeys } from './text.ts';

/**
 * Tombstones: the (source, item key) of items removed by retention. Without them a feed that still lists an old item
 * would hand it back as new on the next fetch, and it would reappear in every reader's feed.
 */

/** Leave a tombstone for each of these removed items (keys as stored, so unique within one call). */
export async function addTombstones(db: Queryable, removed: readonly { sourceId: string; itemKey: string }[], prunedAt: string): Promise<void> {
  if (removed.length === 0) return;
  await db.query(
    `INSERT INTO tombstones (source_id, item_key, pruned_at)
     SELECT t.source_id, t.item_key, $3 FROM unnest($1::text[], $2::text[]) AS t(source_id, item_key)
     ON CONFLICT (source_id, item_key) DO UPDATE SET pruned_at = excluded.pruned_at`,
    [removed.map((r) => r.sourceId), removed.map((r) => r.itemKey), prunedAt],
  );
}

/** The keys among these that ingest must skip because retention already removed them: one statement for the batch. */
export async function tombstonedKeys(db: Queryable, sourceId: string, itemKeys: readonly string[]): Promise<Set<string>> {
  if (itemKeys.length === 0) return new Set();
  const { keys, askedFor } = storedKeys(itemKeys);
  const { rows } = await db.query<{ itemKey: string }>(
    prepared(
      'tombstoned-keys',
      'SELECT item_key AS "itemKey" FROM tombstones WHERE source_id = $1 AND item_key = ANY($2::text[])',
      [sourceId, keys],
    ),
  );
  return new Set(rows.flatMap((r) => askedFor.get(r.itemKey) ?? []));
}

/** Forget tombstones older than `before` (ISO time): by then the feeds have long stopped listing those items. */
export async function expireTombstones(db: Queryable, before: string): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM tombstones WHERE pruned_at < $1', [before]);
  return rowCount ?? 0;
}
