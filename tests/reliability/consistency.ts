import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { connectSql } from '../helpers/store.ts';

/** One invariant of huiju's database, as a query that returns the number of rows breaking it. Any engine. */
const INVARIANTS: Record<string, string> = {
  'duplicate (source_id, item_key)': 'SELECT count(*) FROM (SELECT 1 FROM items GROUP BY source_id, item_key HAVING count(*) > 1) d',
  'story with no items': 'SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)',
  'item whose story is missing': 'SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = i.story_id)',
  'story item_count wrong': 'SELECT count(*) FROM stories s WHERE item_count <> (SELECT count(*) FROM items i WHERE i.story_id = s.id)',
  'representative not one of the story’s items':
    'SELECT count(*) FROM stories s WHERE s.representative_item_id IS NULL OR NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s.representative_item_id AND i.story_id = s.id)',
  'story_tags missing a tag of its items': `SELECT count(*) FROM (SELECT DISTINCT t.tag, i.story_id FROM item_tags t JOIN items i ON i.id = t.item_id
      EXCEPT SELECT tag, story_id FROM story_tags) d`,
  'story_tags with a tag none of its items has': `SELECT count(*) FROM (SELECT tag, story_id FROM story_tags
      EXCEPT SELECT DISTINCT t.tag, i.story_id FROM item_tags t JOIN items i ON i.id = t.item_id) d`,
  'tag of a missing item': 'SELECT count(*) FROM item_tags t WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = t.item_id)',
};

/** SQLite keeps the search text in an FTS5 table beside the items: the two must hold the same rows. */
const SQLITE_INVARIANTS: Record<string, string> = {
  'search rows ≠ item rows': 'SELECT abs((SELECT count(*) FROM items_fts) - (SELECT count(*) FROM items))',
  'search row with no item': 'SELECT count(*) FROM items_fts WHERE rowid NOT IN (SELECT id FROM items)',
};

/** PostgreSQL keeps it in item_search, one row an item (a foreign key removes it with its item). */
const POSTGRES_INVARIANTS: Record<string, string> = {
  'item with no search row': 'SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM item_search s WHERE s.item_id = i.id)',
};

export interface DbCounts {
  items: number;
  stories: number;
  itemTags: number;
  storyTags: number;
}

const EMPTY: DbCounts = { items: 0, stories: 0, itemTags: 0, storyTags: 0 };

export interface DbReport {
  /** SQLite's integrity_check; 'ok' on PostgreSQL, whose write-ahead log is its own guard against a torn write. */
  integrity: string;
  /** Invariant name → rows breaking it; only broken invariants appear. */
  broken: Record<string, number>;
  counts: DbCounts;
  /** Items stored per source, in source id order. */
  itemsPerSource: Record<string, number>;
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

async function invariantsAndCounts(query: Query, extra: Record<string, string>) {
  const value = async (sql: string) => Number(Object.values((await query(sql))[0]!)[0]);
  const broken: Record<string, number> = {};
  for (const [name, sql] of Object.entries({ ...INVARIANTS, ...extra })) {
    const n = await value(sql);
    if (n !== 0) broken[name] = n;
  }
  const count = (table: string) => value(`SELECT count(*) FROM ${table}`);
  const perSource = (await query('SELECT source_id AS id, count(*) AS n FROM items GROUP BY source_id ORDER BY source_id')) as { id: string; n: number }[];
  return {
    broken,
    itemsPerSource: Object.fromEntries(perSource.map((r) => [r.id, Number(r.n)])),
    counts: { items: await count('items'), stories: await count('stories'), itemTags: await count('item_tags'), storyTags: await count('story_tags') },
  };
}

/**
 * Check a huiju database the way an operator would after a crash: the engine's own check where it has one, then
 * huiju's invariants. `location` is what `--db` was given: a SQLite file or a postgres:// URL.
 */
export async function checkDatabase(location: string): Promise<DbReport> {
  if (/^postgres(ql)?:\/\//.test(location)) return checkPostgres(location);
  if (!existsSync(location)) return { integrity: 'ok', broken: {}, counts: EMPTY, itemsPerSource: {} };
  const db = new Database(location);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    // Killed before the first migration committed: an empty database is a consistent one.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'items'").get()) return { integrity, broken: {}, counts: EMPTY, itemsPerSource: {} };
    const report = await invariantsAndCounts(async (sql) => db.prepare(sql).all() as Record<string, unknown>[], SQLITE_INVARIANTS);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) report.broken['foreign key violations'] = fk.length;
    return { integrity, ...report };
  } finally {
    db.close();
  }
}

async function checkPostgres(url: string): Promise<DbReport> {
  const conn = connectSql(url);
  try {
    if (!(await conn.value<string | null>("SELECT to_regclass('items')::text"))) return { integrity: 'ok', broken: {}, counts: EMPTY, itemsPerSource: {} };
    return { integrity: 'ok', ...(await invariantsAndCounts((sql) => conn.sql(sql), POSTGRES_INVARIANTS)) };
  } finally {
    await conn.close();
  }
}
