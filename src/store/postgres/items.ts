import type { DedupFeatures, StoryMatch } from '../../dedup/index.ts';
import type { NormalisedItem } from '../../normalise/item.ts';
import type { StoredItemRef } from '../store.ts';
import { unnestRows, type Column, type Params } from './batch.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';
import { pgText, storedKeys } from './text.ts';

export interface KeysFound {
  stored: Map<string, StoredItemRef>;
  /** Keys retention removed (tombstones.ts). */
  tombstoned: Set<string>;
}

/**
 * The stored items of one source among these keys, and the keys among them that retention removed: what ingest asks
 * of each chunk before anything else, in one statement (a round trip costs more than both lookups).
 */
export async function findItemsByKeys(db: Queryable, sourceId: string, itemKeys: readonly string[]): Promise<KeysFound> {
  const found: KeysFound = { stored: new Map(), tombstoned: new Set() };
  if (itemKeys.length === 0) return found;
  const { keys, askedFor } = storedKeys(itemKeys);
  const { rows } = await db.query<{ itemKey: string; id: number | null; storyId: number; contentHash: string }>(
    prepared(
      'items-by-keys',
      `SELECT item_key AS "itemKey", id, story_id AS "storyId", content_hash AS "contentHash"
       FROM items WHERE source_id = $1 AND item_key = ANY($2::text[])
       UNION ALL
       SELECT item_key, NULL, NULL, NULL FROM tombstones WHERE source_id = $1 AND item_key = ANY($2::text[])`,
      [sourceId, keys],
    ),
  );
  for (const { itemKey, id, storyId, contentHash } of rows) {
    for (const key of askedFor.get(itemKey) ?? []) {
      if (id === null) found.tombstoned.add(key);
      else found.stored.set(key, { id, storyId, contentHash });
    }
  }
  return found;
}

export async function storedContentHtml(db: Queryable, id: number): Promise<string | null> {
  const { rows } = await db.query<{ contentHtml: string | null }>(
    prepared('stored-content-html', 'SELECT content_html AS "contentHtml" FROM items WHERE id = $1', [id]),
  );
  return rows[0]?.contentHtml ?? null;
}

/** What an edit replaces: what readers see, and the keys later items are matched against. */
export interface ItemContent {
  url: string | null;
  title: string;
  summary: string | null;
  content_html: string | null;
  author: string | null;
  published_at: string;
  date_flag: string | null;
  updated_at: string | null;
  categories: string;
  enclosures: string;
  content_hash: string;
  canonical_url: string | null;
  title_key: string;
  fingerprint: string;
  snippet: string;
}

/** A new item's row: its content, identity, story, first-seen time and how it was matched. */
export interface ItemRow extends ItemContent {
  id: number;
  source_id: string;
  item_key: string;
  story_id: number;
  first_seen_at: string;
  match_rule: string | null;
  match_similarity: number | null;
  matched_item_id: number | null;
}

/** The keys taken from an item's text (reindex-text.ts re-derives them). */
export interface ItemTextKeys {
  id: number;
  fingerprint: string;
  snippet: string;
}

const CONTENT_COLUMNS: readonly Column<ItemContent>[] = [
  ['url', 'text'],
  ['title', 'text'],
  ['summary', 'text'],
  ['content_html', 'text'],
  ['author', 'text'],
  ['published_at', 'text'],
  ['date_flag', 'text'],
  ['updated_at', 'text'],
  ['categories', 'text'],
  ['enclosures', 'text'],
  ['content_hash', 'text'],
  ['canonical_url', 'text'],
  ['title_key', 'text'],
  ['fingerprint', 'text'],
  ['snippet', 'text'],
];

const ROW_COLUMNS: readonly Column<ItemRow>[] = [
  ['id', 'bigint'],
  ['source_id', 'text'],
  ['item_key', 'text'],
  ['story_id', 'bigint'],
  ['first_seen_at', 'text'],
  ['match_rule', 'text'],
  ['match_similarity', 'float8'],
  ['matched_item_id', 'bigint'],
  ...CONTENT_COLUMNS,
];

/** The columns a reader sees and the match keys, as stored: lists as JSON text (as in SQLite), no U+0000 (text.ts). */
export function itemContent(item: NormalisedItem, features: DedupFeatures): ItemContent {
  return {
    url: pgText(item.url),
    title: pgText(item.title),
    summary: pgText(item.summary),
    content_html: pgText(item.contentHtml),
    author: pgText(item.author),
    published_at: item.publishedAt,
    date_flag: item.dateFlag,
    updated_at: item.updatedAt,
    categories: JSON.stringify(item.categories),
    enclosures: JSON.stringify(item.enclosures),
    content_hash: item.contentHash,
    canonical_url: pgText(features.canonicalUrl),
    title_key: pgText(features.titleKey),
    fingerprint: features.fingerprint,
    snippet: pgText(features.snippet),
  };
}

export function itemRow(id: number, item: NormalisedItem, storyId: number, features: DedupFeatures, match: StoryMatch | null): ItemRow {
  return {
    id,
    source_id: item.sourceId,
    item_key: pgText(item.itemKey),
    story_id: storyId,
    first_seen_at: item.firstSeenAt,
    match_rule: match?.rule ?? null,
    match_similarity: match?.similarity ?? null,
    matched_item_id: match?.matchedItemId ?? null,
    ...itemContent(item, features),
  };
}

/**
 * The writes of items as data-modifying CTEs (pending.ts): new rows inserted under the ids reserved for them; edited
 * items' content replaced, their identity, story and first-seen time kept; re-indexed items' text keys replaced. An
 * item is in one list at most: two changes to one row cannot share a statement.
 */
export function itemWrites(
  p: Params,
  added: readonly ItemRow[],
  edited: readonly (ItemContent & { id: number })[],
  reindexed: readonly ItemTextKeys[],
): string[] {
  const set = (columns: readonly string[]) => columns.map((c) => `${c} = e.${c}`).join(', ');
  const content = CONTENT_COLUMNS.map(([name]) => name);
  return [
    `items_added AS (INSERT INTO items (${ROW_COLUMNS.map(([name]) => name).join(', ')}) SELECT * FROM ${unnestRows(p, 'a', ROW_COLUMNS, added)})`,
    `items_edited AS (UPDATE items i SET ${set(content)}
       FROM ${unnestRows(p, 'e', [['id', 'bigint'], ...CONTENT_COLUMNS] as const, edited)} WHERE i.id = e.id)`,
    `items_reindexed AS (UPDATE items i SET ${set(['fingerprint', 'snippet'])}
       FROM ${unnestRows(p, 'e', [['id', 'bigint'], ['fingerprint', 'text'], ['snippet', 'text']] as const, reindexed)} WHERE i.id = e.id)`,
  ];
}
