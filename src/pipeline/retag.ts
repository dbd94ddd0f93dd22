import { tagInput } from '../normalise/item.ts';
import type { Store } from '../store/store.ts';
import type { Tagger } from '../tag/index.ts';

const VERSION_KEY = 'tagger_version';
const BATCH = 2000;

/**
 * Re-tag every stored item when the rules differ from those it was tagged with, in one transaction: readers see the
 * old tags or the new, never a mix. Returns how many were re-tagged.
 */
export async function retagIfRulesChanged(store: Store, tagger: Tagger): Promise<number> {
  return store.transaction(async (tx) => {
    if ((await tx.getMeta(VERSION_KEY)) === tagger.version) return 0;
    let count = 0;
    for (let after = 0; ; ) {
      const batch = await tx.taggableItemsAfter(after, BATCH);
      if (batch.length === 0) break;
      for (const item of batch) await tx.setItemTags(item.id, tagger.tag(tagInput(item)));
      count += batch.length;
      after = batch[batch.length - 1]!.id;
    }
    await tx.rebuildStoryTags();
    await tx.setMeta(VERSION_KEY, tagger.version);
    return count;
  });
}
