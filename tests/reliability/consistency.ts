import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** One invariant of huiju's database, as a query that returns the number of rows breaking it. */
const INVARIANTS: Record<string, string> = {
  'duplicate (source_id, item_key)': 'SELECT count(*) FROM (SELECT 1 FROM items GROUP BY source_id, item_key HAVING count(*) > 1)',
  'story with no items': 'SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)',
  'item whose story is missing': 'SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = i.story_id)',
  'story item_count wrong': 'SELECT count(*) FROM stories s WHERE item_count <> (SELECT count(*) FROM items i WHERE i.story_id = s.id)',
  'representative not one of the story’s items':
    'SELECT count(*) FROM stories s WHERE s.representative_item_id IS NULL OR NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s.representative_item_id AND i.story_id = s.id)',
  'story_tags missing a tag of its items': `SELECT count(*) FROM (SELECT DISTINCT t.tag, i.story_id FROM item_tags t JOIN items i ON i.id = t.item_id
      EXCEPT SELECT tag, story_id FROM story_tags)`,
  'story_tags with a tag none of its items has': `SELECT count(*) FROM (SELECT tag, story_id FROM story_tags
      EXCEPT SELECT DISTINCT t.tag, i.story_id FROM item_tags t JOIN items i ON i.id = t.item_id)`,
  'search rows ≠ item rows': 'SELECT abs((SELECT count(*) FROM items_fts) - (SELECT count(*) FROM items))',
  'search row with no item': 'SELECT count(*) FROM items_fts WHERE rowid NOT IN (SELECT id FROM items)',
  'tag of a missing item': 'SELECT count(*) FROM item_tags t WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = t.item_id)',
};

export interface DbCounts {
  items: number;
  stories: number;
  itemTags: number;
  storyTags: number;
  fts: number;
}

const EMPTY: DbCounts = { items: 0, stories: 0, itemTags: 0, storyTags: 0, fts: 0 };

export interface DbReport {
  integrity: string;
  /** Invariant name → rows breaking it; only broken invariants appear. */
  broken: Record<string, number>;
  counts: DbCounts;
  /** Items stored per source, in source id order. */
  itemsPerSource: Record<string, number>;
}

/** Check a huiju database file the way an operator would after a crash: SQLite's own check, then huiju's invariants. */
export function checkDatabase(file: string): DbReport {
  if (!existsSync(file)) return { integrity: 'ok', broken: {}, counts: EMPTY, itemsPerSource: {} };
  const db = new Database(file);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    // Killed before the first migration committed: an empty database is a consistent one.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'items'").get()) return { integrity, broken: {}, counts: EMPTY, itemsPerSource: {} };
    const broken: Record<string, number> = {};
    for (const [name, sql] of Object.entries(INVARIANTS)) {
      const n = db.prepare(sql).pluck().get() as number;
      if (n !== 0) broken[name] = n;
    }
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) broken['foreign key violations'] = fk.length;
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const perSource = db.prepare('SELECT source_id AS id, count(*) AS n FROM items GROUP BY source_id ORDER BY source_id').all() as { id: string; n: number }[];
    return {
      integrity,
      broken,
      itemsPerSource: Object.fromEntries(perSource.map((r) => [r.id, r.n])),
      counts: { items: count('items'), stories: count('stories'), itemTags: count('item_tags'), storyTags: count('story_tags'), fts: count('items_fts') },
    };
  } finally {
    db.close();
  }
}
