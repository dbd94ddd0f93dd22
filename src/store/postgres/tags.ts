import type { TagMatch } from '../../tag/index.ts';
import type { TaggableItem } from '../store.ts';
import { unnestRows, type Column, type Params } from './batch.ts';
import type { Queryable } from './connect.ts';

/** An item's tags as set: `replace` when it may have others stored already (then those not among these go). */
export interface ItemTags {
  itemId: number;
  matches: readonly TagMatch[];
  replace: boolean;
}

interface TagRow {
  item_id: number;
  tag: string;
  score: number;
  evidence: string;
}

const TAG_COLUMNS: readonly Column<TagRow>[] = [
  ['item_id', 'bigint'],
  ['tag', 'text'],
  ['score', 'float8'],
  ['evidence', 'text'],
];

/**
 * Items' tags replaced, as data-modifying CTEs (pending.ts): the tags each no longer has are deleted, the others
 * inserted or overwritten. The two touch different rows, so they can share a statement. One entry an item.
 */
export function itemTagWrites(p: Params, sets: readonly ItemTags[]): string[] {
  const rows = sets.flatMap((s) => s.matches.map((m) => ({ item_id: s.itemId, tag: m.tag, score: m.score, evidence: JSON.stringify(m.evidence) })));
  const replaced = sets.filter((s) => s.replace).map((s) => s.itemId);
  return [
    `tag_rows AS (SELECT * FROM ${unnestRows(p, 't', TAG_COLUMNS, rows)})`,
    `tags_gone AS (DELETE FROM item_tags t WHERE t.item_id = ANY(${p.array(replaced, 'bigint')})
       AND NOT EXISTS (SELECT 1 FROM tag_rows r WHERE r.item_id = t.item_id AND r.tag = t.tag))`,
    `tags_set AS (INSERT INTO item_tags (item_id, tag, score, evidence) SELECT item_id, tag, score, evidence FROM tag_rows
       ON CONFLICT (item_id, tag) DO UPDATE SET score = excluded.score, evidence = excluded.evidence)`,
  ];
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
