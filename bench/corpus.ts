import { itemStream, makeSources, type GenItem, type GenSource } from './generate.ts';

export interface CycleCorpusOptions {
  seed: number;
  sources: number;
  itemsPerSource: number;
  hosts: number;
  /** Items are dated up to two days before this. */
  now: Date;
}

export interface SourceDocument {
  source: GenSource;
  items: GenItem[];
}

/** The documents of one fetch cycle: every source's feed once. Deterministic for a seed and `now`. */
export function cycleCorpus(o: CycleCorpusOptions): SourceDocument[] {
  const sources = makeSources(o.sources, o.hosts);
  const total = o.sources * o.itemsPerSource;
  const spanMs = 2 * 86_400_000;
  const stream = itemStream({
    seed: o.seed,
    sources,
    perBatch: o.itemsPerSource,
    start: new Date(o.now.getTime() - spanMs),
    itemsPerDay: Math.max(1, total / 2),
  });
  const docs: SourceDocument[] = [];
  for (const batch of stream) {
    docs.push(batch);
    if (docs.length === sources.length) break;
  }
  return docs;
}

/** The path a source's feed is served at. */
export const feedPath = (sourceId: string) => `/feeds/${sourceId}.xml`;

/** Items a day in a big document: the stream's usual rate, so a dedup window holds the same number at any size. */
const BIG_ITEMS_PER_DAY = 3000;

/**
 * One source listing `items` items (an archive or a scraped site's whole listing): the stream of a thousand outlets,
 * copies of one story included, under one source, newest first and ending an hour before `now`.
 */
export function bigDocument(o: { seed: number; items: number; now: Date }): SourceDocument {
  const spanMs = (o.items / BIG_ITEMS_PER_DAY) * 86_400_000;
  const stream = itemStream({ seed: o.seed, sources: makeSources(1000), perBatch: 100, start: new Date(o.now.getTime() - 3_600_000 - spanMs), itemsPerDay: BIG_ITEMS_PER_DAY });
  const items: GenItem[] = [];
  while (items.length < o.items) items.push(...stream.next().value!.items.reverse());
  items.length = o.items;
  return { source: { id: 'big-0001', name: '新闻档案 1', host: '127.0.0.2' }, items: items.reverse() };
}
