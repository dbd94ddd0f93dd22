import { storyGuid, storyHead, type StoryMember } from '../rules.ts';
import { Params, unnestRows, type Column } from './batch.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';

/** A new story's row, under the id reserved for it. Its GUID is derived from its first item and never changes. */
export interface StoryRow {
  id: number;
  guid: string;
  published_at: string;
}

export function storyRow(id: number, firstItem: { sourceId: string; itemKey: string; publishedAt: string }): StoryRow {
  return { id, guid: storyGuid(firstItem), published_at: firstItem.publishedAt };
}

const STORY_COLUMNS: readonly Column<StoryRow>[] = [
  ['id', 'bigint'],
  ['guid', 'text'],
  ['published_at', 'text'],
];

/** New stories as a data-modifying CTE (pending.ts). What they show is set when they are refreshed. */
export function storyWrites(p: Params, rows: readonly StoryRow[]): string[] {
  return [
    `stories_added AS (INSERT INTO stories (id, guid, published_at, updated_at, item_count)
       SELECT id, guid, published_at, published_at, 0 FROM ${unnestRows(p, 's', STORY_COLUMNS, rows)})`,
  ];
}

interface Head {
  id: number;
  representative_item_id: number;
  published_at: string;
  updated_at: string;
  item_count: number;
}

const HEAD_COLUMNS: readonly Column<Head>[] = [
  ['id', 'bigint'],
  ['representative_item_id', 'bigint'],
  ['published_at', 'text'],
  ['updated_at', 'text'],
  ['item_count', 'integer'],
];

/**
 * Recompute what stories show after their items changed (rules.ts storyHead): the representative, its date, item
 * count and the union of its items' tags. Stories left with no items are deleted (their story_tags go with them).
 * Two statements whatever the number of stories: their members read at once, then every story's row and tag set
 * written at once. Says how many stories are still there and how many were deleted.
 */
export async function refreshStories(
  db: Queryable,
  storyIds: readonly number[],
  priorityOf: (sourceId: string) => number,
): Promise<{ updated: number; deleted: number }> {
  const ids = [...new Set(storyIds)];
  if (ids.length === 0) return { updated: 0, deleted: 0 };
  const { rows } = await db.query<StoryMember & { storyId: number }>(
    prepared(
      'stories-members',
      `SELECT story_id AS "storyId", id, source_id AS "sourceId", published_at AS "publishedAt", updated_at AS "updatedAt",
         first_seen_at AS "firstSeenAt"
       FROM items WHERE story_id = ANY($1::bigint[])`,
      [ids],
    ),
  );
  const members = new Map<number, StoryMember[]>();
  for (const { storyId, ...member } of rows) {
    const list = members.get(storyId);
    if (list) list.push(member);
    else members.set(storyId, [member]);
  }
  const heads: Head[] = [];
  const empty: number[] = [];
  for (const id of ids) {
    const list = members.get(id);
    if (!list) {
      empty.push(id);
      continue;
    }
    const head = storyHead(list, priorityOf);
    heads.push({
      id,
      representative_item_id: head.representativeId,
      published_at: head.publishedAt,
      updated_at: head.updatedAt,
      item_count: head.itemCount,
    });
  }
  // The stories' rows, the empty ones' deletion and the tag sets in one statement. Tags a story lost are deleted, new
  // ones added: the two touch different rows, so they can share it; so do the stories updated and those deleted.
  const p = new Params();
  const headRows = unnestRows(p, 'h', HEAD_COLUMNS, heads);
  const kept = p.array(heads.map((h) => h.id), 'bigint');
  const gone = p.array(empty, 'bigint');
  await db.query(
    prepared(
      'stories-refresh',
      `WITH heads AS (SELECT * FROM ${headRows}),
       updated AS (
         UPDATE stories s SET representative_item_id = h.representative_item_id, published_at = h.published_at,
           updated_at = h.updated_at, item_count = h.item_count
         FROM heads h WHERE s.id = h.id
       ),
       deleted AS (DELETE FROM stories WHERE id = ANY(${gone})),
       tags AS (SELECT DISTINCT t.tag, i.story_id FROM item_tags t JOIN items i ON i.id = t.item_id WHERE i.story_id = ANY(${kept})),
       tags_gone AS (
         DELETE FROM story_tags s WHERE s.story_id = ANY(${kept})
           AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.story_id = s.story_id AND t.tag = s.tag)
       )
       INSERT INTO story_tags (tag, story_id) SELECT tag, story_id FROM tags ON CONFLICT DO NOTHING`,
      p.values,
    ),
  );
  return { updated: heads.length, deleted: empty.length };
}
