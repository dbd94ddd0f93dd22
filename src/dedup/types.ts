/** The dedup stage's contract types: what the store hands in, what it persists and indexes, what comes back. */

export interface DedupInput {
  sourceId: string;
  url: string | null;
  title: string;
  /** Plain text of the fullest body: the content, else the summary (normalise/item.ts itemText). */
  text: string;
  publishedAt: string;
}

/** Keys computed once per item; the store keeps all but the bands, indexes canonicalUrl and titleKey, and keeps the
 * bands in memory (they follow from the fingerprint). */
export interface DedupFeatures {
  canonicalUrl: string | null;
  /** Normalised title: equal keys within the window are the same story. Empty when too short to trust. */
  titleKey: string;
  /** Content fingerprint: MinHash signature of title + body lead, `<shingle count>:<hex of 32-bit minima>`. */
  fingerprint: string;
  /** LSH band keys of the fingerprint, one 32-bit hash a band: a near-duplicate shares several with high probability. */
  bands: number[];
  /** Normalised lead of the body (at most SNIPPET_CHARS characters); the matcher compares it exactly. Store it. */
  snippet: string;
}

export interface StoryCandidate {
  storyId: number;
  itemId: number;
  sourceId: string;
  title: string;
  canonicalUrl: string | null;
  titleKey: string;
  fingerprint: string;
  publishedAt: string;
  /**
   * DedupFeatures.snippet of the stored item. Optional so older rows still match, but without it the matcher can
   * only estimate body similarity from the fingerprint, which is coarser on trimmed summaries.
   */
  snippet?: string;
}

export type MatchRule = 'canonical-url' | 'title' | 'near-duplicate';

export interface StoryMatch {
  storyId: number;
  matchedItemId: number;
  rule: MatchRule;
  /** 1 for exact rules; the measured similarity for near-duplicates. */
  similarity: number;
}
