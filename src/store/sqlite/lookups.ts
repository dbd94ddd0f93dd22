import type { TagEvidenceRow } from '../../model/story.ts';
import type { CopyText, StoreStats } from '../store.ts';
import { shapedStmt, stmt, type Db } from './db.ts';

/** The indexed plain text (title and body) of items, for search snippets. */
export function searchTexts(db: Db, itemIds: readonly number[]): Map<number, { title: string; body: string }> {
  if (itemIds.length === 0) return new Map();
  const rows = shapedStmt<number[], { id: number; title: string; body: string }>(db,
      `SELECT rowid AS id, title, body FROM items_fts WHERE rowid IN (${itemIds.map(() => '?').join(',')})`,
    )
    .all(...itemIds);
  return new Map(rows.map((r) => [r.id, { title: r.title, body: r.body ?? '' }]));
}

/** Copies' summary and content as a listing reads them, with their stamp (Store.copyTexts). */
export function copyTexts(db: Db, itemIds: readonly number[]): Map<number, CopyText> {
  if (itemIds.length === 0) return new Map();
  const rows = shapedStmt<number[], { id: number; summary: string | null; content_html: string | null; content_hash: string }>(db,
      `SELECT id, summary, content_html, content_hash FROM items WHERE id IN (${itemIds.map(() => '?').join(',')})`,
    )
    .all(...itemIds);
  return new Map(rows.map((r) => [r.id, { summary: r.summary, contentHtml: r.content_html, textStamp: r.content_hash }]));
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
