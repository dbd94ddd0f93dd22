import type pg from 'pg';
import type { StorySummary, TagEvidenceRow } from '../../model/story.ts';
import type { CopyText, StoreStats, TagDayCount } from '../store.ts';
import { fromJson, hydrate, STORY_COLUMNS, type StoryRow } from './read-hydrate.ts';

/** The read side of the PostgreSQL store: what feeds, the API, the page and `huiju explain` ask. */
export { listStories } from './read-list.ts';

type Db = pg.Pool | pg.PoolClient;

export async function getStory(db: Db, id: number): Promise<StorySummary | undefined> {
  const { rows } = await db.query<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories s WHERE s.id = $1`, [id]);
  return rows.length ? (await hydrate(db, rows))[0] : undefined;
}

/** The story an item URL or story GUID belongs to (for `huiju explain URL`); the GUID wins. */
export async function findStoryIdByUrlOrGuid(db: Db, ref: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: string | number | null }>(
    `SELECT coalesce((SELECT id FROM stories WHERE guid = $1), (SELECT story_id FROM items WHERE url = $1 LIMIT 1)) AS id`,
    [ref],
  );
  const id = rows[0]?.id;
  return id === null || id === undefined ? undefined : Number(id);
}

/** The tags each copy of a story received and the terms that matched, for /api/items/:id and `huiju explain`. */
export async function storyTagEvidence(db: Db, storyId: number): Promise<TagEvidenceRow[]> {
  const { rows } = await db.query<{ item_id: string | number; tag: string; score: number; evidence: unknown }>(
    `SELECT t.item_id, t.tag, t.score, t.evidence FROM item_tags t JOIN items i ON i.id = t.item_id
     WHERE i.story_id = $1 ORDER BY t.item_id, t.tag COLLATE "C"`,
    [storyId],
  );
  return rows.map((r) => ({ itemId: Number(r.item_id), tag: r.tag, score: r.score, evidence: fromJson<unknown>(r.evidence) }));
}

/** Copies' summary and content as a listing reads them, with their stamp (Store.copyTexts). */
export async function copyTexts(db: Db, itemIds: readonly number[]): Promise<Map<number, CopyText>> {
  if (itemIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string | number; summary: string | null; content_html: string | null; content_hash: string }>(
    'SELECT id, summary, content_html, content_hash FROM items WHERE id = ANY($1::bigint[])',
    [itemIds],
  );
  return new Map(rows.map((r) => [Number(r.id), { summary: r.summary, contentHtml: r.content_html, textStamp: r.content_hash }]));
}

/** The indexed plain text (title and body) of items, for search snippets. */
export async function searchTexts(db: Db, itemIds: readonly number[]): Promise<Map<number, { title: string; body: string }>> {
  if (itemIds.length === 0) return new Map();
  const { rows } = await db.query<{ item_id: string | number; title: string; body: string | null }>(
    'SELECT item_id, title, body FROM item_search WHERE item_id = ANY($1::bigint[])',
    [itemIds],
  );
  return new Map(rows.map((r) => [Number(r.item_id), { title: r.title, body: r.body ?? '' }]));
}

/** Number of stories carrying each tag. */
export async function tagCounts(db: Db): Promise<Map<string, number>> {
  const { rows } = await db.query<{ tag: string; n: number }>('SELECT tag, count(*)::int AS n FROM story_tags GROUP BY tag');
  return new Map(rows.map((r) => [r.tag, r.n]));
}

/** Stories per tag per day (Store.tagDayCounts), dated as SQLite dates them: at a fixed offset from UTC. */
export async function tagDayCounts(db: Db, since: string, until: string, offsetMinutes: number): Promise<TagDayCount[]> {
  const { rows } = await db.query<TagDayCount>(
    `SELECT t.tag, to_char((s.published_at::timestamptz AT TIME ZONE 'UTC') + make_interval(mins => $3), 'YYYY-MM-DD') AS day,
            count(*)::int AS stories
     FROM stories s JOIN story_tags t ON t.story_id = s.id
     WHERE s.published_at >= $1 AND s.published_at < $2 GROUP BY t.tag, day ORDER BY day, t.tag`,
    [since, until, Math.trunc(offsetMinutes)],
  );
  return rows;
}

/** Counts for the metrics gauges. */
export async function storeStats(db: Db): Promise<StoreStats> {
  const [stories, bySource, byRule] = await Promise.all([
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM stories'),
    db.query<{ k: string; n: number }>('SELECT source_id AS k, count(*)::int AS n FROM items GROUP BY source_id'),
    db.query<{ k: string; n: number }>('SELECT match_rule AS k, count(*)::int AS n FROM items WHERE match_rule IS NOT NULL GROUP BY match_rule'),
  ]);
  return {
    stories: stories.rows[0]?.n ?? 0,
    itemsBySource: new Map(bySource.rows.map((r) => [r.k, r.n])),
    mergedByRule: new Map(byRule.rows.map((r) => [r.k, r.n])),
  };
}

/** Time of the latest change to any story: the Last-Modified of every listing. */
export async function lastChange(db: Db): Promise<string | null> {
  const { rows } = await db.query<{ t: string | null }>('SELECT max(updated_at) AS t FROM stories');
  return rows[0]?.t ?? null;
}
