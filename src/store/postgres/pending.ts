import type pg from 'pg';
import type { TagMatch } from '../../tag/index.ts';
import { Params } from './batch.ts';
import { itemWrites, type ItemContent, type ItemRow, type ItemTextKeys } from './items.ts';
import { prepared } from './prepared.ts';
import { searchEntryWrites, type SearchEntry } from './search-index.ts';
import { storyWrites, type StoryRow } from './stories.ts';
import { itemTagWrites, type ItemTags } from './tags.ts';

/** Rows held at most before they are sent without waiting for a read or the commit (retag.ts tags thousands). */
const MAX_ROWS = 1000;
/** Characters of text held at most: a transaction re-indexing many long articles sends them before they pile up. */
const MAX_CHARS = 4_000_000;

/**
 * The writes of a transaction held back to be sent together: new stories and items (under ids reserved for them,
 * ids.ts), edits, re-indexed text, search entries and tags. A round trip to the server costs more than writing a row,
 * so a chunk of items is written in one statement, each table's rows by `unnest` of one array a column, all of them as
 * data-modifying CTEs: foreign keys are checked at the end of the statement, by when the rows they point to are in.
 *
 * A row changed twice is merged here, not sent twice: two changes to one row cannot share a statement (its CTEs all
 * see the rows as they were before it). PostgresTx sends what is held before any statement of its own, and the store
 * before COMMIT.
 */
export class PendingWrites {
  private readonly stories: StoryRow[] = [];
  private readonly added = new Map<number, ItemRow>();
  private readonly edited = new Map<number, ItemContent & { id: number }>();
  private readonly reindexed = new Map<number, ItemTextKeys>();
  private readonly search = new Map<number, SearchEntry>();
  private readonly tags = new Map<number, ItemTags>();
  private chars = 0;
  /** Whether a statement taken so far wrote search entries (the store then merges the index's pending list). */
  wroteSearch = false;

  addStory(row: StoryRow): void {
    this.stories.push(row);
  }

  addItem(row: ItemRow, searchText: string): void {
    this.added.set(row.id, row);
    this.setSearch({ itemId: row.id, title: row.title, body: searchText });
    this.chars += row.content_html?.length ?? 0;
  }

  /** A stored item edited, or one added by this transaction and not yet sent. */
  editItem(id: number, content: ItemContent, searchText: string): void {
    const added = this.added.get(id);
    if (added) Object.assign(added, content);
    else {
      this.edited.set(id, { id, ...content });
      this.reindexed.delete(id);
    }
    this.setSearch({ itemId: id, title: content.title, body: searchText });
    this.chars += content.content_html?.length ?? 0;
  }

  /** An item's text keys and search entry derived anew. */
  reindexItem(keys: ItemTextKeys, title: string, text: string): void {
    const row = this.added.get(keys.id) ?? this.edited.get(keys.id);
    if (row) {
      row.fingerprint = keys.fingerprint;
      row.snippet = keys.snippet;
    } else this.reindexed.set(keys.id, keys);
    this.setSearch({ itemId: keys.id, title, body: text });
  }

  setTags(itemId: number, matches: readonly TagMatch[], replace: boolean): void {
    this.tags.set(itemId, { itemId, matches, replace });
  }

  get empty(): boolean {
    return this.rows === 0;
  }

  /** Whether enough is held to send it now rather than hold more. */
  get full(): boolean {
    return this.rows >= MAX_ROWS || this.chars >= MAX_CHARS;
  }

  /** The one statement writing everything held, which is then forgotten; null when nothing is held. */
  take(): pg.QueryConfig | null {
    if (this.empty) return null;
    const p = new Params();
    if (this.search.size > 0) this.wroteSearch = true;
    const writes = [
      ...storyWrites(p, this.stories),
      ...itemWrites(p, [...this.added.values()], [...this.edited.values()], [...this.reindexed.values()]),
      ...searchEntryWrites(p, [...this.search.values()]),
      ...itemTagWrites(p, [...this.tags.values()]),
    ];
    this.stories.length = 0;
    for (const held of [this.added, this.edited, this.reindexed, this.search, this.tags]) held.clear();
    this.chars = 0;
    // Every table's part is always there, empty or not: one text, prepared once per connection (prepared.ts).
    return prepared('pending-writes', `WITH ${writes.join(',\n')}\nSELECT 1`, p.values);
  }

  private get rows(): number {
    return this.stories.length + this.added.size + this.edited.size + this.reindexed.size + this.search.size + this.tags.size;
  }

  private setSearch(entry: SearchEntry): void {
    this.search.set(entry.itemId, entry);
    this.chars += entry.title.length + entry.body.length;
  }
}
