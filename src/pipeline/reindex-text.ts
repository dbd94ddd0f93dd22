import { computeFeatures } from '../dedup/index.ts';
import { itemText } from '../normalise/item.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';

/**
 * What an item's plain text is made of (itemText). Bumped when that changes, so that items stored before are brought
 * in line once. 2: the fullest body's text; before, the summary's, which left an article's body out of search.
 */
export const TEXT_VERSION = '2';
const VERSION_KEY = 'text_version';
/** The last item id brought in line: an interrupted pass resumes there. */
const CURSOR_KEY = 'text_reindexed_upto';
const BATCH = 1000;

/**
 * Re-derive every stored item's text when it was stored under an older TEXT_VERSION: its search entry and the dedup
 * keys taken from it (fingerprint, snippet). Tags are left alone: they are taken from the summary where there is one,
 * and an item without one had its full text before too. One transaction a batch; returns how many items changed.
 * It runs before `serve` listens, so a large database says so first: about 30 s per 100,000 items.
 */
export async function reindexTextIfStale(store: Store, log?: Logger): Promise<number> {
  const state = await store.transaction(async (tx) => {
    const current = (await tx.getMeta(VERSION_KEY)) === TEXT_VERSION;
    const after = Number((await tx.getMeta(CURSOR_KEY)) ?? 0);
    return { current, after, pending: current ? 0 : await tx.countItemsAfter(after) };
  });
  if (state.current) return 0;
  if (state.pending > 0) log?.info({ items: state.pending }, 're-indexing stored items once, so that search reads their full text');
  let { after } = state;
  let changed = 0;
  for (let done = false; !done; ) {
    done = await store.transaction(async (tx) => {
      const rows = await tx.itemTextsAfter(after, BATCH);
      if (rows.length === 0) {
        await tx.setMeta(VERSION_KEY, TEXT_VERSION);
        await tx.deleteMeta(CURSOR_KEY);
        return true;
      }
      for (const row of rows) {
        const text = itemText(row);
        if (text === row.indexed) continue;
        await tx.updateItemText(row.id, row.title, text, computeFeatures({ ...row, text }));
        changed++;
      }
      after = rows[rows.length - 1]!.id;
      await tx.setMeta(CURSOR_KEY, String(after));
      return false;
    });
  }
  return changed;
}
