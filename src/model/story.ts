/**
 * What a reader sees: a story (one piece of news, however many outlets carried it) with its copies. The store returns
 * these; publish/ and http/ render them.
 */

/** Filters shared by every feed and API listing. Validated at the HTTP edge. */
export interface StoryFilter {
  /** Any of these tags. */
  tags?: readonly string[];
  /** Carried by any of these sources. */
  sources?: readonly string[];
  /** Full-text query: one copy of the story must contain every whitespace-separated term, in its title or text. */
  q?: string;
  since?: string;
  until?: string;
  /** Keyset cursor (date order): stories strictly older than this position. */
  after?: { publishedAt: string; id: number };
  /**
   * `date` (newest first) or `relevance` (best match of any copy, then newest): relevance needs `q`. Default `date`.
   * Relevance pages by `offset`: ranks shift as stories arrive, so no keyset can be exact there. `hot`: by how many
   * distinct outlets carried the story and how fast, within a window (src/store/hot.ts); pages by `offset` too.
   */
  sort?: 'date' | 'relevance' | 'hot';
  offset?: number;
  limit: number;
}

export interface StoryCopy {
  itemId: number;
  source: string;
  url: string | null;
  title: string;
  publishedAt: string;
  /** Why this copy joined the story; null for the item that started it. */
  matchRule: string | null;
  matchSimilarity: number | null;
}

export interface StorySummary {
  id: number;
  /** The representative copy's item id. */
  itemId: number;
  guid: string;
  title: string;
  url: string | null;
  source: string;
  author: string | null;
  summary: string | null;
  contentHtml: string | null;
  categories: string[];
  publishedAt: string;
  /** When huiju last saw the story change (a copy added or edited): the feeds' Last-Modified. */
  updatedAt: string;
  /** The representative copy's own edit time, as its feed gave it; null when it gave none. */
  itemUpdatedAt: string | null;
  tags: string[];
  /** Every other outlet's copy of the story. */
  duplicates: StoryCopy[];
  /**
   * Only in a listing that left the text out (ListOptions.content 'stamp'): a value that changes whenever the
   * representative's summary or contentHtml does (its content hash, stored beside them by every write of the text).
   */
  textStamp?: string;
}

/** The tags one copy of a story received, with the terms that matched. */
export interface TagEvidenceRow {
  itemId: number;
  tag: string;
  score: number;
  evidence: unknown;
}

/** The whitespace-separated terms of a query, as every engine's search matches them. */
export function queryTerms(q: string | undefined): string[] {
  return q?.split(/\s+/).filter(Boolean) ?? [];
}
