/**
 * Deduplication: which stored story, if any, a new item belongs to. Pure functions; the store supplies candidates
 * found through the indexed keys in DedupFeatures (canonicalUrl, titleKey, each band), so the cost of a lookup
 * does not grow with the database.
 */
export type { DedupFeatures, DedupInput, MatchRule, StoryCandidate, StoryMatch } from './types.ts';
export {
  DEFAULT_CANONICAL_URL_OPTIONS,
  DEFAULT_DEDUP_OPTIONS,
  type CanonicalUrlOptions,
  type DedupOptions,
} from './options.ts';
export { canonicalizeUrl } from './url.ts';
export { bandsOfFingerprint, computeFeatures, titleKey, FINGERPRINT_PARAMS, SNIPPET_CHARS, type FingerprintParams } from './features.ts';
export { matchStory } from './match.ts';
export { normaliseBody, normaliseTitle, stripDatelines } from './normalise.ts';
