import { stmt, type Db } from './db.ts';

/** Filters shared by every feed and API listing. Validated at the HTTP edge. */
export interface StoryFilter {
  /** Any of these tags. */
  tags?: readonly string[];
  /** Carried by any of these sources. */
  sources?: readonly string[];
  /** Full-text query: one copy of the story must contain every whitespace-separated term, in its title or text. */
  q?: string;
  since?: string;
  until?: string;
  /** Keyset cursor (date order): stories strictly older than this position. */
  after?: { publishedAt: string; id: number };
  /**
   * `date` (newest first) or `relevance` (best bm25 of any copy, then newest): relevance needs `q`. Default `date`.
   * Relevance pages by `offset`: ranks shift as stories arrive, so no keyset can be exact there.
   */
  sort?: 'date' | 'relevance';
  offset?: number;
  limit: number;
}

export interface StoryCopy {
  itemId: number;
  source: string;
  url: string | null;
  title: string;
  publishedAt: string;
  /** Why this copy joined the story; null for the item that started it. */
  matchRule: string | null;
  matchSimilarity: number | null;
}

export interface StorySummary {
  id: number;
  /** The representative copy's item id. */
  itemId: number;
  guid: string;
  title: string;
  url: string | null;
  source: string;
  author: string | null;
  summary: string | null;
  contentHtml: string | null;
  categories: string[];
  publishedAt: string;
  updatedAt: string;
  tags: string[];
  /** Every other outlet's copy of the story. */
  duplicates: StoryCopy[];
}

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
  author: string | null;
  categories: string;
  published_at: string;
  match_rule: string | null;
  match_similarity: number | null;
}

function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** The whitespace-separated terms of a query, as the search matches them. */
export function queryTerms(q: string | undefined): string[] {
  return q?.split(/\s+/).filter(Boolean) ?? [];
}

/** The trigram index answers terms of three characters or more; shorter ones (算力, AI) fall back to LIKE. */
const indexable = (term: string) => [...term].length >= 3;

/**
 * Whether a filter matches so many rows that walking stories newest first finds a page sooner than collecting every
 * match: walking costs about limit × rows ÷ matches lookups, collecting about `matches`. Counting stops at the
 * break-even point, so asking costs little even for a term that matches a third of the database.
 */
function isCommon(db: Db, matchingSql: string, params: readonly unknown[], table: 'items' | 'stories', limit: number): boolean {
  const rows = stmt<[], { n: number | null }>(db, `SELECT max(id) AS n FROM ${table}`).get()?.n ?? 0;
  const breakEven = Math.ceil(Math.sqrt(limit * rows));
  const counted = db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM (${matchingSql} LIMIT ?)`).get(...params, breakEven)?.n ?? 0;
  return counted >= breakEven;
}

function whereClause(db: Db, f: StoryFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (f.tags?.length) {
    const marks = f.tags.map(() => '?').join(',');
    // A common tag (ai: a third of all stories): EXISTS lets SQLite walk stories newest first and stop at the page
    // size, instead of collecting every story with the tag and sorting them all. A rare tag: collect, it is quicker.
    clauses.push(
      isCommon(db, `SELECT 1 FROM story_tags WHERE tag IN (${marks})`, f.tags, 'stories', f.limit)
        ? `EXISTS (SELECT 1 FROM story_tags t WHERE t.story_id = s.id AND t.tag IN (${marks}))`
        : `s.id IN (SELECT story_id FROM story_tags WHERE tag IN (${marks}))`,
    );
    params.push(...f.tags);
  }
  if (f.sources?.length) {
    clauses.push(`s.id IN (SELECT story_id FROM items WHERE source_id IN (${f.sources.map(() => '?').join(',')}))`);
    params.push(...f.sources);
  }
  const terms = queryTerms(f.q);
  if (terms.length) {
    // One copy of the story must contain every term. Long terms go to the index in one MATCH; short ones are checked
    // with LIKE, on the index's matches only when there are long terms too (a LIKE alone scans every item).
    const long = terms.filter(indexable);
    const conditions: string[] = [];
    if (long.length) {
      conditions.push('items_fts MATCH ?');
      params.push(long.map(ftsPhrase).join(' AND '));
    }
    for (const term of terms.filter((t) => !indexable(t))) {
      conditions.push(`(items_fts.title LIKE ? ESCAPE '\\' OR items_fts.body LIKE ? ESCAPE '\\')`);
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like);
    }
    const matching = conditions.join(' AND ');
    if (long.length === 0) {
      // No index answers LIKE: walk stories newest first and test each one's copies, so a common term (算力, AI)
      // fills a page after a few hundred stories instead of scanning every item's text.
      clauses.push(`EXISTS (SELECT 1 FROM items i JOIN items_fts ON items_fts.rowid = i.id WHERE i.story_id = s.id AND ${matching})`);
    } else if (isCommon(db, 'SELECT 1 FROM items_fts WHERE items_fts MATCH ?', [long.map(ftsPhrase).join(' AND ')], 'items', f.limit)) {
      // Many matches: walk stories newest first, stopping at the page size; the unary `+` keeps SQLite from probing
      // items once per match (大模型 at 1M items: 7 ms instead of 160 ms).
      clauses.push(`EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id AND +i.id IN (SELECT rowid FROM items_fts WHERE ${matching}))`);
    } else {
      // Few matches: collect the stories of every matching copy, then sort them.
      clauses.push(`s.id IN (SELECT i.story_id FROM items_fts JOIN items i ON i.id = items_fts.rowid WHERE ${matching})`);
    }
  }
  if (f.since) {
    clauses.push('s.published_at >= ?');
    params.push(f.since);
  }
  if (f.until) {
    clauses.push('s.published_at < ?');
    params.push(f.until);
  }
  if (f.after) {
    clauses.push('(s.published_at < ? OR (s.published_at = ? AND s.id < ?))');
    params.push(f.after.publishedAt, f.after.publishedAt, f.after.id);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** What a listing reads of each story's copies. Listings that show no article body skip reading it: most of a row. */
export interface ListOptions {
  /** Load the representative's `contentHtml` (feeds do; the API and page listings show none). Default true. */
  content?: boolean;
  /** Matching copies a relevance search ranks before it ranks them all (tests make it small). */
  relevanceWindow?: number;
}

/**
 * Stories matching the filter, newest first (or best match first), each with its representative copy, its tags and the
 * other outlets' copies.
 */
export function listStories(db: Db, f: StoryFilter, opts: ListOptions = {}): StorySummary[] {
  const terms = queryTerms(f.q);
  const ranked = f.sort === 'relevance' ? terms.filter(indexable) : [];
  if (ranked.length === 0) {
    const where = whereClause(db, f);
    const rows = db
      .prepare<unknown[], StoryRow>(
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
  const where = whereClause(db, terms.every(indexable) ? { ...f, q: undefined } : f);
  const match = ranked.map(ftsPhrase).join(' AND ');
  const recent = rankedStories(db, match, where, f, opts.relevanceWindow ?? RELEVANCE_WINDOW);
  return hydrate(db, recent.length >= f.limit ? recent : rankedStories(db, match, where, f, null), opts);
}

/** Copies a relevance search ranks before falling back to ranking every match. */
const RELEVANCE_WINDOW = 5000;

/**
 * Stories by their best-matching copy's bm25 (a title hit weighs five times a body hit), then newest. bm25 only works
 * in the query that does the MATCH, so that query is materialised before it is grouped by story. The ranked stories
 * drive the join (CROSS JOIN fixes the order): SQLite otherwise walked every story and probed the index per story.
 * The MATCH demands every long term of one copy, so `where` carries the search clause only for short (LIKE) terms.
 */
function rankedStories(db: Db, match: string, where: { sql: string; params: unknown[] }, f: StoryFilter, newest: number | null): StoryRow[] {
  const window = newest === null ? '' : `ORDER BY rowid DESC LIMIT ${Math.max(1, Math.floor(newest))}`;
  return db
    .prepare<unknown[], StoryRow>(
      `WITH hits AS MATERIALIZED (SELECT rowid, bm25(items_fts, 5.0, 1.0) AS score FROM items_fts WHERE items_fts MATCH ? ${window}),
            ranks AS MATERIALIZED (SELECT i.story_id, min(hits.score) AS score FROM hits JOIN items i ON i.id = hits.rowid GROUP BY i.story_id)
       SELECT s.id, s.guid, s.published_at, s.updated_at, s.representative_item_id AS rep
       FROM ranks r CROSS JOIN stories s ON s.id = r.story_id ${where.sql}
       ORDER BY r.score, s.published_at DESC, s.id DESC LIMIT ? OFFSET ?`,
    )
    .all(match, ...where.params, f.limit, f.offset ?? 0);
}

/** The indexed plain text (title and body) of items, for search snippets. */
export function searchTexts(db: Db, itemIds: readonly number[]): Map<number, { title: string; body: string }> {
  if (itemIds.length === 0) return new Map();
  const rows = db
    .prepare<number[], { id: number; title: string; body: string }>(
      `SELECT rowid AS id, title, body FROM items_fts WHERE rowid IN (${itemIds.map(() => '?').join(',')})`,
    )
    .all(...itemIds);
  return new Map(rows.map((r) => [r.id, { title: r.title, body: r.body ?? '' }]));
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
  const content = opts.content === false ? 'NULL AS content_html' : 'content_html';
  const items = db
    .prepare<number[], ItemRow>(
      `SELECT id, story_id, source_id, url, title, summary, ${content}, author, categories, published_at, match_rule, match_similarity
       FROM items WHERE story_id IN (${marks}) ORDER BY published_at, id`,
    )
    .all(...ids);
  const tags = db
    .prepare<number[], { story_id: number; tag: string }>(`SELECT story_id, tag FROM story_tags WHERE story_id IN (${marks}) ORDER BY tag`)
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
    };
  });
}

export interface TagEvidenceRow {
  itemId: number;
  tag: string;
  score: number;
  evidence: unknown;
}

/** The tags each copy of a story received and the terms that matched, for /api/items/:id and `huiju explain`. */
export function storyTagEvidence(db: Db, storyId: number): TagEvidenceRow[] {
  return stmt<[number], { itemId: number; tag: string; score: number; evidence: string }>(
    db,
    `SELECT t.item_id AS itemId, t.tag, t.score, t.evidence FROM item_tags t JOIN items i ON i.id = t.item_id
     WHERE i.story_id = ? ORDER BY t.item_id, t.tag`,
  )
    .all(storyId)
    .map((r) => ({ ...r, evidence: JSON.parse(r.evidence) as unknown }));
}

/** Find the story an item URL or story GUID belongs to (for `huiju explain URL`). */
export function findStoryIdByUrlOrGuid(db: Db, ref: string): number | undefined {
  return (
    stmt<[string], { id: number }>(db, 'SELECT id FROM stories WHERE guid = ?').get(ref)?.id ??
    stmt<[string], { id: number }>(db, 'SELECT story_id AS id FROM items WHERE url = ? LIMIT 1').get(ref)?.id
  );
}

/**
 * A value that changes whenever anything is written to the database, by this connection (the fetch cycle of
 * `huiju serve`) or by another process (`huiju fetch`): data_version moves on other connections' commits,
 * total_changes() on this one's. Two reads of a pragma: cheap enough to ask on every request.
 */
export function dataVersion(db: Db): string {
  const row = stmt<[], { dv: number; tc: number }>(db, 'SELECT (SELECT data_version FROM pragma_data_version()) AS dv, total_changes() AS tc').get();
  return `${row?.dv ?? 0}.${row?.tc ?? 0}`;
}

/** Time of the latest change to any story: the Last-Modified of every listing. */
export function lastChange(db: Db): string | null {
  return stmt<[], { t: string | null }>(db, 'SELECT max(updated_at) AS t FROM stories').get()?.t ?? null;
}

/** Counts for the metrics gauges: one small grouped query each, over indexes. */
export interface StoreStats {
  stories: number;
  itemsBySource: Map<string, number>;
  mergedByRule: Map<string, number>;
}

export function storeStats(db: Db): StoreStats {
  const stories = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM stories').get()?.n ?? 0;
  const bySource = stmt<[], { k: string; n: number }>(db, 'SELECT source_id AS k, count(*) AS n FROM items GROUP BY source_id').all();
  const byRule = stmt<[], { k: string; n: number }>(
    db,
    'SELECT match_rule AS k, count(*) AS n FROM items WHERE match_rule IS NOT NULL GROUP BY match_rule',
  ).all();
  return {
    stories,
    itemsBySource: new Map(bySource.map((r) => [r.k, r.n])),
    mergedByRule: new Map(byRule.map((r) => [r.k, r.n])),
  };
}
