/** Per-item keys, computed once at ingest: canonical URL, title key, MinHash fingerprint (stored) and its bands (not). */
import { decodeFingerprint, encodeFingerprint, minHashBands, minHashSignature, type MinHashParams } from './minhash.ts';
import { normaliseBody, normaliseTitle } from './normalise.ts';
import { DEFAULT_DEDUP_OPTIONS, type DedupOptions } from './options.ts';
import { shingles } from './shingles.ts';
import type { DedupFeatures, DedupInput } from './types.ts';
import { canonicalizeUrl } from './url.ts';

export interface FingerprintParams extends MinHashParams {
  /** Shingle length in characters. */
  shingleSize: number;
  /** Body characters (after normalisation) fingerprinted with the title: the lead is what reprints and trimmed
   * summaries share; the rest of a long article only dilutes the similarity of a summary to it. */
  leadChars: number;
}

/** Chosen on eval/dedup/tuning.json; `npm run eval:dedup` prints the comparison with other settings. */
export const FINGERPRINT_PARAMS: FingerprintParams = { shingleSize: 3, bands: 30, rows: 2, leadChars: 150 };

/** Characters of the normalised body kept in DedupFeatures.snippet for the matcher's exact comparison. */
export const SNIPPET_CHARS = 300;

/** Titles shorter than this (folded) are too generic to merge on equality alone (`快讯`, `早报`). */
export const MIN_TITLE_KEY_CHARS = 8;

export function titleKey(title: string): string {
  const key = normaliseTitle(title);
  return [...key].length >= MIN_TITLE_KEY_CHARS ? key : '';
}

/** The text a fingerprint is taken over: normalised title followed by the body lead. */
export function fingerprintText(normalisedTitle: string, snippet: string, leadChars: number): string {
  return normalisedTitle + [...snippet].slice(0, leadChars).join('');
}

export function computeFeatures(
  input: DedupInput,
  opts: DedupOptions = DEFAULT_DEDUP_OPTIONS,
  params: FingerprintParams = FINGERPRINT_PARAMS,
): DedupFeatures {
  const title = normaliseTitle(input.title);
  const snippet = normaliseBody(input.text, Math.max(SNIPPET_CHARS, params.leadChars));
  const set = shingles(fingerprintText(title, snippet, params.leadChars), params.shingleSize);
  const sig = minHashSignature(set, params.bands * params.rows);
  return {
    canonicalUrl: canonicalizeUrl(input.url, opts.url ?? DEFAULT_DEDUP_OPTIONS.url),
    titleKey: [...title].length >= MIN_TITLE_KEY_CHARS ? title : '',
    fingerprint: encodeFingerprint(sig, set.length),
    bands: minHashBands(sig, set.length, params),
    snippet: [...snippet].slice(0, SNIPPET_CHARS).join(''),
  };
}

/**
 * The band keys of a stored fingerprint, as computeFeatures gave them: bands are not stored, so the store's
 * in-memory band index is rebuilt from fingerprints. Empty for a malformed or too-short fingerprint.
 */
export function bandsOfFingerprint(fingerprint: string, params: FingerprintParams = FINGERPRINT_PARAMS): number[] {
  const decoded = decodeFingerprint(fingerprint);
  return decoded && decoded.sig.length === params.bands * params.rows ? minHashBands(decoded.sig, decoded.shingleCount, params) : [];
}
