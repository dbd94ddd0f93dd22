import { computeFeatures, matchStory, type DedupFeatures, type DedupInput, type DedupOptions, type StoryMatch } from '../dedup/index.ts';
import type { RefreshCounts } from '../model/source.ts';
import { itemText, tagInput, type NormalisedItem } from '../normalise/item.ts';
import type { Db } from '../store/db.ts';
import { syncBandIndex } from '../store/bands.ts';
import { findExactCandidates, findItemByKey, findNearCandidates, insertItem, storedContentHtml, updateItem } from '../store/items.ts';
import { createStory, refreshStory } from '../store/stories.ts';
import { setItemTags } from '../store/tags.ts';
import { isTombstoned } from '../store/tombstones.ts';
import type { Tagger } from '../tag/index.ts';

export interface IngestContext {
  db: Db;
  tagger: Tagger;
  dedup: DedupOptions;
  /** feeds.json `priority` of a source: decides which outlet's copy represents a story. */
  priorityOf: (sourceId: string) => number;
}

/**
 * Store one source's batch: new items are matched to a story (or start one) and tagged; changed items are updated in
 * place; the rest is left alone. One transaction: a crash leaves the batch all stored or not at all.
 */
export function ingestItems(ctx: IngestContext, items: readonly NormalisedItem[]): RefreshCounts {
  const { db } = ctx;
  const counts: RefreshCounts = { new: 0, updated: 0, unchanged: 0 };
  if (items.length === 0) return counts;
  const newest = items.reduce((max, i) => (i.firstSeenAt > max ? i.firstSeenAt : max), items[0]!.firstSeenAt);
  const bandsSince = new Date(Date.parse(newest) - bandLifetimeMs(ctx.dedup.windowMs)).toISOString();
  db.transaction(() => {
    syncBandIndex(db, bandsSince);
    const touched = new Set<number>();
    // Feeds list newest first; storing oldest first makes row order follow publication.
    for (const item of [...items].reverse()) {
      const existing = findItemByKey(db, item.sourceId, item.itemKey);
      if (existing) {
        if (existing.contentHash === item.contentHash) {
          counts.unchanged++;
          continue;
        }
        const edited = item.contentHtml ? item : withStoredBody(db, existing.id, item);
        updateItem(db, existing.id, edited, computeFeatures(dedupInputOf(edited), ctx.dedup));
        setItemTags(db, existing.id, ctx.tagger.tag(tagInput(edited)));
        touched.add(existing.storyId);
        counts.updated++;
        continue;
      }
      const dedupInput = dedupInputOf(item);
      // Retention removed it, but the feed still lists it: not new.
      if (isTombstoned(db, item.sourceId, item.itemKey)) {
        counts.unchanged++;
        continue;
      }
      const features = computeFeatures(dedupInput, ctx.dedup);
      const match = placeItem(ctx, dedupInput, features);
      const storyId = match?.storyId ?? createStory(db, item);
      const id = insertItem(db, item, storyId, features, match);
      setItemTags(db, id, ctx.tagger.tag(tagInput(item)));
      touched.add(storyId);
      counts.new++;
    }
    for (const storyId of touched) refreshStory(db, storyId, ctx.priorityOf);
  })();
  return counts;
}

function dedupInputOf(item: NormalisedItem): DedupInput {
  return { sourceId: item.sourceId, url: item.url, title: item.title, text: item.text, publishedAt: item.publishedAt };
}

/**
 * An edited entry that carries no body, as a scraped list's does: the body read from its article page when it was
 * stored stays, and its text is taken from that body, not from the list's summary alone.
 */
function withStoredBody(db: Db, id: number, item: NormalisedItem): NormalisedItem {
  const contentHtml = storedContentHtml(db, id);
  return contentHtml ? { ...item, contentHtml, text: itemText({ summary: item.summary, contentHtml }) } : item;
}

/**
 * How long an item's fingerprint bands stay in the band index: two dedup windows and a day, at least a week. A band
 * lookup keeps only candidates published within the window of the new item, so older bands serve only copies that
 * arrive late, and the index's memory grows with what it holds (about 0.5 kB an item).
 */
const bandLifetimeMs = (windowMs: number) => Math.max(7 * 86_400_000, 2 * windowMs + 86_400_000);

/**
 * The stored story a new item belongs to, if any. The certain rules (canonical URL, headline) are tried on their own
 * cheap lookups first: a match there outranks any near-duplicate, so the fingerprint-band lookup, the costliest step
 * of ingest, runs only for items they leave unplaced.
 */
function placeItem(ctx: IngestContext, input: DedupInput, features: DedupFeatures): StoryMatch | null {
  const exact = findExactCandidates(ctx.db, features, input.publishedAt, ctx.dedup.windowMs);
  const certain = exact.length ? matchStory(input, features, exact, ctx.dedup) : null;
  if (certain) return certain;
  const judged = new Set(exact.map((c) => c.itemId));
  const near = findNearCandidates(ctx.db, features, input.publishedAt, ctx.dedup.windowMs).filter((c) => !judged.has(c.itemId));
  return near.length ? matchStory(input, features, near, ctx.dedup) : null;
}
