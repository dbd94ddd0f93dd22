import type { ItemKeying } from '../../normalise/item.ts';
import type { ItemIdentity } from '../store.ts';
import type { Queryable } from './connect.ts';
import { pgText } from './text.ts';

/** How a source's items are keyed; a source never seen is keyed by GUID. */
export async function itemKeying(db: Queryable, sourceId: string): Promise<ItemKeying> {
  const { rows } = await db.query<{ keying: string }>('SELECT item_keying AS keying FROM sources WHERE id = $1', [sourceId]);
  return rows[0]?.keying === 'link-title' ? 'link-title' : 'guid';
}

/** A source's stored items with one of these links: one statement for the batch. */
export async function itemsWithLinks(db: Queryable, sourceId: string, urls: readonly string[]): Promise<ItemIdentity[]> {
  if (urls.length === 0) return [];
  const { rows } = await db.query<ItemIdentity>(
    'SELECT item_key AS "itemKey", url, title FROM items WHERE source_id = $1 AND url = ANY($2::text[]) ORDER BY id',
    [sourceId, [...new Set(urls)].map((u) => pgText(u))],
  );
  return rows;
}

/** Record the source's keying and re-key its stored items (Store.switchItemKeying); inside the caller's transaction. */
export async function switchItemKeying(
  db: Queryable,
  sourceId: string,
  keying: ItemKeying,
  keyOf: (item: ItemIdentity) => string | null,
): Promise<number> {
  await db.query('INSERT INTO sources (id, item_keying) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET item_keying = excluded.item_keying', [
    sourceId,
    keying,
  ]);
  const { rows } = await db.query<ItemIdentity & { id: number }>(
    'SELECT id, item_key AS "itemKey", url, title FROM items WHERE source_id = $1 ORDER BY id',
    [sourceId],
  );
  const taken = new Set(rows.map((i) => i.itemKey));
  const ids: number[] = [];
  const keys: string[] = [];
  for (const item of rows) {
    const key = keyOf(item);
    if (!key || taken.has(key)) continue;
    taken.add(key);
    ids.push(item.id);
    keys.push(key);
  }
  if (ids.length) {
    await db.query('UPDATE items SET item_key = k.key FROM unnest($1::bigint[], $2::text[]) AS k(id, key) WHERE items.id = k.id', [ids, keys]);
  }
  return ids.length;
}
