import type { TagMatch } from '../../tag/index.ts';
import type { TaggableItem } from '../store.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';

/**
 * Replace an item's tags in one statement (one round trip, which costs more than the statement): the tags it no longer
 * has are deleted, the others inserted or overwritten. The two touch different rows, so they can share a statement.
 */
export async function setItemTags(db: Queryable, itemId: number, matches: readonly TagMatch[]): Promise<void> {
  const tags = matches.map((m) => m.tag);
  await db.query(
    prepared(
      'set-item-tags',
      `WITH gone AS (DELETE FROM item_tags WHERE item_id = $1 AND tag <> ALL($2::text[]))
       INSERT INTO item_tags (item_id, tag, score, evidence)
       SELECT $1, t.tag, t.score, t.evidence FROM unnest($2::text[], $3::float8[], $4::text[]) AS t(tag, score, evidence)
       ON CONFLICT (item_id, tag) DO UPDATE SET score = excluded.score, evidence = excluded.evidence`,
      [itemId, tags, matches.map((m) => m.score), matches.map((m) => JSON.stringify(m.evidence))],
    ),
  );
}

/** Stored items after `afterId`, in id order, with what they are tagged on (normalise/item.ts tagInput picks). */
export async function taggableItemsAfter(db: Queryable, afterId: number, limit: number): Promise<TaggableItem[]> {
  const { rows } = await db.query<TaggableItem>(
    `SELECT i.id, i.story_id AS "storyId", i.title, i.summary, coalesce(s.body, '') AS text
     FROM items i LEFT JOIN item_search s ON s.item_id = i.id WHERE i.id > $1 ORDER BY i.id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

/** Rebuild every story's tag set from its items' tags. */
export async function rebuildStoryTags(db: Queryable): Promise<void> {
  await db.query('DELETE FROM story_tags');
  await db.query('INSERT INTO story_tags (tag, story_id) SELECT DISTINCT t.tag, i.story_id FROM item_tags t JOIN items i ON i.id = t.item_id');
}
