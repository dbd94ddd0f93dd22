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
