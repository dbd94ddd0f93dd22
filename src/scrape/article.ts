import * as cheerio from 'cheerio';
import type { SourceConfig } from '../config/schema.ts';
import type { DateContext } from '../parse/dates.ts';
import type { ParsedItem } from '../model/item.ts';
import { sanitiseContent } from '../parse/html.ts';
import type { ArticleSpec } from './schema.ts';
import { ScrapeError } from './errors.ts';
import { parseScrapedDate } from './date-format.ts';
import { readField } from './select.ts';

/** The article-following spec of a source, wherever its type keeps it. */
export function articleSpecOf(source: SourceConfig): ArticleSpec | undefined {
  return source.html?.article ?? source.json?.article;
}

/**
 * One article page → the fields the list could not give: sanitised body, and the date and author when the spec
 * names them and they can be read. The orchestrator merges these over the list item.
 */
export function extractArticle(source: SourceConfig, html: string, url: string, ctx: DateContext): Partial<ParsedItem> {
  const spec = articleSpecOf(source);
  if (!spec) throw new ScrapeError(`source "${source.id}" has no "article" selectors, so its article pages cannot be read`, source.id);
  const $ = cheerio.load(html);
  const body = $(spec.content);
  if (body.length === 0) throw new ScrapeError(`0 elements matched article selector "${spec.content}" on ${url}`, source.id);
  if (spec.remove) body.find(spec.remove).remove();
  const contentHtml = sanitiseContent(body.toArray().map((el) => $(el).html() ?? '').join('\n'), url);

  const out: Partial<ParsedItem> = { contentHtml: contentHtml || null };
  const root = $.root();
  const dates: DateContext = { timezone: source.timezone ?? ctx.timezone, now: ctx.now };
  if (spec.author) {
    const author = readField($, root, spec.author);
    if (author) out.author = author;
  }
  if (spec.date) {
    const date = parseScrapedDate(readField($, root, spec.date), spec.dateFormat, dates);
    if (date.iso) {
      out.publishedAt = date.iso;
      out.dateFlag = date.flag;
    }
  }
  return out;
}
