/**
 * Deduplication: which stored story, if any, a new item belongs to. Pure functions; the store supplies candidates
 * found through the indexed keys in DedupFeatures, so the cost of a lookup does not grow with the database.
 */

export interface DedupInput {
  sourceId: string;
  url: string | null;
  title: string;
  /** Plain text of the summary or content. */
  text: string;
  publishedAt: string;
}

/** Keys computed once per item and stored with it; the store indexes every one of them. */
export interface DedupFeatures {
  canonicalUrl: string | null;
  /** Normalised title: equal keys within the window are the same story. Empty when too short to trust. */
  titleKey: string;
  /** Content fingerprint (hex), compared by the matcher. */
  fingerprint: string;
  /** LSH band keys of the fingerprint: a candidate shares at least one. */
  bands: string[];
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
}

export type MatchRule = 'canonical-url' | 'title' | 'near-duplicate';

export interface StoryMatch {
  storyId: number;
  matchedItemId: number;
  rule: MatchRule;
  /** 1 for exact rules; the measured similarity for near-duplicates. */
  similarity: number;
}

export interface DedupOptions {
  /** Only items published within this many ms of each other can be one story. */
  windowMs: number;
}

export const DEFAULT_DEDUP_OPTIONS: DedupOptions = { windowMs: 3 * 24 * 3600_000 };

const TRACKING_PARAM = /^(utm_.*|spm|from|share|share_.*|fbclid|gclid|mc_cid|mc_eid|isappinstalled|scene|src)$/i;

export function canonicalizeUrl(raw: string | null): string | null {
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) if (TRACKING_PARAM.test(key)) u.searchParams.delete(key);
  u.searchParams.sort();
  // Scheme is not part of a story's identity: http and https copies are the same page.
  return `${u.host}${u.pathname}${u.search}`.toLowerCase();
}

export function titleKey(title: string): string {
  const key = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
  return [...key].length >= 8 ? key : '';
}

export function computeFeatures(input: DedupInput): DedupFeatures {
  return { canonicalUrl: canonicalizeUrl(input.url), titleKey: titleKey(input.title), fingerprint: '', bands: [] };
}

export function matchStory(
  input: DedupInput,
  features: DedupFeatures,
  candidates: readonly StoryCandidate[],
  opts: DedupOptions = DEFAULT_DEDUP_OPTIONS,
): StoryMatch | null {
  const at = Date.parse(input.publishedAt);
  const inWindow = candidates.filter((c) => Math.abs(Date.parse(c.publishedAt) - at) <= opts.windowMs);
  const byUrl = features.canonicalUrl && candidates.find((c) => c.canonicalUrl === features.canonicalUrl);
  if (byUrl) return { storyId: byUrl.storyId, matchedItemId: byUrl.itemId, rule: 'canonical-url', similarity: 1 };
  const byTitle = features.titleKey && inWindow.find((c) => c.titleKey === features.titleKey);
  if (byTitle) return { storyId: byTitle.storyId, matchedItemId: byTitle.itemId, rule: 'title', similarity: 1 };
  return null;
}
