import type { DedupFeatures, StoryCandidate } from '../../dedup/index.ts';
import type { BandIndex } from '../band-index.ts';
import { BAND_CANDIDATES, EXACT_CANDIDATES, rankBandCandidates, ROWS_PER_BAND, windowOf } from '../rules.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';

/** What the matcher reads of a stored item. Quoted aliases: PostgreSQL folds unquoted names to lower case. */
const CANDIDATE_COLUMNS = `i.id AS "itemId", i.story_id AS "storyId", i.source_id AS "sourceId", i.title,
  i.canonical_url AS "canonicalUrl", i.title_key AS "titleKey", i.fingerprint, i.snippet, i.published_at AS "publishedAt"`;

/**
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
  const shared = index.shared(f.bands, ROWS_PER_BAND);
  if (shared.size === 0) return [];
  const ranked = rankBandCandidates(shared);
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
