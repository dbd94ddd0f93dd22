import type { TagMatch } from '../../tag/index.ts';
import type { TagDayCount, TaggableItem } from '../store.ts';
import { stmt, type Db } from './db.ts';

export function setItemTags(db: Db, itemId: number, matches: readonly TagMatch[]): void {
  stmt(db, 'DELETE FROM item_tags WHERE item_id = ?').run(itemId);
  const add = stmt(db, 'INSERT INTO item_tags (item_id, tag, score, evidence) VALUES (?, ?, ?, ?)');
  for (const m of matches) add.run(itemId, m.tag, m.score, JSON.stringify(m.evidence));
}

/** Number of stories carrying each tag. */
export function tagCounts(db: Db): Map<string, number> {
  const rows = stmt<[], { tag: string; n: number }>(db, 'SELECT tag, count(*) AS n FROM story_tags GROUP BY tag').all();
  return new Map(rows.map((r) => [r.tag, r.n]));
}

/** Stories per tag per day (Store.tagDayCounts): stories in the range by date, joined to their tags. */
export function tagDayCounts(db: Db, since: string, until: string, offsetMinutes: number): TagDayCount[] {
  return stmt<[string, string, string], TagDayCount>(
    db,
    `SELECT t.tag, strftime('%Y-%m-%d', s.published_at, ?) AS day, count(*) AS stories
     FROM stories s JOIN story_tags t ON t.story_id = s.id
     WHERE s.published_at >= ? AND s.published_at < ? GROUP BY t.tag, day ORDER BY day, t.tag`,
  ).all(`${Math.trunc(offsetMinutes)} minutes`, since, until);
}

/** Stored items after `afterId`, in id order, with what they are tagged on (normalise/item.ts tagInput picks). */
export function taggableItemsAfter(db: Db, afterId: number, limit: number): TaggableItem[] {
  return stmt<[number, number], TaggableItem>(
    db,
    `SELECT i.id, i.story_id AS storyId, i.title, i.summary, coalesce(f.body, '') AS text
     FROM items i LEFT JOIN items_fts f ON f.rowid = i.id WHERE i.id > ? ORDER BY i.id LIMIT ?`,
  ).all(afterId, limit);
}

/** Rebuild every story's tag set from its items' tags in one statement. */
export function rebuildStoryTags(db: Db): void {
  db.exec(`DELETE FROM story_tags;
    INSERT OR IGNORE INTO story_tags (tag, story_id) SELECT DISTINCT t.tag, i.story_id FROM item_tags t JOIN items i ON i.id = t.item_id;`);
}
