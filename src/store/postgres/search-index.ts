import type pg from 'pg';
import { searchVector } from './search-grams.ts';

/**
 * The search index on `item_search`: a `tsvector` of the item's character pairs (src/store/postgres/search-grams.ts),
 * computed here at write time, under a GIN index. Why this and not pg_trgm: docs/search-postgres.md. Applied once by
 * migration 1, after `item_search (item_id, title, body)` is created.
 */
export const SEARCH_INDEX_DDL = `
ALTER TABLE item_search ADD COLUMN grams tsvector NOT NULL;
CREATE INDEX item_search_grams ON item_search USING gin (grams);
`;

/** Store (or replace) an item's search entry: the plain text snippets are cut from, and its grams. */
export async function writeSearchEntry(db: pg.PoolClient | pg.Pool, itemId: number, title: string, text: string): Promise<void> {
  await db.query({
    name: 'huiju-write-search-entry',
    text: `INSERT INTO item_search (item_id, title, body, grams) VALUES ($1, $2, $3, $4::tsvector)
           ON CONFLICT (item_id) DO UPDATE SET title = excluded.title, body = excluded.body, grams = excluded.grams`,
    values: [itemId, title, text, searchVector(title, text)],
  });
}
