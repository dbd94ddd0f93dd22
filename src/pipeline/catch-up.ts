import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { Tagger } from '../tag/index.ts';
import { reindexTextIfStale } from './reindex-text.ts';
import { retagIfRulesChanged } from './retag.ts';

/**
 * Bring the stored items in line with this huiju and these tag rules, before fetching or serving: their text first,
 * since re-tagging reads it, then their tags. Each step does nothing once done.
 */
export async function catchUpStoredItems(store: Store, tagger: Tagger, log?: Logger): Promise<void> {
  const reindexed = await reindexTextIfStale(store, log);
  if (reindexed) log?.info({ items: reindexed }, 'stored items re-indexed: search now reads their full text');
  const retagged = await retagIfRulesChanged(store, tagger);
  if (retagged) log?.info({ items: retagged }, 're-tagged stored items with the current rules');
}
