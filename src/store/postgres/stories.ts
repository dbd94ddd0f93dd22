import { storyGuid, storyHead, type StoryMember } from '../rules.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';

/** A new story for an item no stored story matched. Its GUID is derived from that first item and never changes. */
export async function createStory(db: Queryable, firstItem: { sourceId: string; itemKey: string; publishedAt: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    prepared(
      'create-story',
      'INSERT INTO stories (guid, published_at, updated_at, item_count) VALUES ($1, $2, $2, 0) RETURNING id',
      [storyGuid(firstItem), firstItem.publishedAt],
    ),
  );
  return rows[0]!.id;
}

/**
 * Recompute what a story shows after its items changed (rules.ts storyHead): the representative, its date, item count
 * and the union of its items' tags. Deletes a story left with no items (its story_tags go with it). Returns whether the
 * story is still there.
 */
export async function refreshStory(db: Queryable, storyId: number, priorityOf: (sourceId: string) => number): Promise<boolean> {
  const { rows: members } = await db.query<StoryMember>(
    prepared(
      'story-members',
      `SELECT id, source_id AS "sourceId", published_at AS "publishedAt", updated_at AS "updatedAt", first_seen_at AS "firstSeenAt"
       FROM items WHERE story_id = $1`,
      [storyId],
    ),
  );
  if (members.length === 0) {
    await db.query(prepared('delete-story', 'DELETE FROM stories WHERE id = $1', [storyId]));
    return false;
  }
  const head = storyHead(members, priorityOf);
  // The story's row and its tag set (the union of its items' tags) in one statement: a round trip costs more than
  // either. Tags it lost are deleted, new ones added; the two touch different rows.
  await db.query(
    prepared(
      'story-head',
      `WITH head AS (
         UPDATE stories SET representative_item_id = $2, published_at = $3, updated_at = $4, item_count = $5 WHERE id = $1
       ),
       tags AS (SELECT DISTINCT t.tag FROM item_tags t JOIN items i ON i.id = t.item_id WHERE i.story_id = $1),
       gone AS (DELETE FROM story_tags s WHERE s.story_id = $1 AND s.tag NOT IN (SELECT tag FROM tags))
       INSERT INTO story_tags (tag, story_id) SELECT tag, $1 FROM tags ON CONFLICT DO NOTHING`,
      [storyId, head.representativeId, head.publishedAt, head.updatedAt, head.itemCount],
    ),
  );
  return true;
}
