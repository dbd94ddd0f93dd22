import { computeFeatures, matchStory, type DedupFeatures, type DedupInput, type DedupOptions, type StoryMatch } from '../dedup/index.ts';
import type { RefreshCounts } from '../model/source.ts';
import { itemText, tagInput, type NormalisedItem } from '../normalise/item.ts';
import { onePerStory } from '../push/routes.ts';
import type { OutboxEntry } from '../store/outbox.ts';
import type { Store, StoredCandidates, StoredItemRef, StoreTx } from '../store/store.ts';
import { ChunkCandidates } from './chunk-candidates.ts';
import { precomputedFeatures } from './parse-pool.ts';
import { dedupInputOf } from './read-feed.ts';
import type { Tagger } from '../tag/index.ts';
import { DAY_MS } from '../time.ts';

export interface IngestContext {
  store: Store;
  tagger: Tagger;
  dedup: DedupOptions;
  /** feeds.json `priority` of a source: decides which outlet's copy represents a story. */
  priorityOf: (sourceId: string) => number;
  /**
   * The notify channels a story goes to (push/routes.ts), queued in the same transaction that stores it: `update` is
   * true for an item that joined or changed a stored story. Absent: nothing is queued.
   */
  outbox?: (story: { storyId: number; sourceId: string; tags: string[]; title: string; text: string; publishedAt: string }, update: boolean) => OutboxEntry[];
}

/**
 * Items stored per transaction. A document is stored in chunks so that one long document (a source listing 100,000
 * items) never holds the write lock, or the event loop that also answers HTTP, for longer than one chunk.
 */
export const INGEST_CHUNK = 64;

/**
 * Store one source's batch: new items are matched to a story (or start one) and tagged; changed items are updated in
 * place; the rest is left alone. Each chunk of items is one transaction. The caller saves the source's validators
 * (ETag) only after the last: a crash part-way leaves whole items stored and no ETag saved, so the next fetch reads the
 * whole document again, finds the stored items unchanged and stores the rest.
 */
export async function ingestItems(ctx: IngestContext, items: readonly NormalisedItem[]): Promise<RefreshCounts> {
  const counts: RefreshCounts = { new: 0, updated: 0, unchanged: 0 };
  // Feeds list newest first; storing oldest first makes row order follow publication.
  const ordered = [...items].reverse();
  if (items.length === 0) return counts;
  const bandsSince = bandsSinceOf(items, ctx.dedup.windowMs);
  for (let start = 0; start < ordered.length; start += INGEST_CHUNK) {
    const chunk = ordered.slice(start, start + INGEST_CHUNK);
    const stored = await ctx.store.transaction((tx) => ingestChunk(ctx, tx, chunk, bandsSince));
    counts.new += stored.new;
    counts.updated += stored.updated;
    counts.unchanged += stored.unchanged;
  }
  return counts;
}

async function ingestChunk(ctx: IngestContext, tx: StoreTx, items: readonly NormalisedItem[], bandsSince: string): Promise<RefreshCounts> {
  const counts: RefreshCounts = { new: 0, updated: 0, unchanged: 0 };
  await tx.syncBandIndex(bandsSince);
  const stored = new Map<string, Map<string, StoredItemRef>>();
  const tombstoned = new Map<string, Set<string>>();
  for (const sourceId of new Set(items.map((i) => i.sourceId))) {
    const keys = items.filter((i) => i.sourceId === sourceId).map((i) => i.itemKey);
    stored.set(sourceId, await tx.findItemsByKeys(sourceId, keys));
    tombstoned.set(sourceId, await tx.tombstonedKeys(sourceId, keys));
  }
  const touched = new Set<number>();
  const queued: OutboxEntry[] = [];
  const queue = (storyId: number, item: NormalisedItem, tags: readonly { tag: string }[], update: boolean) => {
    if (ctx.outbox) queued.push(...ctx.outbox({ storyId, sourceId: item.sourceId, tags: tags.map((t) => t.tag), title: item.title, text: item.text, publishedAt: item.publishedAt }, update));
  };
  const update = async (existing: StoredItemRef, item: NormalisedItem) => {
    if (existing.contentHash === item.contentHash) {
      counts.unchanged++;
      return;
    }
    const edited = item.contentHtml ? item : await withStoredBody(tx, existing.id, item);
    await tx.updateItem(existing.id, edited, featuresOf(edited, ctx.dedup));
    const tags = ctx.tagger.tag(tagInput(edited));
    await tx.setItemTags(existing.id, tags);
    queue(existing.storyId, edited, tags, true);
    // A feed that lists one key twice: the second copy is compared with the first as stored.
    existing.contentHash = item.contentHash;
    touched.add(existing.storyId);
    counts.updated++;
  };

  // Stored items first: changed ones are updated, the rest left alone. New ones are placed together below.
  const fresh: { item: NormalisedItem; input: DedupInput; features: DedupFeatures }[] = [];
  const repeats: NormalisedItem[] = [];
  const freshKeys = new Set<string>();
  for (const item of items) {
    const existing = stored.get(item.sourceId)!.get(item.itemKey);
    const key = `${item.sourceId}\n${item.itemKey}`;
    if (existing) await update(existing, item);
    // Retention removed it, but the feed still lists it: not new.
    else if (tombstoned.get(item.sourceId)!.has(item.itemKey)) counts.unchanged++;
    else if (freshKeys.has(key)) repeats.push(item);
    else {
      freshKeys.add(key);
      fresh.push({ item, input: dedupInputOf(item), features: featuresOf(item, ctx.dedup) });
    }
  }

  const candidates = fresh.length ? await tx.findCandidates(fresh.map((f) => ({ features: f.features, publishedAt: f.input.publishedAt })), ctx.dedup.windowMs) : [];
  const placed = new ChunkCandidates(ctx.dedup.windowMs);
  for (const [i, { item, input, features }] of fresh.entries()) {
    const match = placeItem(ctx, input, features, candidates[i]!, placed);
    const storyId = match?.storyId ?? (await tx.createStory(item));
    const id = await tx.insertItem(item, storyId, features, match);
    const tags = ctx.tagger.tag(tagInput(item));
    await tx.setItemTags(id, tags);
    queue(storyId, item, tags, match !== null);
    stored.get(item.sourceId)!.set(item.itemKey, { id, storyId, contentHash: item.contentHash });
    const { canonicalUrl, titleKey, fingerprint, snippet } = features;
    placed.add({ itemId: id, storyId, sourceId: item.sourceId, title: item.title, publishedAt: item.publishedAt, canonicalUrl, titleKey, fingerprint, snippet }, features.bands);
    touched.add(storyId);
    counts.new++;
  }
  for (const item of repeats) await update(stored.get(item.sourceId)!.get(item.itemKey)!, item);
  await tx.refreshStories([...touched], ctx.priorityOf);
  if (queued.length) await tx.enqueueOutbox(onePerStory(queued));
  return counts;
}

/** An item's dedup features: computed by a parse worker while it read the document (parse-pool.ts), else here. */
function featuresOf(item: NormalisedItem, dedup: DedupOptions): DedupFeatures {
  return precomputedFeatures(item, dedup) ?? computeFeatures(dedupInputOf(item), dedup);
}

/**
 * An edited entry that carries no body, as a scraped list's does: the body read from its article page when it was
 * stored stays, and its text is taken from that body, not from the list's summary alone.
 */
async function withStoredBody(tx: StoreTx, id: number, item: NormalisedItem): Promise<NormalisedItem> {
  const contentHtml = await tx.storedContentHtml(id);
  return contentHtml ? { ...item, contentHtml, text: itemText({ summary: item.summary, contentHtml }) } : item;
}

/**
 * How long an item's fingerprint bands stay in the band index: two dedup windows and a day, at least a week. A band
 * lookup keeps only candidates published within the window of the new item, so older bands serve only copies that
 * arrive late, and the index's memory grows with what it holds (about 0.5 kB an item).
 */
const bandLifetimeMs = (windowMs: number) => Math.max(7 * DAY_MS, 2 * windowMs + DAY_MS);

function bandsSinceOf(items: readonly NormalisedItem[], windowMs: number): string {
  const newest = items.reduce((max, i) => (i.firstSeenAt > max ? i.firstSeenAt : max), items[0]!.firstSeenAt);
  return new Date(Date.parse(newest) - bandLifetimeMs(windowMs)).toISOString();
}

/**
 * The story a new item belongs to, if any, among the stored candidates and the items placed earlier in its chunk. The
 * certain rules (canonical URL, headline) are tried first: a match there outranks any near-duplicate.
 */
function placeItem(ctx: IngestContext, input: DedupInput, features: DedupFeatures, stored: StoredCandidates, chunk: ChunkCandidates): StoryMatch | null {
  const exact = [...stored.exact, ...chunk.exact(features, input.publishedAt)];
  const certain = exact.length ? matchStory(input, features, exact, ctx.dedup) : null;
  if (certain) return certain;
  const judged = new Set(exact.map((c) => c.itemId));
  const near = [...chunk.near(features, input.publishedAt), ...stored.near].filter((c) => !judged.has(c.itemId));
  return near.length ? matchStory(input, features, near, ctx.dedup) : null;
}
