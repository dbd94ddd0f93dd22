import type pg from 'pg';
import type { DedupFeatures, StoryMatch } from '../../dedup/index.ts';
import type { NormalisedItem } from '../../normalise/item.ts';
import type { TagMatch } from '../../tag/index.ts';
import type { SyncedBandIndex } from '../band-sync.ts';
import type { OutboxEntry } from '../outbox.ts';
import type { CandidateRequest, StoredCandidates, StoredItemRef, StoredItemText, StoreTx, SuccessRecord, TaggableItem } from '../store.ts';
import { findCandidates } from './candidates.ts';
import { PostgresFingerprints } from './fingerprints.ts';
import { ReservedIds } from './ids.ts';
import { countItemsAfter, itemTextsAfter } from './item-text.ts';
import { findItemsByKeys, itemContent, itemRow, storedContentHtml, type KeysFound } from './items.ts';
import { deleteMeta, getMeta, setMeta } from './meta.ts';
import { enqueueOutbox } from './outbox.ts';
import { PendingWrites } from './pending.ts';
import { recordSuccess } from './sources.ts';
import { refreshStories, storyRow } from './stories.ts';
import { rebuildStoryTags, taggableItemsAfter } from './tags.ts';
import { pgText } from './text.ts';
import { tombstonedKeys } from './tombstones.ts';

/**
 * StoreTx on one PostgreSQL connection, inside the BEGIN … COMMIT that PostgresStore.transaction opened. A round trip
 * to the server costs more than the statements of an item, so a chunk of items costs a few of them, not a few an item:
 * new stories, items, edits, search entries and tags are held back (pending.ts) under ids reserved beforehand (ids.ts)
 * and sent as one statement before the next statement of this transaction, or before COMMIT (`flush`); a chunk's
 * candidates are read in one statement, its stories refreshed in two. It also keeps the band index in step with what it
 * stores, and notes whether anything was written (then the store bumps the data version before committing).
 */
export class PostgresTx implements StoreTx {
  /** Whether any call wrote: a transaction that only read leaves the data version, and every cached response, alone. */
  wrote = false;
  private finished = false;
  private readonly fingerprints: PostgresFingerprints;
  private readonly pending = new PendingWrites();
  private readonly ids = new ReservedIds();
  /** Why sending the held-back writes failed: the transaction is lost, and says so at every later call. */
  private failed: unknown = null;
  /**
   * Items this transaction inserted and has not tagged yet: they have no tags, so tagging one with none is nothing to
   * do. Most items of most feeds get no tag.
   */
  private readonly untagged = new Set<number>();
  /** The last key lookup's tombstones, for the tombstonedKeys call that follows it (ingest asks both of each chunk). */
  private lastKeys: { sourceId: string; keys: readonly string[]; found: KeysFound } | null = null;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly bands: SyncedBandIndex,
  ) {
    this.fingerprints = new PostgresFingerprints(() => this.read());
  }

  /**
   * After commit or rollback the connection is back in the pool: a call through a kept `tx` would run outside the
   * transaction, so it is refused (every method is async, so as a rejection).
   */
  finish(): void {
    this.finished = true;
  }

  /** Whether this transaction wrote search entries: they wait in the search index's pending list (search-index.ts). */
  get wroteSearch(): boolean {
    return this.pending.wroteSearch;
  }

  /** Send the writes held back. The store calls it before COMMIT; a failure fails the transaction. */
  async flush(): Promise<void> {
    this.assertOpen();
    if (this.failed) throw this.failed;
    const statement = this.pending.take();
    if (!statement) return;
    try {
      await this.client.query(statement);
    } catch (err) {
      this.failed = err;
      throw err;
    }
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('this transaction has already ended: do its work inside the callback');
  }

  /** The connection, for a statement: what is held back is sent first, so the statement sees it. */
  private async read(): Promise<pg.PoolClient> {
    await this.flush();
    return this.client;
  }

  /** The connection, for a write sent at once. */
  private async write(): Promise<pg.PoolClient> {
    const client = await this.read();
    this.wrote = true;
    return client;
  }

  /** For a write held back. */
  private async hold(): Promise<void> {
    this.assertOpen();
    if (this.failed) throw this.failed;
    this.wrote = true;
    if (this.pending.full) await this.flush();
  }

  async syncBandIndex(since: string): Promise<void> {
    this.assertOpen();
    this.fingerprints.expect(since);
    try {
      await this.bands.sync(this.fingerprints, since);
    } finally {
      this.fingerprints.expect(null);
    }
  }

  async findItemsByKeys(sourceId: string, itemKeys: readonly string[]): Promise<Map<string, StoredItemRef>> {
    const found = await findItemsByKeys(await this.read(), sourceId, itemKeys);
    this.lastKeys = { sourceId, keys: itemKeys, found };
    return found.stored;
  }

  async tombstonedKeys(sourceId: string, itemKeys: readonly string[]): Promise<Set<string>> {
    const last = this.lastKeys;
    this.lastKeys = null;
    if (last && last.sourceId === sourceId && last.keys.length === itemKeys.length && last.keys.every((k, i) => k === itemKeys[i])) {
      return last.found.tombstoned;
    }
    return tombstonedKeys(await this.read(), sourceId, itemKeys);
  }

  async findCandidates(requests: readonly CandidateRequest[], windowMs: number): Promise<StoredCandidates[]> {
    const client = await this.read();
    const index = await this.bands.current(this.fingerprints);
    // Each request is a new item about to be stored: that many ids are reserved when the first is asked for.
    this.ids.expect(requests.length);
    return findCandidates(client, index, requests, windowMs);
  }

  async storedContentHtml(itemId: number): Promise<string | null> {
    return storedContentHtml(await this.read(), itemId);
  }

  async createStory(firstItem: { sourceId: string; itemKey: string; publishedAt: string }): Promise<number> {
    await this.hold();
    const id = await this.ids.next(this.client, 'stories');
    this.pending.addStory(storyRow(id, firstItem));
    return id;
  }

  async insertItem(item: NormalisedItem, storyId: number, features: DedupFeatures, match: StoryMatch | null): Promise<number> {
    await this.hold();
    const id = await this.ids.next(this.client, 'items');
    this.pending.addItem(itemRow(id, item, storyId, features, match), pgText(item.text));
    this.bands.add(id, features.fingerprint, features.bands);
    this.untagged.add(id);
    return id;
  }

  async updateItem(itemId: number, item: NormalisedItem, features: DedupFeatures): Promise<void> {
    await this.hold();
    this.pending.editItem(itemId, itemContent(item, features), pgText(item.text));
    this.bands.add(itemId, features.fingerprint, features.bands);
  }

  async setItemTags(itemId: number, matches: readonly TagMatch[]): Promise<void> {
    if (matches.length === 0 && this.untagged.has(itemId)) {
      this.assertOpen();
      return;
    }
    await this.hold();
    this.pending.setTags(itemId, matches, !this.untagged.has(itemId));
    this.untagged.delete(itemId);
  }

  async refreshStories(storyIds: readonly number[], priorityOf: (sourceId: string) => number): Promise<void> {
    // No story: nothing written (a chunk whose items were all unchanged leaves the data version, and caches, alone).
    if (storyIds.length === 0) return this.assertOpen();
    await refreshStories(await this.write(), storyIds, priorityOf);
  }

  async recordSuccess(sourceId: string, rec: SuccessRecord): Promise<void> {
    return recordSuccess(await this.write(), sourceId, rec);
  }

  /** Sent at once (after what is held back, so the stories exist first): ingest calls it once a chunk, if at all. */
  async enqueueOutbox(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return this.assertOpen();
    return enqueueOutbox(await this.write(), entries);
  }

  async getMeta(key: string): Promise<string | null> {
    return getMeta(await this.read(), key);
  }

  async setMeta(key: string, value: string): Promise<void> {
    return setMeta(await this.write(), key, value);
  }

  async deleteMeta(key: string): Promise<void> {
    return deleteMeta(await this.write(), key);
  }

  async taggableItemsAfter(afterId: number, limit: number): Promise<TaggableItem[]> {
    return taggableItemsAfter(await this.read(), afterId, limit);
  }

  async rebuildStoryTags(): Promise<void> {
    return rebuildStoryTags(await this.write());
  }

  async itemTextsAfter(afterId: number, limit: number): Promise<StoredItemText[]> {
    return itemTextsAfter(await this.read(), afterId, limit);
  }

  async countItemsAfter(afterId: number): Promise<number> {
    return countItemsAfter(await this.read(), afterId);
  }

  async updateItemText(itemId: number, title: string, text: string, features: DedupFeatures): Promise<void> {
    await this.hold();
    this.pending.reindexItem({ id: itemId, fingerprint: features.fingerprint, snippet: pgText(features.snippet) }, pgText(title), pgText(text));
    this.bands.add(itemId, features.fingerprint, features.bands);
  }
}
