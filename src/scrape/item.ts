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
  categories?: string[];
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
    categories: f.categories ?? [],
    enclosures: [],
  };
}

/**
 * Drop entries repeating an earlier one's link (or id, when there is no link): list pages show a story both in a
 * carousel and in the list, and one document should not hand the same item twice to the later stages.
 */
export function dropRepeats(items: ParsedItem[]): { items: ParsedItem[]; dropped: number } {
  const seen = new Set<string>();
  const kept = items.filter((item) => {
    const key = item.url ?? (item.guid !== null ? `guid:${item.guid}` : null);
    if (key === null) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { items: kept, dropped: items.length - kept.length };
}
