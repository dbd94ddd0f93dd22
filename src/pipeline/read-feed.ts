/**
 * The pure part of a feed refresh, from the document's text to the items ingest stores: parse (sanitising included),
 * normalise, and each item's dedup features and tags. Pure, so it runs the same on the main thread and in a parse worker
 * (parse-pool.ts, parse-worker.ts).
 */
import { computeFeatures, type DedupFeatures, type DedupInput, type DedupOptions } from '../dedup/index.ts';
import type { ParsedFeed } from '../model/item.ts';
import { normaliseItems, tagInput, type ItemKeying, type NormalisedItem } from '../normalise/item.ts';
import { parseFeed } from '../parse/index.ts';
import type { TagMatch, Tagger, TagRuleInput } from '../tag/index.ts';

export interface ReadFeedJob {
  sourceId: string;
  text: string;
  /** The document's URL after redirects. */
  url: string;
  timezone: string;
  now: Date;
  dedup: DedupOptions;
  /** How the source's items are told apart (pipeline/item-keying.ts). */
  keying: ItemKeying;
  /** The tagger in force, for a parse worker to tag with: its rules are sent to each worker once (parse-pool.ts). */
  tags?: { version: string; rules?: readonly TagRuleInput[] };
}

/** A read document: what refresh reports of the feed, its items, and (when asked for) each item's dedup features. */
export interface ReadFeed {
  feed: Omit<ParsedFeed, 'items'>;
  items: NormalisedItem[];
  /** Index for index with `items`; empty unless asked for. */
  features: DedupFeatures[];
  /** Index for index with `items`, by the tagger of `taggerVersion`; empty unless a tagger was given. */
  tags: TagMatch[][];
  taggerVersion: string | null;
}

/** What dedup reads of an item: ingest's view of it, so that the features computed here are the ones ingest would. */
export function dedupInputOf(item: NormalisedItem): DedupInput {
  return { sourceId: item.sourceId, url: item.url, title: item.title, text: item.text, publishedAt: item.publishedAt };
}

/**
 * @param withFeatures compute every item's dedup features too. A worker does (ingest needs them for the new items, and
 * the worker's core is otherwise idle); the main thread leaves them to ingest, which computes them for new items only.
 * @param tagger tag every item too, for the same reason (a worker passes the tagger it compiled from `job.tags`).
 */
export async function readFeed(job: ReadFeedJob, withFeatures: boolean, tagger?: Tagger): Promise<ReadFeed> {
  const { items: parsed, ...feed } = await parseFeed(job.text, { url: job.url, timezone: job.timezone, now: job.now });
  const items = normaliseItems(job.sourceId, parsed, job.now, job.keying);
  return {
    feed,
    items,
    features: withFeatures ? items.map((i) => computeFeatures(dedupInputOf(i), job.dedup)) : [],
    tags: tagger ? items.map((i) => tagger.tag(tagInput(i))) : [],
    taggerVersion: tagger?.version ?? null,
  };
}
