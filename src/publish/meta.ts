export type FeedFormat = 'rss' | 'atom' | 'json';

/** What a feed says about itself, independent of its format. */
export interface FeedMeta {
  title: string;
  description: string;
  /** Absolute URL of the page a reader opens for this feed. */
  homeUrl: string;
  /** Absolute URLs of this feed in each format. */
  links: Record<FeedFormat, string>;
  /** WebSub hubs that announce this feed's changes (W3C WebSub §4): `rel="hub"` links, JSON Feed `hubs`. */
  hubs?: readonly string[];
  /** Time of the latest change to anything the feed lists. */
  updated: Date;
  /** Absolute URL of the web page listing one tag's stories (category domain / scheme). */
  tagUrl(tag: string): string;
  /**
   * Absolute URL of the web page listing one outlet's stories (the outlet categories' domain / scheme). Without it,
   * the home page filtered by source: `${homeUrl}?source=ID`.
   */
  outletUrl?(source: string): string;
}

/** The outlet categories' domain for one outlet (RSS), or their scheme with `''` (Atom). */
export function outletUrl(meta: FeedMeta, source: string): string {
  return meta.outletUrl ? meta.outletUrl(source) : `${meta.homeUrl}?source=${encodeURIComponent(source)}`;
}
