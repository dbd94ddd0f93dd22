import type { SyncedBandIndex } from '../band-sync.ts';
import type { StoreTx } from '../store.ts';
import type { Db } from './db.ts';
import type { HeldSearchWrites } from './held-search-writes.ts';
import { fingerprintSource } from './fingerprints.ts';
import { countItemsAfter, itemTextsAfter } from './item-text.ts';
import { findExactCandidates, findItemsByKeys, findNearCandidates, insertItem, storedContentHtml, updateItem, updateItemText } from './items.ts';
import { deleteMeta, getMeta, setMeta } from './meta.ts';
import { enqueueOutbox } from './outbox.ts';
import { recordSuccess } from './sources.ts';
import { createStory, refreshStory } from './stories.ts';
import { rebuildStoryTags, setItemTags, taggableItemsAfter } from './tags.ts';
import { tombstonedKeys } from './tombstones.ts';

/**
 * The SQLite unit of work. better-sqlite3 answers synchronously, so each method does its work at once and hands back a
 * settled promise: a unit never yields the event loop between its statements, and the write queue's transaction
 * (write-queue.ts) spans it all.
 */
export function sqliteTx(db: Db, bands: SyncedBandIndex, search: HeldSearchWrites): StoreTx {
  const fingerprints = fingerprintSource(db);
  return {
    syncBandIndex: async (since) => void (await bands.sync(fingerprints, since)),
    findItemsByKeys: async (sourceId, keys) => findItemsByKeys(db, sourceId, keys),
    tombstonedKeys: async (sourceId, keys) => tombstonedKeys(db, sourceId, keys),
    findCandidates: async (requests, windowMs) => {
      const index = await bands.current(fingerprints);
      return requests.map(({ features, publishedAt }) => ({
        exact: findExactCandidates(db, features, publishedAt, windowMs),
        near: findNearCandidates(db, index, features, publishedAt, windowMs),
      }));
    },
    storedContentHtml: async (id) => storedContentHtml(db, id),
    createStory: async (first) => createStory(db, first),
    insertItem: async (item, storyId, features, match) => {
      const id = insertItem(db, search, item, storyId, features, match);
      bands.add(id, features.fingerprint, features.bands);
      return id;
    },
    updateItem: async (id, item, features) => {
      updateItem(db, search, id, item, features);
      bands.add(id, features.fingerprint, features.bands);
    },
    setItemTags: async (id, matches) => setItemTags(db, id, matches),
    refreshStories: async (storyIds, priorityOf) => {
      for (const id of storyIds) refreshStory(db, id, priorityOf);
    },
    recordSuccess: async (sourceId, rec) => recordSuccess(db, sourceId, rec),
    enqueueOutbox: async (entries) => enqueueOutbox(db, entries),
    getMeta: async (key) => getMeta(db, key),
    setMeta: async (key, value) => setMeta(db, key, value),
    deleteMeta: async (key) => deleteMeta(db, key),
    taggableItemsAfter: async (after, limit) => taggableItemsAfter(db, after, limit),
    rebuildStoryTags: async () => rebuildStoryTags(db),
    itemTextsAfter: async (after, limit) => itemTextsAfter(db, after, limit),
    countItemsAfter: async (after) => countItemsAfter(db, after),
    updateItemText: async (id, title, text, features) => {
      updateItemText(db, search, id, title, text, features);
      bands.add(id, features.fingerprint, features.bands);
    },
  };
}
