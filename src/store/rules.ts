import { createHash } from 'node:crypto';
import { DAY_MS } from '../time.ts';

export { DAY_MS };
import type { BandIndex } from './band-index.ts';

/**
 * The rules every engine applies the same way, written once: a story's GUID, which copy represents it, the publishing
 * rate, retention's cut-offs. The engines only read and write the rows these rules are applied to.
 */

/** A story's public GUID, derived from the item that started it: it never changes as more outlets join. */
export function storyGuid(firstItem: { sourceId: string; itemKey: string }): string {
  return `urn:huiju:story:${createHash('sha256').update(`${firstItem.sourceId}\n${firstItem.itemKey}`).digest('hex').slice(0, 24)}`;
}

export interface StoryMember {
  id: number;
  sourceId: string;
  publishedAt: string;
  updatedAt: string | null;
  firstSeenAt: string;
}

/**
 * What a story shows, from its copies: the representative is the copy from the highest-priority source, then the
 * earliest, then the first stored; the story was last updated when any copy was first seen or last edited.
 */
export function storyHead(members: readonly StoryMember[], priorityOf: (sourceId: string) => number) {
  const rep = [...members].sort(
    (a, b) => priorityOf(b.sourceId) - priorityOf(a.sourceId) || a.publishedAt.localeCompare(b.publishedAt) || a.id - b.id,
  )[0]!;
  const updatedAt = members.reduce((max, m) => {
    const t = m.updatedAt && m.updatedAt > m.firstSeenAt ? m.updatedAt : m.firstSeenAt;
    return t > max ? t : max;
  }, rep.publishedAt);
  return { representativeId: rep.id, publishedAt: rep.publishedAt, updatedAt, itemCount: members.length };
}

/** The span a source's publishing rate is measured over. */
export const RATE_SPAN_MS = 7 * DAY_MS;

/**
 * The typical gap between a source's items: a week divided by the items it published in the last week (a whole week
 * when it published none). Null until huiju has followed the source for a week: a first fetch lists a backlog, which
 * says nothing about how often the source publishes.
 */
export function publishingGap(followedSince: string | null, publishedLastWeek: number, weekAgo: string): number | null {
  if (!followedSince || followedSince > weekAgo) return null;
  return RATE_SPAN_MS / Math.max(publishedLastWeek, 1);
}

/** Retention's cut-offs as the ISO times items and tombstones are stored with. */
export function retentionCutoffs(opts: { days: number; now: Date; tombstoneDays?: number }) {
  const nowMs = opts.now.getTime();
  return {
    items: new Date(nowMs - opts.days * DAY_MS).toISOString(),
    tombstones: new Date(nowMs - (opts.tombstoneDays ?? 2 * opts.days) * DAY_MS).toISOString(),
    prunedAt: opts.now.toISOString(),
  };
}

/** The window around a publication time, as the ISO strings items are stored with; null for an unreadable time. */
export function windowOf(publishedAt: string, windowMs: number): { from: string; to: string } | null {
  const at = Date.parse(publishedAt);
  if (Number.isNaN(at)) return null;
  return { from: new Date(at - windowMs).toISOString(), to: new Date(at + windowMs).toISOString() };
}

/** Copies of one URL or headline judged at most by the certain rules. */
export const EXACT_CANDIDATES = 64;

/** Rows read per band, newest first: a band that boilerplate made common must not turn one lookup into a scan. */
export const ROWS_PER_BAND = 32;
/** Near-duplicate candidates judged: those sharing the most bands with the new item, which are the most similar. */
export const BAND_CANDIDATES = 24;
/**
 * Of the items sharing a single band, only enough to fill this many places. With 30 bands of 2 rows, a pair of
 * unrelated texts at Jaccard 0.1 (common phrasing) shares a band 26% of the time but two bands under 4%, while a
 * reprint (Jaccard ≥ 0.4) shares two or more 96% of the time (every near-duplicate in eval/dedup/tuning.json
 * shares three or more). Single-band items are nearly all noise: judging them was a third of ingest on a 20,000-item
 * stream, for no merge (pair precision and recall 1.000 either way).
 */
export const SINGLE_BAND_CANDIDATES = 4;

/** Item ids sharing bands, ranked by bands shared (then newest), cut to those worth reading from the database. */
export function rankBandCandidates(shared: Map<number, number>): number[] {
  return [...shared]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .filter(([, bands], i) => bands >= 2 || i < SINGLE_BAND_CANDIDATES)
    .slice(0, BAND_CANDIDATES * 2)
    .map(([id]) => id);
}

/**
 * rankBandCandidates(index.shared(bands, ROWS_PER_BAND)), the same ids in the same order, without a map and a sort of
 * every item sharing a band. Their number grows with the items stored in the window, up to 30 × 32: across a
 * 100,000-item batch of generated news, from 54 items a lookup to 246, nearly all sharing a single band, of which at
 * most four are kept; in a batch of items alike but for a number, 958 ids (an item once for each band it shares) from
 * the start. Here the ids are counted by sorting them in a typed array, and only items sharing two bands or more are
 * ranked.
 */
export function nearCandidates(index: BandIndex, bands: readonly number[]): number[] {
  // Each id once for every band it shares: sorted, an item's shared bands are the length of its run.
  const found = index.found(bands, ROWS_PER_BAND).sort();
  const several: number[] = [];
  const single: number[] = [];
  for (let end = found.length; end > 0; ) {
    const id = found[end - 1]!;
    let start = end - 1;
    while (start > 0 && found[start - 1] === id) start--;
    if (end - start >= 2) several.push((end - start) * 2 ** 32 + id);
    else if (single.length < SINGLE_BAND_CANDIDATES) single.push(id); // newest first: the runs are read from the top
    end = start;
  }
  // Most bands shared, then newest: both in one number, an id being below 2 ** 32.
  const ranked = Float64Array.from(several).sort().reverse().subarray(0, BAND_CANDIDATES * 2);
  const out = Array.from(ranked, (key) => key % 2 ** 32);
  return out.concat(single.slice(0, Math.max(0, SINGLE_BAND_CANDIDATES - out.length)));
}
