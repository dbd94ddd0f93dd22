import type { SourceConfig } from '../config/schema.ts';
import { fetchDocument } from '../fetch/client.ts';
import { FetchError } from '../fetch/errors.ts';
import { itemText, type NormalisedItem } from '../normalise/item.ts';
import { unstoredWithPages, type ArticleDeps } from '../pipeline/articles.ts';
import { extractArticle, ScrapeError } from '../scrape/index.ts';
import { FullTextError } from './errors.ts';
import { readabilityBody } from './readability.ts';

/** `fullText: "auto"` reads the page of an item whose feed text is shorter than this: a teaser, not an article. */
export const AUTO_TEASER_CHARS = 200;

/** Warnings a refresh reports for failed pages at most, the rest counted in one line. */
const MAX_WARNINGS = 5;

/** What reading an item's page needs: the same as a scraped source's article pages. */
export type FullTextDeps = ArticleDeps;

/** Which of a source's items get their page read: new ones with a link, as `fullText` says. */
function wants(source: SourceConfig, item: NormalisedItem): boolean {
  if (!item.url || !source.fullText) return false;
  return source.fullText !== 'auto' || [...item.text].length < AUTO_TEASER_CHARS;
}

/** The article body of one page: by the source's selector when it gives one, else by Readability. */
function bodyOf(source: SourceConfig, html: string, url: string, deps: FullTextDeps): string {
  const spec = typeof source.fullText === 'object' ? source.fullText : null;
  if (!spec) return readabilityBody(html, url);
  const article = extractArticle(source, html, url, { timezone: deps.timezone, now: deps.now }, { content: spec.selector, remove: spec.remove });
  if (!article.contentHtml) throw new FullTextError(`selector "${spec.selector}" matched no text`);
  return article.contentHtml;
}

const reason = (err: unknown) =>
  err instanceof FullTextError || err instanceof FetchError || err instanceof ScrapeError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;

/**
 * Full text for a source whose feed carries teasers (feeds.json `fullText`): each new item's article page is fetched
 * once — stored items never again — through the same limiter, fetch options (timeouts, size cap, address guard,
 * proxy) as the feed, and its main text replaces the teaser as the item's body and search text. The summary and the
 * content hash stay the feed's, so the next fetch of the feed sees no change. A page that cannot be read or yields
 * no text leaves the item as the feed gave it and says why in the refresh's warnings.
 */
export async function withFullText(source: SourceConfig, items: NormalisedItem[], deps: FullTextDeps): Promise<{ items: NormalisedItem[]; warnings: string[] }> {
  if (!source.fullText) return { items, warnings: [] };
  const candidates = items.filter((i) => wants(source, i));
  if (candidates.length === 0) return { items, warnings: [] };
  const fresh = await unstoredWithPages(deps.store, source.id, candidates);
  const read = new Map<NormalisedItem, NormalisedItem>();
  const failed = new Map<NormalisedItem, string>();
  await Promise.all(
    fresh.map(async (item) => {
      const url = item.url!;
      try {
        const doc = await deps.limiter.run(url, () =>
          fetchDocument({ url, proxy: source.proxy ?? null, headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' } }, deps.fetchOptions),
        );
        if (doc.status !== 'ok') throw new FullTextError('the page answered 304 Not Modified to a request that sent no validators');
        const contentHtml = bodyOf(source, doc.text, doc.finalUrl, deps);
        const text = itemText({ summary: item.summary, contentHtml });
        // An extractor that found less than the feed gave found the wrong part of the page.
        if ([...text].length < [...item.text].length) throw new FullTextError(`the extracted text (${[...text].length} characters) is shorter than the feed's`);
        read.set(item, { ...item, contentHtml, text });
      } catch (err) {
        failed.set(item, `full text of ${url} not read, the feed's text kept: ${reason(err)}`);
        deps.log.warn({ source: source.id, url, err: reason(err) }, 'full text not read');
      }
    }),
  );
  // In the feed's order, whichever page answered first.
  const failures = fresh.flatMap((i) => failed.get(i) ?? []);
  const warnings = failures.slice(0, MAX_WARNINGS);
  if (failures.length > MAX_WARNINGS) warnings.push(`${failures.length - MAX_WARNINGS} more pages' full text not read`);
  return { items: items.map((i) => read.get(i) ?? i), warnings };
}
