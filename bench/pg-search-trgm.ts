/**
 * The candidate bench/pg-search.ts measures against the chosen design: pg_trgm's GIN index on an item's title and
 * text (`item_search_trgm`), searched with ILIKE. Trigrams cannot answer a term shorter than three characters, so
 * those are checked story by story, as SQLite does; relevance counts occurrences (a title hit five times a body hit).
 * Bench-only: the rules (walk or collect, the relevance window) are production's, in read-list.ts.
 */
import type pg from 'pg';
import { queryTerms, type StoryFilter } from '../src/model/story.ts';
import { Params, storyConditions, whereSql } from '../src/store/postgres/filter.ts';
import { STORY_COLUMNS, type StoryRow } from '../src/store/postgres/read-hydrate.ts';

type Db = pg.Pool | pg.PoolClient;

const long = (t: string) => [...t].length >= 3;
const like = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function holds(p: Params, terms: readonly string[]): string {
  return terms.map((t) => `(x.title ILIKE ${p.add(like(t))} OR x.body ILIKE ${p.add(like(t))})`).join(' AND ');
}

async function isCommon(db: Db, terms: string[], limit: number): Promise<boolean> {
  const p = new Params();
  const cond = holds(p, terms);
  const n = Math.ceil(Math.sqrt(limit * Number((await db.query('SELECT coalesce(max(id), 0) AS n FROM items')).rows[0].n)));
  const { rows } = await db.query(`SELECT count(*) AS n FROM (SELECT 1 FROM item_search_trgm x WHERE ${cond} LIMIT ${n}) c`, p.values);
  return Number(rows[0].n) >= n;
}

export async function trgmStories(db: Db, f: StoryFilter, window = 5000): Promise<StoryRow[]> {
  const terms = queryTerms(f.q);
  const longTerms = terms.filter(long);
  if (f.sort === 'relevance' && longTerms.length) {
    const recent = await ranked(db, f, terms, window);
    return recent.length >= f.limit ? recent : ranked(db, f, terms, null);
  }
  const p = new Params();
  const conditions = storyConditions(p, f);
  if (terms.length) {
    if (longTerms.length === 0 || (await isCommon(db, longTerms, f.limit))) {
      conditions.push(`(SELECT true FROM items i JOIN item_search_trgm x ON x.item_id = i.id WHERE i.story_id = s.id AND ${holds(p, terms)} LIMIT 1)`);
    } else {
      conditions.push(`s.id IN (SELECT i.story_id FROM item_search_trgm x JOIN items i ON i.id = x.item_id WHERE ${holds(p, terms)})`);
    }
  }
  const { rows } = await db.query<StoryRow>(
    `SELECT ${STORY_COLUMNS} FROM stories s ${whereSql(conditions)} ORDER BY s.published_at DESC, s.id DESC LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset ?? 0)}`,
    p.values,
  );
  return rows;
}

async function ranked(db: Db, f: StoryFilter, terms: string[], newest: number | null): Promise<StoryRow[]> {
  const p = new Params();
  const longTerms = terms.filter(long);
  const candidates = `SELECT x.item_id FROM item_search_trgm x WHERE ${holds(p, longTerms)} ${newest === null ? '' : `ORDER BY x.item_id DESC LIMIT ${newest}`}`;
  const short = terms.filter((t) => !long(t));
  const score = longTerms
    .map((t) => {
      const v = p.add(t.toLowerCase());
      const count = (col: string) => `(length(${col}) - length(replace(lower(${col}), ${v}, ''))) / length(${v})`;
      return `5 * ${count('x.title')} + ${count('x.body')}`;
    })
    .join(' + ');
  const conditions = storyConditions(p, f);
  const { rows } = await db.query<StoryRow>(
    `WITH candidates AS MATERIALIZED (${candidates}),
          hits AS MATERIALIZED (SELECT x.item_id, ${score} AS score FROM candidates c JOIN item_search_trgm x ON x.item_id = c.item_id
                                ${short.length ? `WHERE ${holds(p, short)}` : ''}),
          ranks AS MATERIALIZED (SELECT i.story_id, max(h.score) AS score FROM hits h JOIN items i ON i.id = h.item_id GROUP BY i.story_id)
     SELECT ${STORY_COLUMNS} FROM ranks r JOIN stories s ON s.id = r.story_id ${whereSql(conditions)}
     ORDER BY r.score DESC, s.published_at DESC, s.id DESC LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset ?? 0)}`,
    p.values,
  );
  return rows;
}
