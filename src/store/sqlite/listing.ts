import { queryTerms, type StoryFilter, type StorySummary } from '../../model/story.ts';
import { hotFilter } from '../hot.ts';
import type { ListOptions } from '../store.ts';
import { shapedStmt, stmt, type Db } from './db.ts';
import { ftsPhrase, indexable, likePattern, whereClause } from './filter.ts';

interface StoryRow {
  id: number;
  guid: string;
  published_at: string;
  updated_at: string;
  rep: number;
}

interface ItemRow {
  id: number;
  story_id: number;
  source_id: string;
  url: string | null;
  title: string;
  summary: string | null;
  content_html: string | null;
  content_hash: string | null;
  author: string | null;
  categories: string;
  published_at: string;
  updated_at: string | null;
  match_rule: string | null;
  match_similarity: number | null;
}

/**
 * Stories matching the filter, newest first (or best match first), each with its representative copy, its tags and the
 * other outlets' copies.
 */
export function listStories(db: Db, f: StoryFilter, opts: ListOptions = {}): StorySummary[] {
  if (f.sort === 'hot') return hydrate(db, hotStories(db, f), opts);
  const terms = queryTerms(f.q);
  if (f.sort !== 'relevance' || terms.length === 0) {
    const where = whereClause(db, f);
    const rows = shapedStmt<unknown[], StoryRow>(db,
        `SELECT s.id, s.guid, s.published_at, s.updated_at, s.representative_item_id AS rep FROM stories s ${where.sql}
         ORDER BY s.published_at DESC, s.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...where.params, f.limit, f.offset ?? 0);
    return hydrate(db, rows, opts);
  }
  // A common term matches tens of thousands of copies (大模型: 82,000 of 1M), and ranking them all cost 185 ms. The
  // newest RELEVANCE_WINDOW matching copies are ranked first; only when they cannot fill the page (a rare term, a
  // narrow filter, a deep page) is every match ranked. News readers want the best recent match, and a page that the
  // recent copies fill is the same page whenever the best matches are recent.
  const long = terms.filter(indexable);
  const scored = long.length ? bm25Hits(long) : likeHits(terms);
  // The hits already demand every term when they are all long (one MATCH) or all short (the LIKEs of likeHits).
  const where = whereClause(db, long.length === 0 || long.length === terms.length ? { ...f, q: undefined } : f);
  const recent = rankedStories(db, scored, where, f, opts.relevanceWindow ?? RELEVANCE_WINDOW);
  return hydrate(db, recent.length >= f.limit ? recent : rankedStories(db, scored, where, f, null), opts);
}

/** Matching copies and their scores, lower is better, newest first: `SELECT rowid, score FROM items_fts …`. */
interface Hits {
  select: string;
  where: string;
  params: unknown[];
}

/** bm25 of the trigram index (a title hit weighs five times a body hit): terms of three characters or more. */
function bm25Hits(long: string[]): Hits {
  return { select: 'bm25(items_fts, 5.0, 1.0)', where: 'items_fts MATCH ?', params: [long.map(ftsPhrase).join(' AND ')] };
}

/**
 * Terms the trigram index cannot answer (算力, AI) are found with LIKE and scored as bm25 would weigh them: each
 * occurrence in the title five times one in the body, the sum shrunk by the body's length, so that on both engines
 * a story that names the term in its headline comes before one that mentions it in passing.
 */
function likeHits(short: string[]): Hits {
  const occurrences = (column: string) => `(length(lower(${column})) - length(replace(lower(${column}), ?, ''))) / length(?)`;
  const select = `-(${short.map(() => `5.0 * ${occurrences('title')} + ${occurrences('body')}`).join(' + ')}) / (1.0 + length(body) / 1000.0)`;
  const where = short.map(() => `(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')`).join(' AND ');
  const params: unknown[] = [];
  for (const t of short) params.push(t.toLowerCase(), t.toLowerCase(), t.toLowerCase(), t.toLowerCase());
  for (const t of short) params.push(likePattern(t), likePattern(t));
  return { select, where, params };
}

/** Copies a relevance search ranks before falling back to ranking every match. */
const RELEVANCE_WINDOW = 5000;

/**
 * Stories by their best-matching copy's score, then newest. bm25 only works in the query that does the MATCH, so
 * that query is materialised before it is grouped by story. The ranked stories
 * drive the join (CROSS JOIN fixes the order): SQLite otherwise walked every story and probed the index per story.
 * The MATCH demands every long term of one copy, so `where` carries the search clause only for short (LIKE) terms.
 */
function rankedStories(db: Db, hits: Hits, where: { sql: string; params: unknown[] }, f: StoryFilter, newest: number | null): StoryRow[] {
  const window = newest === null ? '' : `ORDER BY rowid DESC LIMIT ${Math.max(1, Math.floor(newest))}`;
  return shapedStmt<unknown[], StoryRow>(db,
      `WITH hits AS MATERIALIZED (SELECT rowid, ${hits.select} AS score FROM items_fts WHERE ${hits.where} ${window}),
            ranks AS MATERIALIZED (SELECT i.story_id, min(hits.score) AS score FROM hits JOIN items i ON i.id = hits.rowid GROUP BY i.story_id)
       SELECT s.id, s.guid, s.published_at, s.updated_at, s.representative_item_id AS rep
       FROM ranks r CROSS JOIN stories s ON s.id = r.story_id ${where.sql}
       ORDER BY r.score, s.published_at DESC, s.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...hits.params, ...where.params, f.limit, f.offset ?? 0);
}

/**
 * Stories by coverage (src/store/hot.ts): distinct outlets, then reach (days from the first outlet's copy to the last
 * new outlet's first copy), then newest. Only the stories in the window are aggregated, through items_story.
 */
function hotStories(db: Db, filter: StoryFilter): StoryRow[] {
  const newest = stmt<[], { t: string | null }>(db, 'SELECT max(published_at) AS t FROM stories').get()?.t ?? null;
  const f = hotFilter(filter, newest);
  const where = whereClause(db, { ...f, after: undefined });
  return shapedStmt<unknown[], StoryRow>(db,
      `WITH picked AS MATERIALIZED (SELECT s.id FROM stories s ${where.sql}),
            firsts AS (SELECT i.story_id, min(i.published_at) AS first FROM picked p CROSS JOIN items i ON i.story_id = p.id GROUP BY i.story_id, i.source_id),
            coverage AS (SELECT story_id, count(*) AS outlets, julianday(max(first)) - julianday(min(first)) AS reach FROM firsts GROUP BY story_id)
       SELECT s.id, s.guid, s.published_at, s.updated_at, s.representative_item_id AS rep
       FROM coverage c CROSS JOIN stories s ON s.id = c.story_id
       ORDER BY c.outlets DESC, c.reach, s.published_at DESC, s.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...where.params, f.limit, f.offset ?? 0);
}

export function getStory(db: Db, id: number): StorySummary | undefined {
  const row = stmt<[number], StoryRow>(
    db,
    'SELECT id, guid, published_at, updated_at, representative_item_id AS rep FROM stories WHERE id = ?',
  ).get(id);
  return row ? hydrate(db, [row])[0] : undefined;
}

// Map.groupBy arrived in Node 21; huiju supports Node 20.
function groupBy<T, K>(list: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of list) {
    const k = key(x);
    const group = out.get(k);
    if (group) group.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function hydrate(db: Db, rows: StoryRow[], opts: ListOptions = {}): StorySummary[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const marks = ids.map(() => '?').join(',');
  const stamped = opts.content === 'stamp';
  const text = stamped ? 'NULL AS summary, NULL AS content_html, content_hash' : `summary, ${opts.content === false ? 'NULL' : 'content_html'} AS content_html, NULL AS content_hash`;
  const items = shapedStmt<number[], ItemRow>(db,
      `SELECT id, story_id, source_id, url, title, ${text}, author, categories, published_at, updated_at, match_rule, match_similarity
       FROM items WHERE story_id IN (${marks}) ORDER BY published_at, id`,
    )
    .all(...ids);
  const tags = shapedStmt<number[], { story_id: number; tag: string }>(db, `SELECT story_id, tag FROM story_tags WHERE story_id IN (${marks}) ORDER BY tag`)
    .all(...ids);
  const itemsByStory = groupBy(items, (i) => i.story_id);
  const tagsByStory = groupBy(tags, (t) => t.story_id);
  return rows.map((r) => {
    const members = itemsByStory.get(r.id) ?? [];
    const rep = members.find((m) => m.id === r.rep) ?? members[0]!;
    return {
      id: r.id,
      itemId: rep.id,
      guid: r.guid,
      title: rep.title,
      url: rep.url,
      source: rep.source_id,
      author: rep.author,
      summary: rep.summary,
      contentHtml: rep.content_html,
      categories: JSON.parse(rep.categories) as string[],
      publishedAt: r.published_at,
      itemUpdatedAt: rep.updated_at,
      updatedAt: r.updated_at,
      tags: (tagsByStory.get(r.id) ?? []).map((t) => t.tag),
      duplicates: members
        .filter((m) => m.id !== rep.id)
        .map((m) => ({
          itemId: m.id,
          source: m.source_id,
          url: m.url,
          title: m.title,
          publishedAt: m.published_at,
          // The copy that started the story matched nothing itself; when another copy now represents the story,
          // the rule that joined that representative to it is why they are one.
          matchRule: m.match_rule ?? rep.match_rule,
          matchSimilarity: m.match_rule ? m.match_similarity : rep.match_similarity,
        })),
      ...(stamped ? { textStamp: rep.content_hash! } : {}),
    };
  });
}
