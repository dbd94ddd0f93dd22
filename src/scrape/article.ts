import * as cheerio from 'cheerio';
import type { SourceConfig } from '../config/schema.ts';
import type { DateContext, ParsedDate } from '../parse/dates.ts';
import type { ParsedItem } from '../model/item.ts';
import { capItem } from '../normalise/caps.ts';
import { htmlToText, sanitiseContent } from '../parse/html.ts';
import type { ArticleSpec } from './schema.ts';
import { ScrapeError } from './errors.ts';
import { parseScrapedDate } from './date-format.ts';
import { readEmbeddedJson } from './embedded.ts';
import { asText, describeMiss, select } from './json-path.ts';
import { readField } from './select.ts';

/** The article-following spec of a source, wherever its type keeps it. */
export function articleSpecOf(source: SourceConfig): ArticleSpec | undefined {
  return source.html?.article ?? source.json?.article;
}

interface RawArticle {
  bodyHtml: string;
  date: unknown;
  author: string | null;
}

/** Body, date and author as the page's markup has them, by CSS selectors. */
function readBySelectors(source: SourceConfig, spec: ArticleSpec, html: string, url: string): RawArticle {
  const $ = cheerio.load(html);
  const body = $(spec.content);
  if (body.length === 0) throw new ScrapeError(`0 elements matched article selector "${spec.content}" on ${url}`, source.id);
  const root = $.root();
  return {
    bodyHtml: body.toArray().map((el) => $(el).html() ?? '').join('\n'),
    date: spec.date ? readField($, root, spec.date) : null,
    author: spec.author ? readField($, root, spec.author) : null,
  };
}

/** Body, date and author from the JSON the page embeds (澎湃's __NEXT_DATA__), by paths. */
function readByPaths(source: SourceConfig, spec: ArticleSpec & { embedded: string }, html: string, url: string): RawArticle {
  const data = readEmbeddedJson(source.id, html, spec.embedded, url);
  const body = asText(select(data, spec.content));
  if (body === null) throw new ScrapeError(`article JSON path "${spec.content}" has no text on ${url}: ${describeMiss(data, spec.content)}`, source.id);
  const author = spec.author ? asText(select(data, spec.author)) : null;
  return { bodyHtml: body, date: spec.date ? select(data, spec.date) : null, author: author === null ? null : htmlToText(author) || null };
}

/**
 * One article page → the fields the list could not give: sanitised body, and the date and author when the spec
 * names them and they can be read. The orchestrator merges these over the list item.
 */
export function readArticle(source: SourceConfig, html: string, url: string, ctx: DateContext, spec = articleSpecOf(source)): Partial<ParsedItem> {
  if (!spec) throw new ScrapeError(`source "${source.id}" has no "article" selectors, so its article pages cannot be read`, source.id);
  const raw = spec.embedded ? readByPaths(source, { ...spec, embedded: spec.embedded }, html, url) : readBySelectors(source, spec, html, url);

  let bodyHtml = raw.bodyHtml;
  if (spec.remove) {
    const $ = cheerio.load(bodyHtml, null, false);
    $(spec.remove).remove();
    bodyHtml = $.html();
  }
  const out: Partial<ParsedItem> = { contentHtml: sanitiseContent(bodyHtml, url) || null };
  if (raw.author) out.author = raw.author;
  const dates: DateContext = { timezone: source.timezone ?? ctx.timezone, now: ctx.now };
  const date: ParsedDate = spec.date ? parseScrapedDate(raw.date, spec.dateFormat, dates) : { iso: null, flag: 'missing' };
  // A date the page does not give leaves the list's date alone.
  if (date.iso) {
    out.publishedAt = date.iso;
    out.dateFlag = date.flag;
  }
  // Merged over an item the normalise stage already capped: the same caps apply.
  return capItem(out);
}
