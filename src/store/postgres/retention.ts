import type { RetentionOptions } from '../store.ts';
import type { Queryable } from './connect.ts';
import { refreshStories } from './stories.ts';
import { addTombstones } from './tombstones.ts';

export interface BatchReport {
  items: number;
  storiesDeleted: number;
  storiesUpdated: number;
}

interface ExpiredRow {
  id: number;
  sourceId: string;
  itemKey: string;
  storyId: number;
}

/**
 * Remove one batch of items first seen before `cutoff`, oldest first, inside the caller's transaction: a tombstone for
 * each, their search entries and tags with them, and their stories recomputed (or deleted when left empty).
 * PostgreSQL reclaims the space itself (autovacuum), so there is nothing to hand back afterwards.
 */
export async function pruneBatch(db: Queryable, cutoff: string, prunedAt: string, opts: RetentionOptions): Promise<BatchReport> {
  const { rows } = await db.query<ExpiredRow>(
    `SELECT id, source_id AS "sourceId", item_key AS "itemKey", story_id AS "storyId" FROM items
     WHERE first_seen_at < $1 ORDER BY first_seen_at, id LIMIT $2`,
    [cutoff, opts.batchSize ?? 500],
  );
  const report: BatchReport = { items: rows.length, storiesDeleted: 0, storiesUpdated: 0 };
  if (rows.length === 0) return report;
  const ids = rows.map((r) => r.id);
  await addTombstones(db, rows, prunedAt);
  // The foreign keys would cascade these; said outright, the batch does not depend on how the schema was declared.
  await db.query('DELETE FROM item_search WHERE item_id = ANY($1::bigint[])', [ids]);
  await db.query('DELETE FROM item_tags WHERE item_id = ANY($1::bigint[])', [ids]);
  await db.query('DELETE FROM items WHERE id = ANY($1::bigint[])', [ids]);
  const stories = await refreshStories(db, [...new Set(rows.map((r) => r.storyId))], opts.priorityOf);
  report.storiesUpdated = stories.updated;
  report.storiesDeleted = stories.deleted;
  return report;
}
