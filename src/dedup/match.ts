/**
 * The decision: which candidate story a new item belongs to. Rules in order of certainty: same canonical URL,
 * same title key within the window (unless the bodies clearly disagree), then near-duplicate text within the window.
 */
import { MIN_TITLE_KEY_CHARS } from './features.ts';
import { decodeFingerprint, estimateJaccard } from './minhash.ts';
import { normaliseTitle } from './normalise.ts';
import { DEFAULT_DEDUP_OPTIONS, resolveDedupOptions, type DedupOptions } from './options.ts';
import { containment, intersectionSize, shingles, type ShingleSet } from './shingles.ts';
import { differingFact } from './fact-guard.ts';
import { areTemplateTwins } from './title-guard.ts';
import type { DedupFeatures, DedupInput, StoryCandidate, StoryMatch } from './types.ts';

/** A body lead shorter than this (folded characters) says too little to merge or to split on. */
const MIN_BODY_CHARS = 40;
/** Even a one-sentence lead names its figures and places: 论坛18日在重庆市北碚区举行 is not 26日在常德市. */
const MIN_FACT_BODY_CHARS = 10;
/** Shorter lead needed before body similarity alone may merge items whose headlines were rewritten. */
const MIN_STRONG_BODY_CHARS = 50;
/** Below this body containment, equal titles are a recurring column (`每日AI快讯`), not one story. */
const TITLE_BODY_CONFLICT = 0.2;
/** Shared 3-gram shingles (≈ characters of identical running text) that prove a reprint under any headline, when
 * they also make up most of the shorter lead: 人民日报 pages that open with a photo caption before the wire copy. */
const LONG_SHARED_PASSAGE = 100;
const LONG_SHARED_MIN_CONTAINMENT = 0.6;
const BODY_SHINGLE = 3;
const TITLE_SHINGLE = 2;

interface Side {
  title: string;
  titleShingles: ShingleSet;
  body: string;
  /** Characters (code points) of the body: compared for every candidate, so counted once. */
  bodyChars: number;
  bodyShingles: ShingleSet;
  fingerprint: string;
}

function side(title: string, body: string, fingerprint: string): Side {
  return {
    title,
    titleShingles: shingles(title, TITLE_SHINGLE),
    body,
    bodyChars: codePoints(body),
    bodyShingles: shingles(body, BODY_SHINGLE),
    fingerprint,
  };
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * The same stored items come back as candidates for item after item (a wire story's copies, a site's boilerplate
 * lead), so their sides are kept for a while instead of being rebuilt for every comparison: the profile of a
 * 1,000-source cold cycle spent a third of its time re-shingling candidates. Keyed by item id and checked against
 * the candidate's text, so an edited item, or another database's item with the same id, is never served stale.
 */
const SIDE_CACHE_SIZE = 1024;
const sideCache = new Map<number, Side>();

function candidateSide(c: StoryCandidate): Side {
  const title = c.titleKey || normaliseTitle(c.title);
  const body = c.snippet ?? '';
  const hit = sideCache.get(c.itemId);
  if (hit && hit.title === title && hit.body === body && hit.fingerprint === c.fingerprint) return hit;
  const made = side(title, body, c.fingerprint);
  sideCache.delete(c.itemId);
  if (sideCache.size >= SIDE_CACHE_SIZE) sideCache.delete(sideCache.keys().next().value!);
  sideCache.set(c.itemId, made);
  return made;
}

interface Verdict {
  rule: 'title' | 'near-duplicate';
  similarity: number;
}

function bodySimilarity(a: Side, b: Side): number | null {
  if (Math.min(a.bodyChars, b.bodyChars) < MIN_BODY_CHARS) return null;
  return containment(a.bodyShingles, b.bodyShingles);
}

/**
 * A republisher's new headline is often the lead's first clause (`墨西哥中部莫雷洛斯州检方18日发布公告说`): one
 * headline found word for word in the other's lead is half the proof; the caller asks the leads for the rest.
 */
function headlineFromLead(a: Side, b: Side): boolean {
  const fromLead = (x: Side, y: Side) => x.title.length >= MIN_TITLE_KEY_CHARS && y.body.includes(x.title);
  return fromLead(a, b) || fromLead(b, a);
}

/** The shorter lead, of at least MIN_BODY_CHARS, is the longer one or its beginning, word for word. */
function sharedOpening(a: Side, b: Side): boolean {
  const [short, long] = a.bodyChars <= b.bodyChars ? [a, b] : [b, a];
  return short.bodyChars >= MIN_BODY_CHARS && long.body.startsWith(short.body);
}

/** Without a stored snippet the fingerprint's Jaccard estimate (title + lead) stands in for the body measure. */
function fingerprintSimilarity(a: Side, b: Side): number | null {
  const fa = decodeFingerprint(a.fingerprint);
  const fb = decodeFingerprint(b.fingerprint);
  if (!fa || !fb || fa.shingleCount < MIN_BODY_CHARS || fb.shingleCount < MIN_BODY_CHARS) return null;
  return estimateJaccard(fa.sig, fb.sig);
}

function judge(
  a: Side,
  b: Side,
  sameTitleKey: boolean,
  hasSnippet: boolean,
  opts: Required<DedupOptions>,
): Verdict | null {
  const verdict = similar(a, b, sameTitleKey, hasSnippet, opts);
  // Template twins share a headline or most of a lead and differ in what was filled in (a city, a figure): checked
  // only once the texts look alike, as aligning two leads costs more than comparing shingles.
  if (verdict && hasSnippet && Math.min(a.bodyChars, b.bodyChars) >= MIN_FACT_BODY_CHARS && differingFact(a.body, b.body, a.title, b.title)) {
    return null;
  }
  return verdict;
}

function similar(
  a: Side,
  b: Side,
  sameTitleKey: boolean,
  hasSnippet: boolean,
  opts: Required<DedupOptions>,
): Verdict | null {
  const body = hasSnippet ? bodySimilarity(a, b) : fingerprintSimilarity(a, b);
  if (sameTitleKey) {
    if (body !== null && body < TITLE_BODY_CONFLICT) return null;
    return { rule: 'title', similarity: 1 };
  }
  // Press-release templates differ in one name. Only the headline is checked: in a body, one swapped word is as
  // often a copy-editor's touch (今天 → 当天) as a different subject, and the title says which it is.
  if (areTemplateTwins(a.title, b.title)) return null;
  // A headline-less item (a paragraph, a quote) has only its words: when they are, once width, script,
  // punctuation, datelines and credits are folded away, the other's lead or its beginning, over a lead long enough to
  // say something, it is a copy (carried under a wire label, in Traditional script, in full-width, trimmed), even
  // where the lead is too short for the similarity rules. Items that both have headlines are left to those rules:
  // different stories open with one editor's note (tuning: up to 104 shared leading characters).
  if (hasSnippet && (!a.title || !b.title) && sharedOpening(a, b)) return { rule: 'near-duplicate', similarity: 1 };
  if (hasSnippet && Math.min(a.bodyChars, b.bodyChars) >= MIN_FACT_BODY_CHARS && headlineFromLead(a, b)) {
    // Short leads too: the headline itself is the shared text.
    const lead = containment(a.bodyShingles, b.bodyShingles);
    if (lead >= opts.strongBodySimilarity) return { rule: 'near-duplicate', similarity: lead };
  }
  const title = containment(a.titleShingles, b.titleShingles);
  if (body === null) return title >= opts.titleOnlySimilarity ? { rule: 'near-duplicate', similarity: title } : null;
  if (body >= opts.minBodySimilarity && title >= opts.minTitleSimilarity) {
    return { rule: 'near-duplicate', similarity: body };
  }
  const shorter = Math.min(a.bodyChars, b.bodyChars);
  if (body >= opts.strongBodySimilarity && (shorter >= MIN_STRONG_BODY_CHARS || !hasSnippet)) {
    return { rule: 'near-duplicate', similarity: body };
  }
  if (hasSnippet && body >= LONG_SHARED_MIN_CONTAINMENT) {
    if (intersectionSize(a.bodyShingles, b.bodyShingles) >= LONG_SHARED_PASSAGE) return { rule: 'near-duplicate', similarity: body };
  }
  return null;
}

export function matchStory(
  input: DedupInput,
  features: DedupFeatures,
  candidates: readonly StoryCandidate[],
  options: DedupOptions = DEFAULT_DEDUP_OPTIONS,
): StoryMatch | null {
  const opts = resolveDedupOptions(options);
  if (features.canonicalUrl) {
    const byUrl = candidates.find((c) => c.canonicalUrl === features.canonicalUrl);
    if (byUrl) return { storyId: byUrl.storyId, matchedItemId: byUrl.itemId, rule: 'canonical-url', similarity: 1 };
  }
  const at = Date.parse(input.publishedAt);
  if (Number.isNaN(at)) return null; // no trustworthy time: only the URL rule can place it
  const inWindow = candidates.filter((c) => Math.abs(Date.parse(c.publishedAt) - at) <= opts.windowMs);
  if (inWindow.length === 0) return null;

  const self = side(features.titleKey || normaliseTitle(input.title), features.snippet, features.fingerprint);
  const titleKeyTrusted = features.titleKey !== '' && codePoints(features.titleKey) >= MIN_TITLE_KEY_CHARS;
  let best: (StoryMatch & { rank: number }) | null = null;
  for (const c of inWindow) {
    const other = candidateSide(c);
    const sameTitleKey = titleKeyTrusted && c.titleKey === features.titleKey;
    const verdict = judge(self, other, sameTitleKey, c.snippet !== undefined, opts);
    if (!verdict) continue;
    // Exact title beats any similarity; among near-duplicates the closest wins.
    const rank = verdict.rule === 'title' ? 2 : verdict.similarity;
    if (!best || rank > best.rank) {
      best = { storyId: c.storyId, matchedItemId: c.itemId, rule: verdict.rule, similarity: verdict.similarity, rank };
    }
  }
  if (!best) return null;
  const { rank: _rank, ...match } = best;
  return match;
}

