import type { ParsedDate } from '../parse/dates.ts';
import type { ParsedItem } from '../model/item.ts';

/** Absolute http(s) URL of `href` against `base`, or null for javascript:, mailto:, # and garbage. */
export function resolveLink(href: string | null | undefined, base: string): string | null {
  const value = href?.trim();
  if (!value || value.startsWith('#')) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export interface ScrapedFields {
  title: string;
  url: string | null;
  guid: string | null;
  summary: string | null;
  author: string | null;
  date: ParsedDate;
}

/** The fields a list entry yields → huiju's item model (scraped lists carry no content, categories or media). */
export function toParsedItem(f: ScrapedFields): ParsedItem {
  return {
    guid: f.guid,
    url: f.url,
    title: f.title,
    summary: f.summary,
    contentHtml: null,
    author: f.author,
    publishedAt: f.date.iso,
    updatedAt: null,
    dateFlag: f.date.flag,
    categories: [],
    enclosures: [],
  };
}
