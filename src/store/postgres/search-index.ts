import { Params, unnestRows } from './batch.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';
import { searchGrams } from './search-grams.ts';

/**
 * The search index: each item's character pairs (src/store/postgres/search-grams.ts), computed here at write time, as
 * a `tsvector` under a GIN index. Why this and not pg_trgm, and why a table of its own: docs/search-postgres.md.
 * Applied once by migration 1, after `item_search (item_id, title, body)` is created.
 *
 * The grams live beside item_search rather than in it: a search reads the row of every copy the index matches to
 * learn its id, and these rows are far narrower.
 *
 * Since migration 9 the index keeps a pending list (fastupdate), and the store moves it into the index as soon as
 * each transaction that wrote search entries has committed (`MERGE_PENDING_SEARCH_ENTRIES`). Entered one by one, an item's
 * ~700 grams are ~700 descents of the index; merged in bulk, a transaction's items share their grams' descents. A
 * search scans whatever is pending, so it is never left to grow until VACUUM (a common term then took seconds):
 * docs/search-postgres.md, "Writing".
 */
export const SEARCH_GIN_INDEX = 'item_grams_gin';
/** As migration 1 created it: a shipped migration never changes (migrations.ts). */
export const SEARCH_GIN_DDL_V1 = `CREATE INDEX ${SEARCH_GIN_INDEX} ON item_grams USING gin (grams) WITH (fastupdate = off);`;
/** The index as it is now (migration 9), for a copy that builds it afresh. */
export const SEARCH_GIN_DDL = `CREATE INDEX ${SEARCH_GIN_INDEX} ON item_grams USING gin (grams) WITH (fastupdate = on);`;
/** Migration 9: a pending list, merged after each commit that wrote to it. */
export const SEARCH_GIN_PENDING_DDL = `ALTER INDEX IF EXISTS ${SEARCH_GIN_INDEX} SET (fastupdate = on);`;
export const SEARCH_INDEX_DDL = `
CREATE TABLE item_grams (
  item_id bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  grams tsvector NOT NULL
);
${SEARCH_GIN_DDL_V1}
`;

export interface SearchEntry {
  itemId: number;
  /** The indexed title and plain text, as stored (see text.ts pgText). */
  title: string;
  body: string;
}

/**
 * Store (or replace) search entries, as data-modifying CTEs of a statement that may write more (pending.ts writes a
 * transaction's items and their entries in one): the plain text snippets are cut from, and its grams. One entry an
 * item. The grams go as one string an item, space-separated (a gram is letters and digits only).
 */
export function searchEntryWrites(p: Params, entries: readonly SearchEntry[]): string[] {
  const rows = entries.map((e) => ({ item_id: e.itemId, title: e.title, body: e.body, grams: searchGrams(e.title, e.body).join(' ') }));
  const columns = [['item_id', 'bigint'], ['title', 'text'], ['body', 'text'], ['grams', 'text']] as const;
  return [
    `search_rows AS (SELECT * FROM ${unnestRows(p, 'e', columns, rows)})`,
    `search_text AS (INSERT INTO item_search (item_id, title, body) SELECT item_id, title, body FROM search_rows
       ON CONFLICT (item_id) DO UPDATE SET title = excluded.title, body = excluded.body)`,
    `search_grams AS (INSERT INTO item_grams (item_id, grams) SELECT item_id, array_to_tsvector(string_to_array(grams, ' ')) FROM search_rows
       ON CONFLICT (item_id) DO UPDATE SET grams = excluded.grams)`,
  ];
}

/** Store (or replace) these items' search entries in one statement. */
export async function writeSearchEntries(db: Queryable, entries: readonly SearchEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const p = new Params();
  await db.query(prepared('write-search-entries', `WITH ${searchEntryWrites(p, entries).join(',\n')} SELECT 1`, p.values));
}

/** One item's search entry (bench/pg-search.ts). */
export function writeSearchEntry(db: Queryable, itemId: number, title: string, body: string): Promise<void> {
  return writeSearchEntries(db, [{ itemId, title, body }]);
}

/**
 * Move the entries waiting in the index's pending list into the index, in bulk. Sent after COMMIT in the same message
 * (a round trip costs more than the statement), so it runs in a transaction of its own: a search between the two still
 * finds the entries (it reads the pending list too), and a crash between them leaves them for the next merge or for
 * autovacuum. Only the index's owner (or a superuser) may merge; for any other role it does nothing, and autovacuum
 * merges instead.
 */
export const MERGE_PENDING_SEARCH_ENTRIES = `DO $$ BEGIN PERFORM gin_clean_pending_list('${SEARCH_GIN_INDEX}'::regclass);
  EXCEPTION WHEN insufficient_privilege THEN NULL; END $$`;
