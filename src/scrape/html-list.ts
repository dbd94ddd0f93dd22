import * as cheerio from 'cheerio';
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { SourceConfig } from '../config/schema.ts';
import type { DateContext } from '../parse/dates.ts';
import type { ParsedFeed, ParsedItem } from '../model/item.ts';
import type { HtmlSpec } from './schema.ts';
import { ScrapeError } from './errors.ts';
import { parseScrapedDate } from './date-format.ts';
import { findIn, readAllFields, readField, splitSelector } from './select.ts';
import { dropRepeats, resolveLink, toParsedItem } from './item.ts';

/** The article link of one list entry: the `link` selector, else the title element's href, else its first link. */
function readLink(entry: Cheerio<AnyNode>, spec: HtmlSpec): string | null {
  if (spec.link) {
    const { attr } = splitSelector(spec.link);
    return findIn(entry, spec.link).first().attr(attr ?? 'href') ?? null;
  }
  const title = findIn(entry, spec.title).first();
  const candidates = [title, title.find('a[href]'), title.closest('a[href]'), entry.find('a[href]'), entry.filter('a[href]')];
  for (const c of candidates) {
    const href = c.first().attr('href');
    if (href) return href;
  }
  return null;
}

/** A list page read with the source's CSS selectors → items. Throws ScrapeError when the layout no longer matches. */
export function extractHtmlItems(source: SourceConfig, spec: HtmlSpec, doc: { text: string; finalUrl: string }, ctx: DateContext): ParsedFeed {
  const $ = cheerio.load(doc.text);
  const entries = $(spec.item);
  if (entries.length === 0) throw new ScrapeError(`0 items matched selector "${spec.item}" on ${doc.finalUrl}`, source.id);

  const parsed: ParsedItem[] = [];
  const warnings: string[] = [];
  let untitled = 0;
  let undated = 0;
  entries.each((_, node) => {
    const entry = $(node);
    const title = readField($, entry, spec.title);
    if (!title) {
      untitled += 1;
      return;
    }
    const date = spec.date ? parseScrapedDate(readField($, entry, spec.date), spec.dateFormat, ctx) : { iso: null, flag: 'missing' as const };
    if (spec.date && date.flag === 'unparseable') undated += 1;
    parsed.push(
      toParsedItem({
        title,
        url: resolveLink(readLink(entry, spec), doc.finalUrl),
        guid: spec.id ? readField($, entry, spec.id) : null,
        summary: spec.summary ? readField($, entry, spec.summary) : null,
        author: null,
        date,
        categories: spec.categories ? readAllFields($, entry, spec.categories) : [],
      }),
    );
  });

  if (parsed.length === 0)
    throw new ScrapeError(`title selector "${spec.title}" matched nothing in any of the ${entries.length} items matched by "${spec.item}" on ${doc.finalUrl}`, source.id);
  if (untitled > 0) warnings.push(`${untitled} of ${entries.length} items had no text for title selector "${spec.title}" and were skipped`);
  if (undated > 0) warnings.push(`${undated} dates could not be read${spec.dateFormat ? ` with format "${spec.dateFormat}"` : ''} (selector "${spec.date}")`);
  const { items, dropped } = dropRepeats(parsed);
  if (dropped > 0) warnings.push(`${dropped} items repeated an earlier item's link and were dropped`);
  const noLink = items.filter((i) => i.url === null).length;
  if (noLink > 0) warnings.push(`${noLink} items have no usable link`);

  return {
    format: 'html',
    title: $('title').first().text().trim() || null,
    siteUrl: doc.finalUrl,
    items,
    warnings,
  };
}
