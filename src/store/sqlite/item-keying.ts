import type { ItemKeying } from '../../normalise/item.ts';
import type { ItemIdentity } from '../store.ts';
import { stmt, type Db } from './db.ts';

/** How a source's items are keyed; a source never seen is keyed by GUID. */
export function itemKeying(db: Db, sourceId: string): ItemKeying {
  const keying = stmt<[string], string>(db, 'SELECT item_keying FROM sources WHERE id = ?').pluck().get(sourceId);
  return keying === 'link-title' ? 'link-title' : 'guid';
}

/** A source's stored items with one of these links. */
export function itemsWithLinks(db: Db, sourceId: string, urls: readonly string[]): ItemIdentity[] {
  const byUrl = stmt<[string, string], ItemIdentity>(
    db,
    'SELECT item_key AS itemKey, url, title FROM items WHERE source_id = ? AND url = ? ORDER BY id',
  );
  return [...new Set(urls)].flatMap((url) => byUrl.all(sourceId, url));
}

/** Record the source's keying and re-key its stored items (Store.switchItemKeying); inside the caller's transaction. */
export function switchItemKeying(db: Db, sourceId: string, keying: ItemKeying, keyOf: (item: ItemIdentity) => string | null): number {
  stmt(db, `INSERT INTO sources (id, item_keying) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET item_keying = excluded.item_keying`).run(sourceId, keying);
  const items = stmt<[string], ItemIdentity & { id: number }>(
    db,
    'SELECT id, item_key AS itemKey, url, title FROM items WHERE source_id = ? ORDER BY id',
  ).all(sourceId);
  const taken = new Set(items.map((i) => i.itemKey));
  const rekey = stmt<[string, number]>(db, 'UPDATE items SET item_key = ? WHERE id = ?');
  let changed = 0;
  for (const item of items) {
    const key = keyOf(item);
    if (!key || taken.has(key)) continue;
    taken.add(key);
    rekey.run(key, item.id);
    changed++;
  }
  return changed;
}
