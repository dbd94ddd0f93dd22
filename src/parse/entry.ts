import type { Enclosure, FeedFormat } from '../model/item.ts';

/** A piece of text as the feed gave it, and whether it is HTML markup or plain text. */
export interface FeedText {
  value: string;
  html: boolean;
}

/** One entry read out of RSS, RDF or Atom, before huiju's normalising: the format adapters' common output. */
export interface RawEntry {
  id: string | null;
  /** Already absolute (document URL + xml:base). */
  link: string | null;
  title: FeedText | null;
  summary: FeedText | null;
  content: FeedText | null;
  /** Base URI in effect for the entry's HTML (xml:base of the content element). */
  contentBase: string;
  author: string | null;
  published: string | null;
  updated: string | null;
  /** Text that may be a date where no date element exists (Xinhua writes it bare after </link>). */
  looseDate: string | null;
  categories: string[];
  enclosures: Enclosure[];
}

export interface RawFeed {
  format: FeedFormat;
  title: FeedText | null;
  siteUrl: string | null;
  entries: RawEntry[];
}

export function enclosureLength(raw: string | undefined): number | null {
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return null;
  return Number(raw);
}

/** First non-empty string of the candidates. */
export function firstOf(...values: (string | null | undefined)[]): string | null {
  for (const v of values) {
    const t = v?.trim();
    if (t) return t;
  }
  return null;
}
