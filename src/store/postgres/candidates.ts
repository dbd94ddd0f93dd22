import type { DedupFeatures, StoryCandidate } from '../../dedup/index.ts';
import type { BandIndex } from '../band-index.ts';
import { BAND_CANDIDATES, EXACT_CANDIDATES, nearCandidates, windowOf } from '../rules.ts';
import type { CandidateRequest, StoredCandidates } from '../store.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';
import { pgText } from './text.ts';

/** What the matcher reads of a stored item. Quoted aliases: PostgreSQL folds unquoted names to lower case. */
const CANDIDATE_COLUMNS = `i.id AS "itemId", i.story_id AS "storyId", i.source_id AS "sourceId", i.title,
  i.canonical_url AS "canonicalUrl", i.title_key AS "titleKey", i.fingerprint, i.snippet, i.published_at AS "publishedAt"`;
const CANDIDATE_FIELDS = ['itemId', 'storyId', 'sourceId', 'title', 'canonicalUrl', 'titleKey', 'fingerprint', 'snippet', 'publishedAt'];

/**
 * The stored candidates of every new item of a chunk (StoreTx.findCandidates) in one statement: a round trip costs
 * more than all the lookups. Each request gets what findExactCandidates and findNearCandidates below give it on its
 * own (tests/store/postgres-bulk.test.ts compares them): its exact candidates, URL matches first in id order, then
 * title matches within its window by date, each cut at EXACT_CANDIDATES; and its near candidates, its band-index ids
 * ranked here as there, kept when published within its window, the best BAND_CANDIDATES of them. The exact lookups go
 * through `unnest` of the chunk's keys and a LATERAL pair of index lookups a key; the near ones read the union of
 * every request's ranked ids once, and each request's window and cut are applied here.
 */
export async function findCandidates(
  db: Queryable,
  index: BandIndex,
  requests: readonly CandidateRequest[],
  windowMs: number,
): Promise<StoredCandidates[]> {
  const asks: { n: number; url: string | null; titleKey: string | null; from: string | null; to: string | null }[] = [];
  const ranked: { ids: number[]; from: string; to: string }[] = [];
  for (const [n, { features: f, publishedAt }] of requests.entries()) {
    const window = windowOf(publishedAt, windowMs);
    const titleKey = f.titleKey && window ? f.titleKey : null;
    if (f.canonicalUrl || titleKey) {
      const url = f.canonicalUrl && pgText(f.canonicalUrl);
      asks.push({ n, url, titleKey: titleKey && pgText(titleKey), from: window?.from ?? null, to: window?.to ?? null });
    }
    ranked[n] = { ids: f.bands.length && window ? nearCandidates(index, f.bands) : [], from: window?.from ?? '', to: window?.to ?? '' };
  }
  const near = [...new Set(ranked.flatMap((r) => r.ids))];
  const out: StoredCandidates[] = requests.map(() => ({ exact: [], near: [] }));
  if (asks.length === 0 && near.length === 0) return out;
  // `title_key <> ''` repeats the partial index's condition: the planner cannot infer it from a bound parameter. Rows
  // of the near lookup come with no request (n is null) and in no order.
  const { rows } = await db.query<StoryCandidate & { n: number | null }>(
    prepared(
      'chunk-candidates',
      `SELECT c.* FROM (
         SELECT r.n, x.lookup, x.k, ${CANDIDATE_FIELDS.map((f) => `x."${f}"`).join(', ')}
         FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(n, url, title_key, wfrom, wto)
         CROSS JOIN LATERAL (
           (SELECT 0 AS lookup, row_number() OVER (ORDER BY i.id) AS k, ${CANDIDATE_COLUMNS}
            FROM items i WHERE i.canonical_url = r.url ORDER BY i.id LIMIT ${EXACT_CANDIDATES})
           UNION ALL
           (SELECT 1, row_number() OVER (ORDER BY i.published_at, i.id), ${CANDIDATE_COLUMNS}
            FROM items i WHERE i.title_key = r.title_key AND i.title_key <> '' AND i.published_at BETWEEN r.wfrom AND r.wto
            ORDER BY i.published_at, i.id LIMIT ${EXACT_CANDIDATES})
         ) x
         UNION ALL
         SELECT NULL, 2, 0, ${CANDIDATE_COLUMNS} FROM items i WHERE i.id = ANY($6::bigint[])
       ) c ORDER BY c.n, c.lookup, c.k`,
      [asks.map((a) => a.n), asks.map((a) => a.url), asks.map((a) => a.titleKey), asks.map((a) => a.from), asks.map((a) => a.to), near],
    ),
  );
  const exact = requests.map(() => new Map<number, StoryCandidate>());
  const byId = new Map<number, StoryCandidate>();
  for (const { n, lookup: _, k: __, ...candidate } of rows as (StoryCandidate & { n: number | null; lookup: number; k: number })[]) {
    if (n === null) byId.set(candidate.itemId, candidate);
    else if (!exact[n]!.has(candidate.itemId)) exact[n]!.set(candidate.itemId, candidate);
  }
  for (const [n, r] of ranked.entries()) {
    out[n]!.exact = [...exact[n]!.values()];
    const chosen: StoryCandidate[] = [];
    for (const id of r.ids) {
      const c = byId.get(id);
      if (c && c.publishedAt >= r.from && c.publishedAt <= r.to) chosen.push({ ...c });
      if (chosen.length === BAND_CANDIDATES) break;
    }
    out[n]!.near = chosen;
  }
  return out;
}

/**
 * One request at a time, as each item was once looked up: the reference the chunk's lookups above are tested
 * against (tests/store/postgres-bulk.test.ts).
 *
 * Stored items that share the new one's canonical URL, or its title key within the window: the candidates for the
 * certain rules. Index lookups, so the cost does not grow with the database. Both lookups go in one statement (a round
 * trip costs more than either), each cut at EXACT_CANDIDATES in the order SQLite reads its indexes in, URL matches
 * first: both engines judge the same rows in the same order.
 */
export async function findExactCandidates(db: Queryable, f: DedupFeatures, publishedAt: string, windowMs: number): Promise<StoryCandidate[]> {
  const window = windowOf(publishedAt, windowMs);
  const titleKey = f.titleKey && window ? f.titleKey : null;
  if (!f.canonicalUrl && !titleKey) return [];
  // `title_key <> ''` repeats the partial index's condition: the planner cannot infer it from a bound parameter.
  const { rows } = await db.query<StoryCandidate>(
    prepared(
      'exact-candidates',
      `SELECT c.* FROM (
         (SELECT 0 AS lookup, row_number() OVER (ORDER BY i.id) AS n, ${CANDIDATE_COLUMNS}
          FROM items i WHERE i.canonical_url = $1::text ORDER BY i.id LIMIT ${EXACT_CANDIDATES})
         UNION ALL
         (SELECT 1, row_number() OVER (ORDER BY i.published_at, i.id), ${CANDIDATE_COLUMNS}
          FROM items i WHERE i.title_key = $2::text AND i.title_key <> '' AND i.published_at BETWEEN $3::text AND $4::text
          ORDER BY i.published_at, i.id LIMIT ${EXACT_CANDIDATES})
       ) c ORDER BY c.lookup, c.n`,
      [f.canonicalUrl, titleKey, window?.from ?? null, window?.to ?? null],
    ),
  );
  const found = new Map<number, StoryCandidate>();
  for (const { lookup: _, n: __, ...candidate } of rows as (StoryCandidate & { lookup: number; n: number })[]) found.set(candidate.itemId, candidate);
  return [...found.values()];
}

/** Stored items sharing fingerprint bands with the new one, published within the window, most shared bands first. */
export async function findNearCandidates(
  db: Queryable,
  index: BandIndex,
  f: DedupFeatures,
  publishedAt: string,
  windowMs: number,
): Promise<StoryCandidate[]> {
  const window = windowOf(publishedAt, windowMs);
  if (!f.bands.length || !window) return [];
  const ranked = nearCandidates(index, f.bands);
  if (ranked.length === 0) return [];
  // SQLite's byBands in one statement: keep the ranked ids published within the window, take the best BAND_CANDIDATES
  // of them by rank, read only those rows' columns. SQLite splits this in two to skip decoding unchosen rows; here a
  // second round trip to the server would cost more than the rows it saves.
  const { rows } = await db.query<StoryCandidate>(
    prepared(
      'near-candidates',
      `SELECT ${CANDIDATE_COLUMNS}
       FROM unnest($1::bigint[]) WITH ORDINALITY AS r(id, rank) JOIN items i ON i.id = r.id
       WHERE i.published_at BETWEEN $2 AND $3
       ORDER BY r.rank LIMIT ${BAND_CANDIDATES}`,
      [ranked, window.from, window.to],
    ),
  );
  return rows;
}
