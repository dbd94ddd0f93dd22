/**
 * Rows as `huiju db copy` moves them: each table's columns as both engines name them (the schemas match step for step,
 * src/store/postgres/migrations.ts), values as stored. Nothing is derived on the way except an item's search entry,
 * which each engine indexes its own way.
 */

export const SOURCE_COLUMNS = [
  'id',
  'etag',
  'last_modified',
  'charset',
  'feed_title',
  'last_fetch_at',
  'last_success_at',
  'last_error',
  'consecutive_failures',
  'next_fetch_at',
  'permanent_redirect',
  'item_keying',
] as const;

export const STORY_COLUMNS = ['id', 'guid', 'representative_item_id', 'published_at', 'updated_at', 'item_count'] as const;

export const ITEM_COLUMNS = [
  'id',
  'source_id',
  'item_key',
  'story_id',
  'url',
  'canonical_url',
  'title',
  'summary',
  'content_html',
  'author',
  'published_at',
  'date_flag',
  'updated_at',
  'first_seen_at',
  'categories',
  'enclosures',
  'content_hash',
  'title_key',
  'fingerprint',
  'snippet',
  'match_rule',
  'match_similarity',
  'matched_item_id',
] as const;

export const ITEM_TAG_COLUMNS = ['item_id', 'tag', 'score', 'evidence'] as const;
export const STORY_TAG_COLUMNS = ['tag', 'story_id'] as const;
export const TOMBSTONE_COLUMNS = ['source_id', 'item_key', 'pruned_at'] as const;

type Value = string | number | null;
export type Row<C extends readonly string[]> = { [K in C[number]]: Value };

export type SourceRow = Row<typeof SOURCE_COLUMNS>;
export type StoryRow = Row<typeof STORY_COLUMNS> & { id: number; guid: string };
export type ItemRow = Row<typeof ITEM_COLUMNS> & { id: number; source_id: string; item_key: string };
export type ItemTagRow = Row<typeof ITEM_TAG_COLUMNS>;
export type StoryTagRow = Row<typeof STORY_TAG_COLUMNS>;
export type TombstoneRow = Row<typeof TOMBSTONE_COLUMNS> & { source_id: string; item_key: string };
export interface SearchRow {
  itemId: number;
  title: string;
  body: string;
}
export interface MetaRow {
  key: string;
  value: string;
}

/** A batch of stories with the tags they carry: copied in one transaction, so a story never lands without its tags. */
export interface StoryBatch {
  stories: StoryRow[];
  tags: StoryTagRow[];
}

/** A batch of items with their tags and search text: one transaction, so an item never lands half-indexed. */
export interface ItemBatch {
  items: ItemRow[];
  tags: ItemTagRow[];
  search: SearchRow[];
}

/**
 * Where a table's copy has got to: the last key copied, in the order the table is read. Ids for stories and items;
 * the primary key's columns for tombstones, which have no id.
 */
export type Cursor = readonly (string | number)[];

/** The tables copied in batches with a cursor, in the order foreign keys need. */
export const BATCHED = ['stories', 'items', 'tombstones'] as const;
export type BatchedTable = (typeof BATCHED)[number];
