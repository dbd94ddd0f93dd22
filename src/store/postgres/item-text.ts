import type { StoredItemText } from '../store.ts';
import type { Queryable } from './connect.ts';

/** Stored items after `afterId`, in id order, with the text their search entry holds. */
export async function itemTextsAfter(db: Queryable, afterId: number, limit: number): Promise<StoredItemText[]> {
  const { rows } = await db.query<StoredItemText>(
    `SELECT i.id, i.source_id AS "sourceId", i.url, i.title, i.summary, i.content_html AS "contentHtml",
       i.published_at AS "publishedAt", coalesce(s.body, '') AS indexed
     FROM items i LEFT JOIN item_search s ON s.item_id = i.id WHERE i.id > $1 ORDER BY i.id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

export async function countItemsAfter(db: Queryable, afterId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM items WHERE id > $1', [afterId]);
  return rows[0]?.n ?? 0;
}
