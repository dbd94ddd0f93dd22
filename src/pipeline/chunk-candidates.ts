import type { DedupFeatures, StoryCandidate } from '../dedup/index.ts';
import { BAND_CANDIDATES, EXACT_CANDIDATES, rankBandCandidates, windowOf } from '../store/rules.ts';

/**
 * The items a chunk has placed so far, as candidates for the items after them in the same chunk. The store answers
 * for items stored before the chunk (StoreTx.findCandidates, asked once a chunk); these are matched here by the same
 * rules: the same canonical URL, or the same title key within the window, or shared fingerprint bands within it.
 */
export class ChunkCandidates {
  private readonly placed: { candidate: StoryCandidate; bands: ReadonlySet<number> }[] = [];

  constructor(private readonly windowMs: number) {}

  add(candidate: StoryCandidate, bands: readonly number[]): void {
    this.placed.push({ candidate, bands: new Set(bands) });
  }

  exact(f: DedupFeatures, publishedAt: string): StoryCandidate[] {
    const window = windowOf(publishedAt, this.windowMs);
    return this.placed
      .filter(
        ({ candidate: c }) =>
          (f.canonicalUrl !== null && c.canonicalUrl === f.canonicalUrl) ||
          (f.titleKey !== '' && window !== null && c.titleKey === f.titleKey && c.publishedAt >= window.from && c.publishedAt <= window.to),
      )
      .slice(0, EXACT_CANDIDATES)
      .map((p) => p.candidate);
  }

  /** Placed items sharing bands with `f` within the window, ranked and cut as the store ranks its own. */
  near(f: DedupFeatures, publishedAt: string): StoryCandidate[] {
    const window = windowOf(publishedAt, this.windowMs);
    if (!window || f.bands.length === 0) return [];
    const shared = new Map<number, number>();
    const byId = new Map<number, StoryCandidate>();
    for (const { candidate: c, bands } of this.placed) {
      if (c.publishedAt < window.from || c.publishedAt > window.to) continue;
      const n = f.bands.reduce((sum, b) => sum + (bands.has(b) ? 1 : 0), 0);
      if (n === 0) continue;
      shared.set(c.itemId, n);
      byId.set(c.itemId, c);
    }
    return rankBandCandidates(shared)
      .slice(0, BAND_CANDIDATES)
      .map((id) => byId.get(id)!);
  }
}
