import { tagInput } from '../normalise/item.ts';
import type { Db } from '../store/db.ts';
import { getMeta, setMeta } from '../store/meta.ts';
import { iterateTaggableItems, rebuildStoryTags, setItemTags } from '../store/tags.ts';
import type { Tagger } from '../tag/index.ts';

const VERSION_KEY = 'tagger_version';

/** Re-tag every stored item when the rules differ from those it was tagged with. Returns how many were re-tagged. */
export function retagIfRulesChanged(db: Db, tagger: Tagger): number {
  if (getMeta(db, VERSION_KEY) === tagger.version) return 0;
  let count = 0;
  db.transaction(() => {
    for (const batch of iterateTaggableItems(db)) {
      for (const item of batch) setItemTags(db, item.id, tagger.tag(tagInput(item)));
      count += batch.length;
    }
    rebuildStoryTags(db);
    setMeta(db, VERSION_KEY, tagger.version);
  })();
  return count;
}
