import type { DedupFeatures, StoryMatch } from '../../dedup/index.ts';
import type { NormalisedItem } from '../../normalise/item.ts';
import type { StoredItemRef } from '../store.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';
import { writeSearchEntry } from './search-index.ts';
import { pgText, storedKeys } from './text.ts';

/** The stored items of one source among these keys, in one statement. */
export async function findItemsByKeys(db: Queryable, sourceId: string, itemKeys: readonly string[]): Promise<Map<string, StoredItemRef>> {
  const found = new Map<string, StoredItemRef>();
  if (itemKeys.length === 0) return found;
  const { keys, askedFor } = storedKeys(itemKeys);
  const { rows } = await db.query<StoredItemRef & { itemKey: string }>(
    prepared(
      'items-by-keys',
      `SELECT item_key AS "itemKey", id, story_id AS "storyId", content_hash AS "contentHash"
       FROM items WHERE source_id = $1 AND item_key = ANY($2::text[])`,
      [sourceId, keys],
    ),
  );
  for (const { itemKey, ...ref } of rows) for (const key of askedFor.get(itemKey) ?? []) found.set(key, ref);
  return found;
}

export async function insertItem(
  db: Queryable,
  item: NormalisedItem,
  storyId: number,
  features: DedupFeatures,
  match: StoryMatch | null,
): Promise<number> {
  const c = itemColumns(item);
  const { rows } = await db.query<{ id: number }>(
    prepared(
      'insert-item',
      `INSERT INTO items (source_id, item_key, story_id, url, canonical_url, title, summary, content_html, author,
         published_at, date_flag, updated_at, first_seen_at, categories, enclosures, content_hash, title_key, fingerprint,
         snippet, match_rule, match_similarity, matched_item_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
       RETURNING id`,
      [
        item.sourceId,
        pgText(item.itemKey),
        storyId,
        c.url,
        pgText(features.canonicalUrl),
        c.title,
        c.summary,
        c.contentHtml,
        c.author,
        c.publishedAt,
        c.dateFlag,
        c.updatedAt,
        item.firstSeenAt,
        c.categories,
        c.enclosures,
        c.contentHash,
        pgText(features.titleKey),
        features.fingerprint,
        pgText(features.snippet),
        match?.rule ?? null,
        match?.similarity ?? null,
        match?.matchedItemId ?? null,
      ],
    ),
  );
  const id = rows[0]!.id;
  await writeSearchEntry(db, id, c.title, pgText(item.text));
  return id;
}

export async function storedContentHtml(db: Queryable, id: number): Promise<string | null> {
  const { rows } = await db.query<{ contentHtml: string | null }>(
    prepared('stored-content-html', 'SELECT content_html AS "contentHtml" FROM items WHERE id = $1', [id]),
  );
  return rows[0]?.contentHtml ?? null;
}

/**
 * An item its feed changed: update what readers see and the keys later items are matched against; keep its
 * identity, story and first-seen time. The caller decides the body (ingest keeps a scraped item's article body when
 * its list entry is edited).
 */
export async function updateItem(db: Queryable, id: number, item: NormalisedItem, features: DedupFeatures): Promise<void> {
  const c = itemColumns(item);
  await db.query(
    prepared(
      'update-item',
      `UPDATE items SET url = $2, title = $3, summary = $4, content_html = $5, author = $6, published_at = $7,
         date_flag = $8, updated_at = $9, categories = $10, enclosures = $11, content_hash = $12, canonical_url = $13,
         title_key = $14, fingerprint = $15, snippet = $16
       WHERE id = $1`,
      [
        id,
        c.url,
        c.title,
        c.summary,
        c.contentHtml,
        c.author,
        c.publishedAt,
        c.dateFlag,
        c.updatedAt,
        c.categories,
        c.enclosures,
        c.contentHash,
        pgText(features.canonicalUrl),
        pgText(features.titleKey),
        features.fingerprint,
        pgText(features.snippet),
      ],
    ),
  );
  await writeSearchEntry(db, id, c.title, pgText(item.text));
}

/**
 * A stored item whose plain text is derived anew (src/pipeline/reindex-text.ts): its search entry and the dedup keys
 * taken from the text. What readers see, its story and its tags stay.
 */
export async function updateItemText(db: Queryable, id: number, title: string, text: string, features: DedupFeatures): Promise<void> {
  await db.query(
    prepared(
      'update-item-text',
      'UPDATE items SET fingerprint = $2, snippet = $3 WHERE id = $1',
      [id, features.fingerprint, pgText(features.snippet)],
    ),
  );
  await writeSearchEntry(db, id, pgText(title), pgText(text));
}

/** The columns a reader sees, as stored: lists as JSON text (as in SQLite), no U+0000 (see text.ts). */
function itemColumns(item: NormalisedItem) {
  return {
    url: pgText(item.url),
    title: pgText(item.title),
    summary: pgText(item.summary),
    contentHtml: pgText(item.contentHtml),
    author: pgText(item.author),
    publishedAt: item.publishedAt,
    dateFlag: item.dateFlag,
    updatedAt: item.updatedAt,
    categories: JSON.stringify(item.categories),
    enclosures: JSON.stringify(item.enclosures),
    contentHash: item.contentHash,
  };
}
