import { publishingGap, RATE_SPAN_MS } from '../rules.ts';
import type { FailureRecord, SourceState, SuccessRecord } from '../store.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';
import { pgText, storedKeys } from './text.ts';

/** A `sources` row as read, columns renamed to SourceState's fields. */
const STATE_COLUMNS = `s.id, s.etag, s.last_modified AS "lastModified", s.charset, s.feed_title AS "feedTitle",
  s.last_fetch_at AS "lastFetchAt", s.last_success_at AS "lastSuccessAt", s.last_error AS "lastError",
  s.consecutive_failures AS "consecutiveFailures", s.next_fetch_at AS "nextFetchAt", s.permanent_redirect AS "permanentRedirect"`;

/** What huiju remembers about fetching one source; a source never fetched has nothing remembered. */
export async function getSourceState(db: Queryable, id: string): Promise<SourceState> {
  const { rows } = await db.query<SourceState>(
    prepared('source-state', `SELECT ${STATE_COLUMNS} FROM sources s WHERE s.id = $1`, [id]),
  );
  return rows[0] ?? blankSourceState(id);
}

/** A source never fetched: nothing remembered. */
export function blankSourceState(id: string): SourceState {
  return {
    id,
    etag: null,
    lastModified: null,
    charset: null,
    feedTitle: null,
    lastFetchAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    nextFetchAt: null,
    permanentRedirect: null,
  };
}

export async function listSourceStates(db: Queryable): Promise<Map<string, SourceState & { itemCount: number }>> {
  const { rows } = await db.query<SourceState & { itemCount: number }>(
    `SELECT ${STATE_COLUMNS}, (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS "itemCount" FROM sources s`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * A fetch that worked: the failure count resets. Validators, charset and title are replaced only when a document was
 * received (not on a 304), and a document without a title keeps the one remembered.
 */
export async function recordSuccess(db: Queryable, id: string, rec: SuccessRecord): Promise<void> {
  const d = rec.document;
  await db.query(
    prepared(
      'record-success',
      `INSERT INTO sources AS s (id, etag, last_modified, charset, feed_title, last_fetch_at, last_success_at, last_error,
                                consecutive_failures, next_fetch_at, permanent_redirect)
       VALUES ($1, $2, $3, $4, $5, $6, $6, NULL, 0, $7, $8)
       ON CONFLICT (id) DO UPDATE SET
         etag = CASE WHEN $9::boolean THEN $2 ELSE s.etag END,
         last_modified = CASE WHEN $9::boolean THEN $3 ELSE s.last_modified END,
         charset = CASE WHEN $9::boolean THEN $4 ELSE s.charset END,
         feed_title = CASE WHEN $9::boolean THEN coalesce($5, s.feed_title) ELSE s.feed_title END,
         last_fetch_at = $6, last_success_at = $6, last_error = NULL, consecutive_failures = 0,
         next_fetch_at = $7, permanent_redirect = $8`,
      [
        id,
        pgText(d?.etag ?? null),
        pgText(d?.lastModified ?? null),
        pgText(d?.charset ?? null),
        pgText(d?.feedTitle ?? null),
        rec.at,
        rec.nextFetchAt,
        pgText(rec.permanentRedirect),
        d !== undefined,
      ],
    ),
  );
}

export async function recordFailure(db: Queryable, id: string, rec: FailureRecord): Promise<void> {
  await db.query(
    prepared(
      'record-failure',
      `INSERT INTO sources AS s (id, last_fetch_at, last_error, consecutive_failures, next_fetch_at)
       VALUES ($1, $2, $3, 1, $4)
       ON CONFLICT (id) DO UPDATE SET last_fetch_at = $2, last_error = $3,
         consecutive_failures = s.consecutive_failures + 1, next_fetch_at = $4`,
      [id, rec.at, pgText(rec.error), rec.nextFetchAt],
    ),
  );
}

/** The typical gap between a source's items (rules.ts publishingGap), from its stored items. */
export async function publishingGapMs(db: Queryable, sourceId: string, now: Date): Promise<number | null> {
  const weekAgo = new Date(now.getTime() - RATE_SPAN_MS).toISOString();
  const { rows } = await db.query<{ followedSince: string | null; lastWeek: number }>(
    `SELECT min(first_seen_at) AS "followedSince", count(*) FILTER (WHERE published_at >= $1) AS "lastWeek"
     FROM items WHERE source_id = $2`,
    [weekAgo, sourceId],
  );
  return publishingGap(rows[0]?.followedSince ?? null, rows[0]?.lastWeek ?? 0, weekAgo);
}

/** Which of these item keys a source already has stored: one statement for the batch. */
export async function storedItemKeys(db: Queryable, sourceId: string, itemKeys: readonly string[]): Promise<Set<string>> {
  if (itemKeys.length === 0) return new Set();
  const { keys, askedFor } = storedKeys(itemKeys);
  const { rows } = await db.query<{ itemKey: string }>(
    'SELECT item_key AS "itemKey" FROM items WHERE source_id = $1 AND item_key = ANY($2::text[])',
    [sourceId, keys],
  );
  return new Set(rows.flatMap((r) => askedFor.get(r.itemKey) ?? []));
}
