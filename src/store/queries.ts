import { stmt, type Db } from './db.ts';

/** Filters shared by every feed and API listing. Validated at the HTTP edge. */
export interface StoryFilter {
  /** Any of these tags. */
  tags?: readonly string[];
  /** Carried by any of these sources. */
  sources?: readonly string[];
  /** Full-text query: every whitespace-separated term must match the title or text. */
  q?: string;
  since?: string;
  until?: string;
  /** Keyset cursor: stories strictly older than this position. */
  after?: { publishedAt: string; id: number };
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

/** Few matches: collect the stories of every matching item, then sort them (cost grows with the matches). */
const COLLECT_MATCHING_STORIES = 's.id IN (SELECT i.story_id FROM items_fts JOIN items i ON i.id = items_fts.rowid WHERE items_fts MATCH ?)';
/**
 * Many matches: walk stories newest first and keep those with a matching item, stopping at the page size. The unary
 * `+` keeps SQLite from probing items once per match; it looks up the story's few items and tests them against the
 * matches instead. 大模型 at 1M items: 7 ms instead of 160 ms.
 */
const WALK_NEWEST_STORIES =
  'EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id AND +i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?))';

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
  for (const term of f.q?.split(/\s+/).filter(Boolean) ?? []) {
    // The trigram index answers terms of three characters or more; shorter ones (算力, AI) fall back to LIKE.
    if ([...term].length >= 3) {
      const common = isCommon(db, 'SELECT 1 FROM items_fts WHERE items_fts MATCH ?', [ftsPhrase(term)], 'items', f.limit);
      clauses.push(common ? WALK_NEWEST_STORIES : COLLECT_MATCHING_STORIES);
      params.push(ftsPhrase(term));
    } else {
      // No index can answer these, so walk stories newest first and test their items: a common term (算力, AI) fills
      // a page after a few hundred stories instead of scanning every item's text.
      clauses.push(`EXISTS (SELECT 1 FROM items i JOIN items_fts f ON f.rowid = i.id
                    WHERE i.story_id = s.id AND (f.title LIKE ? ESCAPE '\\' OR f.body LIKE ? ESCAPE '\\'))`);
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like);
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

/** Newest stories first, each with its representative copy, its tags and the other outlets' copies. */
export function listStories(db: Db, f: StoryFilter): StorySummary[] {
  const where = whereClause(db, f);
  const rows = db
    .prepare<unknown[], StoryRow>(
      `SELECT s.id, s.guid, s.published_at, s.updated_at, s.representative_item_id AS rep FROM stories s ${where.sql}
       ORDER BY s.published_at DESC, s.id DESC LIMIT ?`,
    )
    .all(...where.params, f.limit);
  return hydrate(db, rows);
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

function hydrate(db: Db, rows: StoryRow[]): StorySummary[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const marks = ids.map(() => '?').join(',');
  const items = db
    .prepare<number[], ItemRow>(
      `SELECT id, story_id, source_id, url, title, summary, content_html, author, categories, published_at, match_rule, match_similarity
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
          matchRule: m.match_rule,
          matchSimilarity: m.match_similarity,
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

/** Time of the latest change to any story: the Last-Modified of every listing. */
export function lastChange(db: Db): string | null {
  return stmt<[], { t: string | null }>(db, 'SELECT max(updated_at) AS t FROM stories').get()?.t ?? null;
}
