/**
 * Sources without feeds: pure adapters from a fetched list page or JSON document to huiju's item model.
 * The orchestrator does the I/O (list fetch via scrapeRequest, article pages at most once per new item).
 */
import type { SourceConfig } from '../config/schema.ts';
import type { ParsedFeed, ParsedItem } from '../model/item.ts';
import type { DateContext } from '../parse/dates.ts';
import { readArticle } from './article.ts';
import { ScrapeError } from './errors.ts';
import { extractHtmlItems } from './html-list.ts';
import { extractJsonItems } from './json-list.ts';

export { ScrapeError } from './errors.ts';
export { scrapeRequest } from './request.ts';
export { articleSpecOf } from './article.ts';
export { parseWithFormat, parseScrapedDate } from './date-format.ts';

/** A fetched list document → items, by the source's `html` or `json` definition. Throws only ScrapeError. */
export function extractItems(source: SourceConfig, doc: { text: string; finalUrl: string }, ctx: DateContext): ParsedFeed {
  // The source's own zone wins over the default the orchestrator passes.
  const dates: DateContext = { timezone: source.timezone ?? ctx.timezone, now: ctx.now };
  try {
    if (source.type === 'html' && source.html) return extractHtmlItems(source, source.html, doc, dates);
    if (source.type === 'json' && source.json) return extractJsonItems(source, source.json, doc, dates);
  } catch (err) {
    throw asScrapeError(err, source, doc.finalUrl);
  }
  throw new ScrapeError(`source "${source.id}" is of type "${source.type}" with no matching "html"/"json" definition to scrape`, source.id);
}

/**
 * One article page → the fields the list could not give: sanitised body, and the date and author when the spec
 * names them and they can be read. The orchestrator merges these over the list item. Throws only ScrapeError.
 */
export function extractArticle(source: SourceConfig, html: string, url: string, ctx: DateContext): Partial<ParsedItem> {
  try {
    return readArticle(source, html, url, ctx);
  } catch (err) {
    throw asScrapeError(err, source, url);
  }
}

/** Anything unexpected (a selector cheerio rejects at run time …) still reaches the orchestrator as a source error. */
function asScrapeError(err: unknown, source: SourceConfig, url: string): ScrapeError {
  if (err instanceof ScrapeError) return err;
  return new ScrapeError(`could not read ${url}: ${err instanceof Error ? err.message : String(err)}`, source.id);
}
