import type { Logger } from '../log.ts';
import type { ParsedItem } from '../model/item.ts';
import { linkTitleKey, normaliseItems, type NormalisedItem } from '../normalise/item.ts';
import type { ItemIdentity, Store } from '../store/store.ts';

/**
 * GUID churn: a source whose GUIDs change from one fetch to the next while link and title stay (a CMS that stamps a
 * fresh id on every render) brought every story back as a new item on every fetch: 240 items for 20 stories after 12
 * fetches. As FreshRSS does with its per-feed unicity policy, the source's GUIDs are judged, and once too many of
 * them are bad the source is keyed on something weaker, for good: here link and title, and the decision is stored with
 * the source. FreshRSS judges a document's GUIDs against each other (blank or repeated ones); a churning GUID is unique
 * in its document and only shows against what was stored, so here an item counts as churned when its GUID is new while
 * the source already has an item with the same link and title under another key.
 */

/**
 * Churned items a fetch may bring before the source is re-keyed: FreshRSS's tolerance, 5 % rounded (none up to 9 items,
 * 1 for 10 to 29, 2 for 30 to 49, …). A story republished under a new GUID now and then is not churn.
 */
export const churnTolerance = (items: number) => Math.round(items * 0.05);

/** Of these items with new GUIDs, those whose link and title the source has stored under another key. */
function churnedItems(fresh: readonly NormalisedItem[], stored: readonly ItemIdentity[]): NormalisedItem[] {
  const storedKeys = new Map<string, Set<string>>();
  for (const s of stored) {
    const key = `${s.url}\n${s.title}`;
    storedKeys.set(key, (storedKeys.get(key) ?? new Set()).add(s.itemKey));
  }
  return fresh.filter((i) => {
    const keys = storedKeys.get(`${i.url}\n${i.title}`);
    return keys !== undefined && !keys.has(i.itemKey);
  });
}

/**
 * This fetch's items normalised and keyed the source's way. A source still keyed by GUID whose fetch shows churn
 * beyond the tolerance is switched to link and title first, its stored items re-keyed alike in the same transaction
 * (so none comes back as new), and the switch is logged.
 */
export async function keyItems(store: Store, sourceId: string, parsed: readonly ParsedItem[], now: Date, log: Logger): Promise<NormalisedItem[]> {
  const keying = await store.itemKeying(sourceId);
  const items = normaliseItems(sourceId, parsed, now, keying);
  if (keying !== 'guid') return items;
  const churned = await churnIn(store, sourceId, items);
  if (churned.length <= churnTolerance(items.length)) return items;
  const rekeyed = await store.switchItemKeying(sourceId, 'link-title', linkTitleKey);
  log.warn(
    { source: sourceId, churned: churned.length, items: items.length, rekeyed, example: churned[0]!.url },
    'GUIDs change between fetches while link and title stay: this source is keyed on link and title from now on',
  );
  return normaliseItems(sourceId, parsed, now, 'link-title');
}

/** The items of this fetch (keyed by GUID) that show churn against what the source has stored. */
async function churnIn(store: Store, sourceId: string, items: readonly NormalisedItem[]): Promise<NormalisedItem[]> {
  const tolerance = churnTolerance(items.length);
  const byGuid = items.filter((i) => i.itemKey.startsWith('guid:') && i.url);
  // Cheap first: most fetches bring few new GUIDs, and then there is no churn to look for.
  const known = await store.storedItemKeys(sourceId, byGuid.map((i) => i.itemKey));
  const unseen = new Set(byGuid.filter((i) => !known.has(i.itemKey)).map((i) => i.itemKey));
  if (unseen.size <= tolerance) return [];
  const fresh = byGuid.filter((i) => unseen.has(i.itemKey));
  return churnedItems(fresh, await store.itemsWithLinks(sourceId, fresh.map((i) => i.url!)));
}
