/**
 * The pure part of a feed refresh, from the document's text to the items ingest stores: parse (sanitising included),
 * normalise, and each item's dedup features. Pure, so it runs the same on the main thread and in a parse worker
 * (parse-pool.ts, parse-worker.ts).
 */
import { computeFeatures, type DedupFeatures, type DedupInput, type DedupOptions } from '../dedup/index.ts';
import type { ParsedFeed } from '../model/item.ts';
import { normaliseItems, type ItemKeying, type NormalisedItem } from '../normalise/item.ts';
import { parseFeed } from '../parse/index.ts';

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
}

/** A read document: what refresh reports of the feed, its items, and (when asked for) each item's dedup features. */
export interface ReadFeed {
  feed: Omit<ParsedFeed, 'items'>;
  items: NormalisedItem[];
  /** Index for index with `items`; empty unless asked for. */
  features: DedupFeatures[];
}

/** What dedup reads of an item: ingest's view of it, so that the features computed here are the ones ingest would. */
export function dedupInputOf(item: NormalisedItem): DedupInput {
  return { sourceId: item.sourceId, url: item.url, title: item.title, text: item.text, publishedAt: item.publishedAt };
}

/**
 * @param withFeatures compute every item's dedup features too. A worker does (ingest needs them for the new items, and
 * the worker's core is otherwise idle); the main thread leaves them to ingest, which computes them for new items only.
 */
export async function readFeed(job: ReadFeedJob, withFeatures: boolean): Promise<ReadFeed> {
  const { items: parsed, ...feed } = await parseFeed(job.text, { url: job.url, timezone: job.timezone, now: job.now });
  const items = normaliseItems(job.sourceId, parsed, job.now, job.keying);
  return { feed, items, features: withFeatures ? items.map((i) => computeFeatures(dedupInputOf(i), job.dedup)) : [] };
}
