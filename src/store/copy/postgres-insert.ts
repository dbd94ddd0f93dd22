import type pg from 'pg';
import { writeSearchEntries } from '../postgres/search-index.ts';
import { pgText } from '../postgres/text.ts';
import {
  ITEM_COLUMNS,
  ITEM_TAG_COLUMNS,
  SOURCE_COLUMNS,
  STORY_COLUMNS,
  STORY_TAG_COLUMNS,
  TOMBSTONE_COLUMNS,
  type DigestRow,
  type ItemBatch,
  type MetaRow,
  type Row,
  type SourceRow,
  type StoryBatch,
  type TombstoneRow,
} from './rows.ts';

/** The PostgreSQL type of each column that is not `text` (but `sources.id`), for the arrays a batch is sent as. */
const TYPES: Record<string, string> = {
  id: 'bigint',
  story_id: 'bigint',
  item_id: 'bigint',
  representative_item_id: 'bigint',
  matched_item_id: 'bigint',
  item_count: 'integer',
  consecutive_failures: 'integer',
  score: 'double precision',
  match_similarity: 'double precision',
};

/** A row of another database where this one has its own: the copy stops rather than mix the two. */
export class ForeignRowError extends Error {}

/**
 * Insert rows as one statement, whatever their number: each column sent as one array and zipped back into rows by
 * `unnest`. Rows whose key is already there are left as they are. Says how many went in, and their ids when asked.
 */
async function insertRows<C extends readonly string[]>(
  client: pg.PoolClient,
  table: string,
  columns: C,
  rows: readonly Row<C>[],
  returnIds = false,
): Promise<{ count: number; ids: Set<number> }> {
  if (rows.length === 0) return { count: 0, ids: new Set() };
  const { casts, arrays } = columnArrays(table, columns, rows);
  const res = await client.query<{ id: number }>(
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${casts})
     ON CONFLICT DO NOTHING${returnIds ? ' RETURNING id' : ''}`,
    arrays,
  );
  return { count: res.rowCount ?? 0, ids: new Set(res.rows.map((r) => Number(r.id))) };
}

/** Rows as one array a column, and the typed parameters `unnest` reads them from. */
function columnArrays<C extends readonly string[]>(table: string, columns: C, rows: readonly Row<C>[]): { casts: string; arrays: unknown[] } {
  const typeOf = (column: string) => (table === 'sources' && column === 'id' ? 'text' : (TYPES[column] ?? 'text'));
  return {
    casts: columns.map((c, i) => `$${i + 1}::${typeOf(c)}[]`).join(', '),
    arrays: columns.map((c) => rows.map((r) => clean(r[c as C[number]]))),
  };
}

/** PostgreSQL text cannot hold U+0000, which SQLite stores: dropped, as huiju's PostgreSQL engine drops it on ingest. */
function clean(v: string | number | null): string | number | null {
  return typeof v === 'string' ? pgText(v) : v;
}

/**
 * Rows the target already had under these ids must be the rows being copied (a copy resumed, or run again): anything
 * else is another database's data, and the batch is rolled back.
 */
async function checkKept(
  client: pg.PoolClient,
  table: 'stories' | 'items',
  wanted: ReadonlyMap<number, string>,
  inserted: ReadonlySet<number>,
  location: string,
  from: string,
): Promise<void> {
  const kept = [...wanted.keys()].filter((id) => !inserted.has(id));
  if (kept.length === 0) return;
  const identity = table === 'stories' ? 'guid' : `source_id || E'\\t' || item_key`;
  const { rows } = await client.query<{ id: number; identity: string }>(
    `SELECT id, ${identity} AS identity FROM ${table} WHERE id = ANY($1::bigint[])`,
    [kept],
  );
  const there = new Map(rows.map((r) => [Number(r.id), r.identity]));
  for (const id of kept) {
    if (there.get(id) !== wanted.get(id)) {
      const what = table === 'stories' ? 'story' : 'item';
      const held = there.has(id) ? `its ${what} ${id} is not ${from}'s` : `it holds ${from}'s ${what} ${id} under another id`;
      throw new ForeignRowError(`${location} already holds other data (${held}): copy into an empty database`);
    }
  }
}

export async function insertSources(client: pg.PoolClient, rows: readonly SourceRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  // Source state changes with every fetch: the copy's is the file's, even over an earlier run's.
  const { casts, arrays } = columnArrays('sources', SOURCE_COLUMNS, rows);
  const set = SOURCE_COLUMNS.filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  await client.query(
    `INSERT INTO sources (${SOURCE_COLUMNS.join(', ')}) SELECT * FROM unnest(${casts}) ON CONFLICT (id) DO UPDATE SET ${set}`,
    arrays,
  );
  return rows.length;
}

/** Digests as published: one already in the target for its output and day stays (a digest never changes). */
export async function insertDigests(client: pg.PoolClient, rows: readonly DigestRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO digests (output_id, day, published_at, body) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (output_id, day) DO NOTHING`,
    [rows.map((r) => pgText(r.output_id)), rows.map((r) => pgText(r.day)), rows.map((r) => pgText(r.published_at)), rows.map((r) => pgText(r.body))],
  );
  return rowCount ?? 0;
}

export async function insertMeta(client: pg.PoolClient, rows: readonly MetaRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  await client.query(
    `INSERT INTO meta (key, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [rows.map((r) => pgText(r.key)), rows.map((r) => pgText(r.value))],
  );
  return rows.length;
}

export interface Inserted {
  rows: number;
  tags: number;
  search: number;
}

/** Stories with their tags, under their own ids (feed GUIDs and representative ids stay valid). */
export async function insertStories(client: pg.PoolClient, batch: StoryBatch, location: string, from: string): Promise<Inserted> {
  const stories = await insertRows(client, 'stories', STORY_COLUMNS, batch.stories, true);
  await checkKept(client, 'stories', new Map(batch.stories.map((s) => [s.id, pgText(s.guid)])), stories.ids, location, from);
  const tags = await insertRows(client, 'story_tags', STORY_TAG_COLUMNS, batch.tags);
  return { rows: stories.count, tags: tags.count, search: 0 };
}

/** Items with their tags and search entries, under their own ids (matched-item ids stay valid). */
export async function insertItems(client: pg.PoolClient, batch: ItemBatch, location: string, from: string): Promise<Inserted> {
  const items = await insertRows(client, 'items', ITEM_COLUMNS, batch.items, true);
  const identities = new Map(batch.items.map((i) => [i.id, `${pgText(i.source_id)}\t${pgText(i.item_key)}`]));
  await checkKept(client, 'items', identities, items.ids, location, from);
  const tags = await insertRows(client, 'item_tags', ITEM_TAG_COLUMNS, batch.tags);
  // The search entry is the engine's own (grams, not FTS5's trigrams): recomputed from the indexed title and text.
  await writeSearchEntries(client, batch.search.map((s) => ({ itemId: s.itemId, title: pgText(s.title), body: pgText(s.body) })));
  return { rows: items.count, tags: tags.count, search: batch.search.length };
}

export async function insertTombstones(client: pg.PoolClient, rows: readonly TombstoneRow[]): Promise<Inserted> {
  const { count } = await insertRows(client, 'tombstones', TOMBSTONE_COLUMNS, rows);
  return { rows: count, tags: 0, search: 0 };
}

/** Each id sequence past the highest id copied, so the next story or item PostgreSQL numbers does not collide. */
export async function advanceSequences(client: pg.PoolClient): Promise<void> {
  for (const table of ['stories', 'items']) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`,
    );
  }
}
