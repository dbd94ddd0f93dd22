import type { FailureRecord, SourceState, SuccessRecord } from '../store.ts';
import { stmt, type Db } from './db.ts';

interface Row {
  id: string;
  etag: string | null;
  last_modified: string | null;
  charset: string | null;
  feed_title: string | null;
  last_fetch_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  next_fetch_at: string | null;
  permanent_redirect: string | null;
}

function fromRow(r: Row): SourceState {
  return {
    id: r.id,
    etag: r.etag,
    lastModified: r.last_modified,
    charset: r.charset,
    feedTitle: r.feed_title,
    lastFetchAt: r.last_fetch_at,
    lastSuccessAt: r.last_success_at,
    lastError: r.last_error,
    consecutiveFailures: r.consecutive_failures,
    nextFetchAt: r.next_fetch_at,
    permanentRedirect: r.permanent_redirect,
  };
}

export function getSourceState(db: Db, id: string): SourceState {
  const row = stmt<[string], Row>(db, 'SELECT * FROM sources WHERE id = ?').get(id);
  return row ? fromRow(row) : fromRow({
    id,
    etag: null,
    last_modified: null,
    charset: null,
    feed_title: null,
    last_fetch_at: null,
    last_success_at: null,
    last_error: null,
    consecutive_failures: 0,
    next_fetch_at: null,
    permanent_redirect: null,
  });
}

export function listSourceStates(db: Db): Map<string, SourceState & { itemCount: number }> {
  const rows = stmt<[], Row & { item_count: number }>(
    db,
    `SELECT s.*, (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS item_count FROM sources s`,
  ).all();
  return new Map(rows.map((r) => [r.id, { ...fromRow(r), itemCount: r.item_count }]));
}

export function recordSuccess(db: Db, id: string, rec: SuccessRecord): void {
  const d = rec.document;
  stmt(
    db,
    `INSERT INTO sources (id, etag, last_modified, charset, feed_title, last_fetch_at, last_success_at, last_error,
                          consecutive_failures, next_fetch_at, permanent_redirect)
     VALUES (@id, @etag, @lastModified, @charset, @feedTitle, @at, @at, NULL, 0, @nextFetchAt, @permanentRedirect)
     ON CONFLICT(id) DO UPDATE SET
       etag = CASE WHEN @hasDoc THEN @etag ELSE etag END,
       last_modified = CASE WHEN @hasDoc THEN @lastModified ELSE last_modified END,
       charset = CASE WHEN @hasDoc THEN @charset ELSE charset END,
       feed_title = CASE WHEN @hasDoc THEN coalesce(@feedTitle, feed_title) ELSE feed_title END,
       last_fetch_at = @at, last_success_at = @at, last_error = NULL, consecutive_failures = 0,
       next_fetch_at = @nextFetchAt, permanent_redirect = @permanentRedirect`,
  ).run({
    id,
    at: rec.at,
    nextFetchAt: rec.nextFetchAt,
    permanentRedirect: rec.permanentRedirect,
    hasDoc: d ? 1 : 0,
    etag: d?.etag ?? null,
    lastModified: d?.lastModified ?? null,
    charset: d?.charset ?? null,
    feedTitle: d?.feedTitle ?? null,
  });
}

export function recordFailure(db: Db, id: string, rec: FailureRecord): void {
  stmt(
    db,
    `INSERT INTO sources (id, last_fetch_at, last_error, consecutive_failures, next_fetch_at)
     VALUES (@id, @at, @error, 1, @nextFetchAt)
     ON CONFLICT(id) DO UPDATE SET last_fetch_at = @at, last_error = @error,
       consecutive_failures = consecutive_failures + 1, next_fetch_at = @nextFetchAt`,
  ).run({ id, ...rec });
}

/** Which of these item keys a source already has stored. */
export function storedItemKeys(db: Db, sourceId: string, itemKeys: readonly string[]): Set<string> {
  const has = stmt<[string, string], number>(db, 'SELECT 1 FROM items WHERE source_id = ? AND item_key = ?').pluck();
  return new Set(itemKeys.filter((key) => has.get(sourceId, key) !== undefined));
}
