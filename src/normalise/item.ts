import { createHash } from 'node:crypto';
import type { ParsedItem } from '../model/item.ts';
import { htmlToText } from '../parse/html.ts';
import { capItem } from './caps.ts';
import { DAY_MS } from '../time.ts';

/** An item ready for dedup, tagging and storage: keyed, dated, with its plain text. */
export interface NormalisedItem extends ParsedItem {
  sourceId: string;
  /** Identity within its source: guid, else link, else a hash of title and summary (or link and title: ItemKeying). */
  itemKey: string;
  /** Never null here: first-seen time stands in when the feed's date could not be trusted. */
  publishedAt: string;
  firstSeenAt: string;
  /** Plain text of the fullest body (see itemText): what search and dedup read. */
  text: string;
  /** Changes when anything a reader sees changes: an update in place is due. */
  contentHash: string;
}

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

/**
 * How a source's items are told apart. `guid`: by the feed's GUID, else link, else title and summary. `link-title`: by
 * link and title, for a source whose GUIDs change from one fetch to the next (pipeline/item-keying.ts decides).
 */
export type ItemKeying = 'guid' | 'link-title';

/** The key of an item by its link and title; null when it has neither. */
export function linkTitleKey(item: { url: string | null; title: string }): string | null {
  return item.url || item.title ? `lt:${sha1(`${item.url ?? ''}\n${item.title}`)}` : null;
}

function itemKey(item: ParsedItem, keying: ItemKeying): string | null {
  if (keying === 'link-title') {
    const key = linkTitleKey(item);
    if (key) return key;
  }
  if (item.guid) return `guid:${item.guid}`;
  if (item.url) return `url:${item.url}`;
  if (item.title || item.summary) return `hash:${sha1(`${item.title}\n${item.summary ?? ''}`)}`;
  return null;
}

/**
 * The date a story is sorted by. Items are listed newest first, so document position breaks ties: a feed that stamps
 * every item with the same day (人民网) keeps its own order, and undated items are placed at first sight.
 */
function effectiveDate(item: ParsedItem, position: number, now: Date): string {
  const nudge = position * 1000;
  if (item.publishedAt && item.dateFlag === 'date-only') {
    const endOfDay = Date.parse(item.publishedAt) + DAY_MS - 1000;
    return new Date(Math.min(now.getTime(), endOfDay) - nudge).toISOString();
  }
  return item.publishedAt ?? new Date(now.getTime() - nudge).toISOString();
}

/**
 * The plain text of an item's fullest body: its content when it carries one, else its summary. A feed that pairs a
 * one-line description with the whole article (content:encoded, Atom content) is searched on the article; dedup reads
 * its start, which is where a lead-only copy's text comes from too.
 */
export function itemText(item: Pick<ParsedItem, 'summary' | 'contentHtml'>): string {
  return (item.contentHtml ? htmlToText(item.contentHtml) : '') || item.summary || '';
}

/**
 * What an item is tagged on: its title and the summary its feed gives, else its full text. Tags say what an item is
 * about, and the title and lead say that: a weekly roundup (科技爱好者周刊) names every topic of its week somewhere in
 * a 5,000-character body, and tagged on it got six AI tags where the editor of eval/tags/tuning.json gave none.
 */
export function tagInput(item: Pick<NormalisedItem, 'title' | 'summary' | 'text'>): { title: string; text: string } {
  return { title: item.title, text: item.summary ?? item.text };
}

/**
 * Key, date and hash every parsed item of one fetch, its fields cut to ITEM_CAPS (caps.ts) first; drop entries with
 * nothing to identify them and repeats.
 */
export function normaliseItems(sourceId: string, items: readonly ParsedItem[], now: Date, keying: ItemKeying = 'guid'): NormalisedItem[] {
  const seen = new Set<string>();
  const out: NormalisedItem[] = [];
  items.forEach((parsed, position) => {
    const item = capItem(parsed);
    const key = itemKey(item, keying);
    if (!key || seen.has(key)) return;
    seen.add(key);
    const text = itemText(item);
    out.push({
      ...item,
      sourceId,
      itemKey: key,
      publishedAt: effectiveDate(item, position, now),
      firstSeenAt: now.toISOString(),
      text,
      contentHash: sha1(JSON.stringify([item.title, item.summary, item.contentHtml, item.url, item.author, item.publishedAt, item.categories])),
    });
  });
  return out;
}
