import type pg from 'pg';
import { searchGrams } from './search-grams.ts';

/**
 * The search index: each item's character pairs (src/store/postgres/search-grams.ts), computed here at write time, as
 * a `tsvector` under a GIN index. Why this and not pg_trgm, and why a table of its own: docs/search-postgres.md.
 * Applied once by migration 1, after `item_search (item_id, title, body)` is created.
 *
 * The grams live beside item_search rather than in it: a search reads the row of every copy the index matches to
 * learn its id, and these rows are far narrower. fastupdate is off: a pending list makes writes cheaper, but every
 * search scans all of it until VACUUM merges it, and a common term then took seconds (docs/search-postgres.md).
 */
export const SEARCH_INDEX_DDL = `
CREATE TABLE item_grams (
  item_id bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  grams tsvector NOT NULL
);
CREATE INDEX item_grams_gin ON item_grams USING gin (grams) WITH (fastupdate = off);
`;

/** Store (or replace) an item's search entry: the plain text snippets are cut from, and its grams. */
export async function writeSearchEntry(db: pg.PoolClient | pg.Pool, itemId: number, title: string, text: string): Promise<void> {
  await db.query({
    name: 'huiju-write-search-entry',
    text: `WITH entry AS (
             INSERT INTO item_search (item_id, title, body) VALUES ($1, $2, $3)
             ON CONFLICT (item_id) DO UPDATE SET title = excluded.title, body = excluded.body)
           INSERT INTO item_grams (item_id, grams) VALUES ($1, array_to_tsvector($4::text[]))
           ON CONFLICT (item_id) DO UPDATE SET grams = excluded.grams`,
    values: [itemId, title, text, searchGrams(title, text)],
  });
}
