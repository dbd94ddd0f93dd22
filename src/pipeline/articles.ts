import type { SourceConfig } from '../config/schema.ts';
import { fetchDocument } from '../fetch/client.ts';
import type { Limiter } from '../fetch/limiter.ts';
import type { FetchOptions } from '../fetch/types.ts';
import type { Logger } from '../log.ts';
import { itemText, type NormalisedItem } from '../normalise/item.ts';
import { articleSpecOf, extractArticle } from '../scrape/index.ts';
import type { Store } from '../store/store.ts';

/** Article pages fetched per refresh at most: a first run on a long list page must not hammer the site. */
export const MAX_ARTICLES_PER_REFRESH = 30;

export interface ArticleDeps {
  store: Store;
  limiter: Limiter;
  fetchOptions: FetchOptions;
  log: Logger;
  timezone: string;
  now: Date;
}

/**
 * The items whose page a refresh reads: those with a link that the source has not stored yet (a stored item's page is
 * never fetched again), at most MAX_ARTICLES_PER_REFRESH of them.
 */
export async function unstoredWithPages(store: Store, sourceId: string, items: readonly NormalisedItem[]): Promise<NormalisedItem[]> {
  const withPages = items.filter((i) => i.url);
  if (withPages.length === 0) return [];
  const stored = await store.storedItemKeys(sourceId, withPages.map((i) => i.itemKey));
  return withPages.filter((i) => !stored.has(i.itemKey)).slice(0, MAX_ARTICLES_PER_REFRESH);
}

/**
 * For a scraped source that follows article links: read the article page of each item not stored yet — once, since
 * stored items are never fetched again — and fill in its body (and date or author where the list lacked them).
 * The content hash stays the list's, so the next list fetch does not see a change. A failed page keeps the list item.
 */
export async function enrichNewItems(source: SourceConfig, items: NormalisedItem[], deps: ArticleDeps): Promise<NormalisedItem[]> {
  if (!articleSpecOf(source)) return items;
  const fresh = await unstoredWithPages(deps.store, source.id, items);
  const enriched = new Map<NormalisedItem, NormalisedItem>();
  await Promise.all(
    fresh.map(async (item) => {
      try {
        const url = item.url!;
        const doc = await deps.limiter.run(url, () => fetchDocument({ url, proxy: source.proxy ?? null }, deps.fetchOptions));
        if (doc.status !== 'ok') return;
        const article = extractArticle(source, doc.text, doc.finalUrl, { timezone: deps.timezone, now: deps.now });
        const contentHtml = article.contentHtml ?? item.contentHtml;
        enriched.set(item, {
          ...item,
          contentHtml,
          author: item.author ?? article.author ?? null,
          publishedAt: item.dateFlag && article.publishedAt ? article.publishedAt : item.publishedAt,
          dateFlag: item.dateFlag && article.publishedAt ? (article.dateFlag ?? null) : item.dateFlag,
          text: itemText({ summary: item.summary, contentHtml }),
        });
      } catch (err) {
        deps.log.warn({ source: source.id, url: item.url, err: err instanceof Error ? err.message : String(err) }, 'article page not read');
      }
    }),
  );
  return items.map((i) => enriched.get(i) ?? i);
}
