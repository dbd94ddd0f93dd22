import type pg from 'pg';
import type { StoryFilter, StorySummary } from '../../model/story.ts';
import { hotFilter } from '../hot.ts';
import type { ListOptions } from '../store.ts';
import { Params, storyConditions, whereSql } from './filter.ts';
import { hydrate, STORY_COLUMNS, type StoryRow } from './read-hydrate.ts';
import { scoredHits, searchTerms, textHolds, type SearchTerms } from './search.ts';

type Db = pg.Pool | pg.PoolClient;

/** Copies a relevance search ranks before falling back to ranking every match (SQLite's figure). */
const RELEVANCE_WINDOW = 5000;

/**
 * Stories matching the filter, newest first (or best match first), each with its representative copy, its tags and the
 * other outlets' copies.
 */
export async function listStories(db: Db, f: StoryFilter, opts: ListOptions = {}): Promise<StorySummary[]> {
  const search = searchTerms(f.q);
  if (f.sort === 'hot') return hydrate(db, await hotStories(db, f, search), opts);
  if (f.sort === 'relevance' && search?.grams) {
    // As SQLite: the newest matching copies are ranked first; only when they cannot fill the page (a rare term, a
    // narrow filter, a deep page) is every match ranked.
    const recent = await rankedStories(db, search, f, opts.relevanceWindow ?? RELEVANCE_WINDOW);
    return hydrate(db, recent.length >= f.limit ? recent : await rankedStories(db, search, f, null), opts);
  }
  const p = new Params();
  const conditions = storyConditions(p, f);
  if (search) conditions.push(await searchCondition(db, p, search, f.limit));
  const { rows } = await db.query<StoryRow>(
    `SELECT ${STORY_COLUMNS} FROM stories s ${whereSql(conditions)}
     ORDER BY s.published_at DESC, s.id DESC LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset ?? 0)}`,
    p.values,
  );
  return hydrate(db, rows, opts);
}

/**
 * Stories by coverage (src/store/hot.ts), as SQLite ranks them: distinct outlets, then reach (seconds from the first
 * outlet's copy to the last new outlet's first copy), then newest. LATERAL reads each window story's copies by
 * items_story: left to itself the planner hashed the whole items table (docs/hot-and-trends.md).
 */
async function hotStories(db: Db, filter: StoryFilter, search: SearchTerms | null): Promise<StoryRow[]> {
  const { rows: newest } = await db.query<{ t: string | null }>('SELECT max(published_at) AS t FROM stories');
  const f = hotFilter(filter, newest[0]?.t ?? null);
  const p = new Params();
  const conditions = storyConditions(p, { ...f, after: undefined });
  if (search) conditions.push(await searchCondition(db, p, search, f.limit));
  const { rows } = await db.query<StoryRow>(
    `WITH picked AS MATERIALIZED (SELECT s.id FROM stories s ${whereSql(conditions)}),
          coverage AS (SELECT p.id AS story_id, count(*) AS outlets,
                              extract(epoch FROM max(f.first)::timestamptz - min(f.first)::timestamptz) AS reach
                       FROM picked p CROSS JOIN LATERAL
                         (SELECT min(i.published_at) AS first FROM items i WHERE i.story_id = p.id GROUP BY i.source_id) f
                       GROUP BY p.id)
     SELECT ${STORY_COLUMNS} FROM coverage c JOIN stories s ON s.id = c.story_id
     ORDER BY c.outlets DESC, c.reach, s.published_at DESC, s.id DESC LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset ?? 0)}`,
    p.values,
  );
  return rows;
}

/**
 * The search condition for a listing in date order. A term the index matches often (算力: one copy in ten) is
 * checked story by story, newest first, until the page is full: a scalar subquery, which the planner cannot turn into
 * a join that collects every match first. Otherwise the index's matches are collected and their stories sorted.
 */
async function searchCondition(db: Db, p: Params, search: SearchTerms, limit: number): Promise<string> {
  if (search.grams === null || (await isCommon(db, search.grams, limit))) {
    return `(SELECT true FROM items i JOIN item_search x ON x.item_id = i.id
             WHERE i.story_id = s.id AND ${textHolds(p, search.all)} LIMIT 1)`;
  }
  const grams = p.add(search.grams);
  const text = search.unsettled.length
    ? `JOIN item_search x ON x.item_id = g.item_id AND ${textHolds(p, search.unsettled)}`
    : '';
  return `s.id IN (SELECT i.story_id FROM item_grams g ${text} JOIN items i ON i.id = g.item_id WHERE g.grams @@ ${grams}::tsquery)`;
}

/**
 * Whether walking stories finds a page sooner than collecting every match: walking costs about limit × items ÷ matches
 * checks, collecting about `matches`. The count has no LIMIT: GIN answers in a bitmap, built whole either way, and
 * counting it reads no rows; with a LIMIT the planner may scan the table instead, reading every row's grams.
 */
async function isCommon(db: Db, grams: string, limit: number): Promise<boolean> {
  const { rows } = await db.query<{ common: boolean }>(
    `SELECT (SELECT count(*) FROM item_grams g WHERE g.grams @@ $1::tsquery)
            >= (SELECT ceil(sqrt($2::float8 * coalesce(max(id), 0))) FROM items) AS common`,
    [grams, limit],
  );
  return rows[0]?.common ?? false;
}

/**
 * Stories by their best-matching copy's score (search.ts scoredHits), then newest. `newest` limits the ranking to that
 * many of the newest copies the grams match; which of those really hold every term is checked after, so the window
 * can hold a few fewer true matches than its size. The filters apply to the ranked stories, as SQLite's do.
 */
async function rankedStories(db: Db, search: SearchTerms, f: StoryFilter, newest: number | null): Promise<StoryRow[]> {
  const p = new Params();
  const grams = p.add(search.grams);
  // `+ 0`: walking the primary key backwards, reading each row's grams until enough match, is slower than sorting
  // the index's matches, but the planner cannot tell.
  const window = newest === null ? '' : `ORDER BY g.item_id + 0 DESC LIMIT ${p.add(Math.max(1, Math.floor(newest)))}`;
  const hits = scoredHits(p, search.all, search.unsettled);
  const conditions = storyConditions(p, f);
  const { rows } = await db.query<StoryRow>(
    `WITH candidates AS MATERIALIZED (SELECT g.item_id FROM item_grams g WHERE g.grams @@ ${grams}::tsquery ${window}),
          hits AS MATERIALIZED (${hits}),
          ranks AS MATERIALIZED (SELECT i.story_id, max(h.score) AS score FROM hits h JOIN items i ON i.id = h.item_id GROUP BY i.story_id)
     SELECT ${STORY_COLUMNS} FROM ranks r JOIN stories s ON s.id = r.story_id ${whereSql(conditions)}
     ORDER BY r.score DESC, s.published_at DESC, s.id DESC LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset ?? 0)}`,
    p.values,
  );
  return rows;
}
