/**
 * huiju's own item model: what every input format (RSS, Atom, RDF, scraped HTML, JSON APIs) is adapted to.
 * It is the contract between the parse/scrape stages and everything after them.
 */

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

/** Why an item's publishedAt is not simply the date its feed gave. */
export type DateFlag =
  | 'missing' // the entry carried no date: first-seen time is used
  | 'unparseable' // a date was there but could not be read: first-seen time is used
  | 'future' // more than a day ahead of the fetch: first-seen time is used
  | 'date-only' // only a calendar day was given (人民网 stamps every item with the feed's day)
  | null;

/** One entry as the parse stage delivers it: plain, absolute, UTC, sanitised. */
export interface ParsedItem {
  /** The feed's own identifier (RSS guid, Atom id, rdf:about), trimmed; null when absent. */
  guid: string | null;
  /** Absolute http(s) URL of the article, resolved against the document URL and xml:base. */
  url: string | null;
  /** Plain text, entities decoded, whitespace collapsed. Empty string when the entry has none. */
  title: string;
  /** Plain-text summary (HTML stripped), or null. */
  summary: string | null;
  /** Sanitised HTML of the fullest content the entry carries, or null. */
  contentHtml: string | null;
  author: string | null;
  /** ISO 8601 UTC (`2024-07-03T23:21:00.000Z`), or null when the stage could not trust one (see dateFlag). */
  publishedAt: string | null;
  updatedAt: string | null;
  dateFlag: DateFlag;
  /** The entry's own categories, as given. */
  categories: string[];
  enclosures: Enclosure[];
}

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json' | 'html';

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site the feed belongs to (channel link / Atom alternate link). */
  siteUrl: string | null;
  items: ParsedItem[];
  /** Problems that were recovered from (truncated document, skipped entries …), in plain words. */
  warnings: string[];
}
