/**
 * Feeding generated items straight to ingestItems (the path a fetched batch takes after parsing), for the scenarios
 * that need a large database: scaling and serving.
 */
import { toParsedItem } from './documents.ts';
import { itemStream, makeSources, type GenItem, type GenSource } from './generate.ts';
import { ingestItems, normaliseItems, type IngestContext } from './lib/huiju.ts';

/** One year of a 1,000-source installation: ~3,000 items a day, so a dedup window holds the same amount at any size. */
export const STREAM_DEFAULTS = { sources: 1000, perBatch: 50, itemsPerDay: 3000, start: new Date('2025-01-01T00:00:00Z') };

const BATCHES_PER_COMMIT = 10;

export class StreamIngester {
  private readonly batches: Generator<{ source: GenSource; items: GenItem[] }>;
  /** Items handed to ingest so far. */
  fed = 0;

  constructor(
    private readonly ctx: IngestContext,
    seed: number,
  ) {
    this.batches = itemStream({ ...STREAM_DEFAULTS, seed, sources: makeSources(STREAM_DEFAULTS.sources) });
  }

  /**
   * Ingest whole batches until at least `count` more items were fed. Returns the items fed. Ten batches share a
   * transaction, as refreshes finishing together do in huiju (src/store/write-batch.ts).
   */
  feed(count: number): number {
    const target = this.fed + count;
    while (this.fed < target) {
      this.ctx.db.transaction(() => {
        for (let b = 0; b < BATCHES_PER_COMMIT && this.fed < target; b++) {
          const { source, items } = this.batches.next().value!;
          const newest = items[0]!.publishedAt.getTime();
          const now = new Date(newest + 3_600_000);
          ingestItems(this.ctx, normaliseItems(source.id, items.map((i: GenItem) => toParsedItem(source, i)), now));
          this.fed += items.length;
        }
      })();
    }
    return this.fed;
  }
}
