import type { StoredItemText } from '../store.ts';
import { stmt, type Db } from './db.ts';

/** Stored items after `afterId`, in id order, with their indexed text. */
export function itemTextsAfter(db: Db, afterId: number, limit: number): StoredItemText[] {
  return stmt<[number, number], StoredItemText>(
    db,
    `SELECT i.id, i.source_id AS sourceId, i.url, i.title, i.summary, i.content_html AS contentHtml,
       i.published_at AS publishedAt, coalesce(f.body, '') AS indexed
     FROM items i LEFT JOIN items_fts f ON f.rowid = i.id WHERE i.id > ? ORDER BY i.id LIMIT ?`,
  ).all(afterId, limit);
}

export function countItemsAfter(db: Db, afterId: number): number {
  return stmt<[number], number>(db, 'SELECT count(*) FROM items WHERE id > ?').pluck().get(afterId) ?? 0;
}
