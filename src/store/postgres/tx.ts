import type pg from 'pg';
import type { DedupFeatures, StoryMatch } from '../../dedup/index.ts';
import type { NormalisedItem } from '../../normalise/item.ts';
import type { TagMatch } from '../../tag/index.ts';
import type { FingerprintSource, SyncedBandIndex } from '../band-sync.ts';
import type { CandidateRequest, StoredCandidates, StoredItemRef, StoredItemText, StoreTx, SuccessRecord, TaggableItem } from '../store.ts';
import { findExactCandidates, findNearCandidates } from './candidates.ts';
import { fingerprintSource } from './fingerprints.ts';
import { countItemsAfter, itemTextsAfter } from './item-text.ts';
import { findItemsByKeys, insertItem, storedContentHtml, updateItem, updateItemText } from './items.ts';
import { deleteMeta, getMeta, setMeta } from './meta.ts';
import { recordSuccess } from './sources.ts';
import { createStory, refreshStory } from './stories.ts';
import { rebuildStoryTags, setItemTags, taggableItemsAfter } from './tags.ts';
import { tombstonedKeys } from './tombstones.ts';

/**
 * StoreTx on one PostgreSQL connection, inside the BEGIN … COMMIT that PostgresStore.transaction opened. It only
 * routes each call to its SQL, keeps the band index in step with what it stores, and notes whether anything was
 * written (then the store bumps the data version before committing).
 */
export class PostgresTx implements StoreTx {
  /** Whether any call wrote: a transaction that only read leaves the data version, and every cached response, alone. */
  wrote = false;
  private finished = false;
  private readonly fingerprints: FingerprintSource;
  /**
   * Items this transaction inserted and has not tagged yet: they have no tags, so tagging one with none is nothing to
   * do. Most items of most feeds get no tag, and a round trip an item is most of what storing it costs here.
   */
  private readonly untagged = new Set<number>();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly bands: SyncedBandIndex,
  ) {
    this.fingerprints = fingerprintSource(client);
  }

  /**
   * After commit or rollback the connection is back in the pool: a call through a kept `tx` would run outside the
   * transaction, so it is refused (every method is async, so as a rejection).
   */
  finish(): void {
    this.finished = true;
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('this transaction has already ended: do its work inside the callback');
  }

  /** The connection, for a read. */
  private get r(): pg.PoolClient {
    this.assertOpen();
    return this.client;
  }

  /** The connection, for a write. */
  private get w(): pg.PoolClient {
    const client = this.r;
    this.wrote = true;
    return client;
  }

  async syncBandIndex(since: string): Promise<void> {
    this.assertOpen();
    await this.bands.sync(this.fingerprints, since);
  }

  async findItemsByKeys(sourceId: string, itemKeys: readonly string[]): Promise<Map<string, StoredItemRef>> {
    return findItemsByKeys(this.r, sourceId, itemKeys);
  }

  async tombstonedKeys(sourceId: string, itemKeys: readonly string[]): Promise<Set<string>> {
    return tombstonedKeys(this.r, sourceId, itemKeys);
  }

  async findCandidates(requests: readonly CandidateRequest[], windowMs: number): Promise<StoredCandidates[]> {
    this.assertOpen();
    const index = await this.bands.current(this.fingerprints);
    const out: StoredCandidates[] = [];
    for (const { features, publishedAt } of requests) {
      out.push({
        exact: await findExactCandidates(this.client, features, publishedAt, windowMs),
        near: await findNearCandidates(this.client, index, features, publishedAt, windowMs),
      });
    }
    return out;
  }

  async storedContentHtml(itemId: number): Promise<string | null> {
    return storedContentHtml(this.r, itemId);
  }

  async createStory(firstItem: { sourceId: string; itemKey: string; publishedAt: string }): Promise<number> {
    return createStory(this.w, firstItem);
  }

  async insertItem(item: NormalisedItem, storyId: number, features: DedupFeatures, match: StoryMatch | null): Promise<number> {
    const id = await insertItem(this.w, item, storyId, features, match);
    this.bands.add(id, features.fingerprint, features.bands);
    this.untagged.add(id);
    return id;
  }

  async updateItem(itemId: number, item: NormalisedItem, features: DedupFeatures): Promise<void> {
    await updateItem(this.w, itemId, item, features);
    this.bands.add(itemId, features.fingerprint, features.bands);
  }

  async setItemTags(itemId: number, matches: readonly TagMatch[]): Promise<void> {
    if (matches.length === 0 && this.untagged.has(itemId)) return;
    await setItemTags(this.w, itemId, matches);
    this.untagged.delete(itemId);
  }

  async refreshStories(storyIds: readonly number[], priorityOf: (sourceId: string) => number): Promise<void> {
    for (const storyId of storyIds) await refreshStory(this.w, storyId, priorityOf);
  }

  async recordSuccess(sourceId: string, rec: SuccessRecord): Promise<void> {
    return recordSuccess(this.w, sourceId, rec);
  }

  async getMeta(key: string): Promise<string | null> {
    return getMeta(this.r, key);
  }

  async setMeta(key: string, value: string): Promise<void> {
    return setMeta(this.w, key, value);
  }

  async deleteMeta(key: string): Promise<void> {
    return deleteMeta(this.w, key);
  }

  async taggableItemsAfter(afterId: number, limit: number): Promise<TaggableItem[]> {
    return taggableItemsAfter(this.r, afterId, limit);
  }

  async rebuildStoryTags(): Promise<void> {
    return rebuildStoryTags(this.w);
  }

  async itemTextsAfter(afterId: number, limit: number): Promise<StoredItemText[]> {
    return itemTextsAfter(this.r, afterId, limit);
  }

  async countItemsAfter(afterId: number): Promise<number> {
    return countItemsAfter(this.r, afterId);
  }

  async updateItemText(itemId: number, title: string, text: string, features: DedupFeatures): Promise<void> {
    await updateItemText(this.w, itemId, title, text, features);
    this.bands.add(itemId, features.fingerprint, features.bands);
  }
}
