import type { DedupFeatures, StoryCandidate, StoryMatch } from '../../dedup/index.ts';
import type { NormalisedItem } from '../../normalise/item.ts';
import type { BandIndex } from '../band-index.ts';
import { BAND_CANDIDATES, EXACT_CANDIDATES, nearCandidates, publishingGap, RATE_SPAN_MS, windowOf } from '../rules.ts';
import type { StoredItemRef } from '../store.ts';
import { stmt, type Db } from './db.ts';
import type { HeldSearchWrites } from './held-search-writes.ts';

/** The stored items of one source among these keys: one indexed lookup a key, in one statement's loop. */
export function findItemsByKeys(db: Db, sourceId: string, itemKeys: readonly string[]): Map<string, StoredItemRef> {
  const lookup = stmt<[string, string], StoredItemRef>(
    db,
    'SELECT id, story_id AS storyId, content_hash AS contentHash FROM items WHERE source_id = ? AND item_key = ?',
  );
  const found = new Map<string, StoredItemRef>();
  for (const key of itemKeys) {
    const row = lookup.get(sourceId, key);
    if (row) found.set(key, row);
  }
  return found;
}

const CANDIDATE_COLUMNS = `i.id AS itemId, i.story_id AS storyId, i.source_id AS sourceId, i.title, i.canonical_url AS canonicalUrl,
  i.title_key AS titleKey, i.fingerprint, i.snippet, i.published_at AS publishedAt`;

// EXACT_CANDIDATES is written into the SQL, not bound: SQLite re-prepares a statement whose LIMIT is a bound parameter
// every time it is bound (it plans with the value), which tripled the cost of these lookups when they find nothing.

/**
 * Stored items that share the new one's canonical URL, or its title key within the window: the candidates for the
 * certain rules. Index lookups, so the cost does not grow with the database.
 */
export function findExactCandidates(db: Db, f: DedupFeatures, publishedAt: string, windowMs: number): StoryCandidate[] {
  const found = new Map<number, StoryCandidate>();
  const add = (rows: StoryCandidate[]) => {
    for (const r of rows) found.set(r.itemId, r);
  };
  if (f.canonicalUrl) {
    add(
      stmt<[string], StoryCandidate>(db, `SELECT ${CANDIDATE_COLUMNS} FROM items i WHERE i.canonical_url = ? LIMIT ${EXACT_CANDIDATES}`).all(
        f.canonicalUrl,
      ),
    );
  }
  const window = windowOf(publishedAt, windowMs);
  if (f.titleKey && window) {
    const { from, to } = window;
    add(
      stmt<[string, string, string], StoryCandidate>(
        db,
        // `title_key <> ''` repeats the partial index's condition: without it SQLite cannot use items_title_key and
        // scans every item, which made ingest cost grow with the database.
        `SELECT ${CANDIDATE_COLUMNS} FROM items i WHERE i.title_key = ? AND i.title_key <> '' AND i.published_at BETWEEN ? AND ? LIMIT ${EXACT_CANDIDATES}`,
      ).all(f.titleKey, from, to),
    );
  }
  return [...found.values()];
}

/** Stored items sharing fingerprint bands with the new one, published within the window, most shared bands first. */
export function findNearCandidates(db: Db, index: BandIndex, f: DedupFeatures, publishedAt: string, windowMs: number): StoryCandidate[] {
  const window = windowOf(publishedAt, windowMs);
  return f.bands.length && window ? byBands(db, index, f.bands, window.from, window.to) : [];
}

/** Items sharing fingerprint bands with the new one, most shared bands first. */
function byBands(db: Db, index: BandIndex, bands: readonly number[], from: string, to: string): StoryCandidate[] {
  const ranked = nearCandidates(index, bands);
  if (ranked.length === 0) return [];
  // Window first, on ids alone; then the columns the matcher reads, for the chosen few only. Turning a row's title and
  // snippet into JS strings is most of a candidate's cost, and half the ranked ids fall outside the window or the cut.
  const inWindow = new Set(
    stmt<[string, string, string], number>(
      db,
      'SELECT i.id FROM items i WHERE i.id IN (SELECT value FROM json_each(?)) AND i.published_at BETWEEN ? AND ?',
    )
      .pluck()
      .all(JSON.stringify(ranked), from, to),
  );
  const chosen = ranked.filter((id) => inWindow.has(id)).slice(0, BAND_CANDIDATES);
  if (chosen.length === 0) return [];
  const rank = new Map(chosen.map((id, i) => [id, i]));
  return stmt<[string], StoryCandidate>(db, `SELECT ${CANDIDATE_COLUMNS} FROM items i WHERE i.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(chosen))
    .sort((a, b) => rank.get(a.itemId)! - rank.get(b.itemId)!);
}

/** Store a new item; its search entry is held (held-search-writes.ts) and written before the transaction commits. */
export function insertItem(
  db: Db,
  search: HeldSearchWrites,
  item: NormalisedItem,
  storyId: number,
  features: DedupFeatures,
  match: StoryMatch | null,
): number {
  const { lastInsertRowid } = stmt(
    db,
    `INSERT INTO items (source_id, item_key, story_id, url, canonical_url, title, summary, content_html, author,
       published_at, date_flag, updated_at, first_seen_at, categories, enclosures, content_hash, title_key, fingerprint,
       snippet, match_rule, match_similarity, matched_item_id)
     VALUES (@sourceId, @itemKey, @storyId, @url, @canonicalUrl, @title, @summary, @contentHtml, @author,
       @publishedAt, @dateFlag, @updatedAt, @firstSeenAt, @categories, @enclosures, @contentHash, @titleKey, @fingerprint,
       @snippet, @matchRule, @matchSimilarity, @matchedItemId)`,
  ).run({
    ...itemColumns(item),
    ...featureColumns(features),
    sourceId: item.sourceId,
    itemKey: item.itemKey,
    storyId,
    firstSeenAt: item.firstSeenAt,
    matchRule: match?.rule ?? null,
    matchSimilarity: match?.similarity ?? null,
    matchedItemId: match?.matchedItemId ?? null,
  });
  const id = Number(lastInsertRowid);
  search.add(id, item.title, item.text);
  return id;
}

export function storedContentHtml(db: Db, id: number): string | null {
  return stmt<[number], string | null>(db, 'SELECT content_html FROM items WHERE id = ?').pluck().get(id) ?? null;
}

/**
 * An item its feed changed: update what readers see and the keys later items are matched against; keep its
 * identity, story and first-seen time. The caller decides the body (ingest keeps a scraped item's article body when
 * its list entry is edited).
 */
export function updateItem(db: Db, search: HeldSearchWrites, id: number, item: NormalisedItem, features: DedupFeatures): void {
  stmt(
    db,
    `UPDATE items SET url = @url, title = @title, summary = @summary, content_html = @contentHtml, author = @author,
       published_at = @publishedAt, date_flag = @dateFlag, updated_at = @updatedAt, categories = @categories,
       enclosures = @enclosures, content_hash = @contentHash, canonical_url = @canonicalUrl, title_key = @titleKey,
       fingerprint = @fingerprint, snippet = @snippet WHERE id = @id`,
  ).run({ ...itemColumns(item), ...featureColumns(features), id });
  search.replace(id, item.title, item.text);
}

/**
 * A stored item whose plain text is derived anew (src/pipeline/reindex-text.ts): its search entry and the dedup keys
 * taken from the text. What readers see, its story and its tags stay.
 */
export function updateItemText(db: Db, search: HeldSearchWrites, id: number, title: string, text: string, features: DedupFeatures): void {
  stmt(db, 'UPDATE items SET fingerprint = ?, snippet = ? WHERE id = ?').run(features.fingerprint, features.snippet, id);
  search.replace(id, title, text);
}

export function addSearchEntry(db: Db, id: number, title: string, text: string): void {
  stmt(db, 'INSERT INTO items_fts (rowid, title, body) VALUES (?, ?, ?)').run(id, title, text);
}

export function replaceSearchEntry(db: Db, id: number, title: string, text: string): void {
  stmt(db, 'DELETE FROM items_fts WHERE rowid = ?').run(id);
  addSearchEntry(db, id, title, text);
}

function featureColumns(f: DedupFeatures) {
  return { canonicalUrl: f.canonicalUrl, titleKey: f.titleKey, fingerprint: f.fingerprint, snippet: f.snippet };
}

function itemColumns(item: NormalisedItem) {
  return {
    url: item.url,
    title: item.title,
    summary: item.summary,
    contentHtml: item.contentHtml,
    author: item.author,
    publishedAt: item.publishedAt,
    dateFlag: item.dateFlag,
    updatedAt: item.updatedAt,
    categories: JSON.stringify(item.categories),
    enclosures: JSON.stringify(item.enclosures),
    contentHash: item.contentHash,
  };
}

/** The typical gap between a source's items (rules.ts publishingGap), from its stored items. */
export function publishingGapMs(db: Db, sourceId: string, now: Date): number | null {
  const weekAgo = new Date(now.getTime() - RATE_SPAN_MS).toISOString();
  const row = stmt<[string, string], { followedSince: string | null; lastWeek: number | null }>(
    db,
    'SELECT min(first_seen_at) AS followedSince, sum(published_at >= ?) AS lastWeek FROM items WHERE source_id = ?',
  ).get(weekAgo, sourceId);
  return publishingGap(row?.followedSince ?? null, row?.lastWeek ?? 0, weekAgo);
}
