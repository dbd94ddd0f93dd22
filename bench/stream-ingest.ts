/**
 * Feeding generated items straight to ingestItems (the path a fetched batch takes after parsing), for the scenarios
 * that need a large database: scaling and serving.
 */
import { toParsedItem } from './documents.ts';
import { itemStream, makeSources, type GenItem, type GenSource } from './generate.ts';
import { ingestItems, normaliseItems, type IngestContext } from './lib/huiju.ts';

/** One year of a 1,000-source installation: ~3,000 items a day, so a dedup window holds the same amount at any size. */
export const STREAM_DEFAULTS = { sources: 1000, perBatch: 50, itemsPerDay: 3000, start: new Date('2025-01-01T00:00:00Z') };

/**
 * Batches being stored at once, as refreshes that finish together are in `huiju fetch`: the SQLite store groups their
 * transactions into shared commits (src/store/sqlite/write-queue.ts); PostgreSQL's writer takes them in turn.
 */
const IN_FLIGHT = 8;

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
   * Ingest whole batches until at least `count` more items were fed, up to IN_FLIGHT of them at once, each waiting for
   * room in the store's write queue first as a refresh does. Resolves once all are stored, with the items fed.
   */
  async feed(count: number): Promise<number> {
    const target = this.fed + count;
    const inFlight = new Set<Promise<unknown>>();
    const failures: unknown[] = [];
    while (this.fed < target && failures.length === 0) {
      await this.ctx.store.writeRoom();
      const { source, items } = this.batches.next().value!;
      const newest = items[0]!.publishedAt.getTime();
      const now = new Date(newest + 3_600_000);
      const batch = normaliseItems(source.id, items.map((i: GenItem) => toParsedItem(source, i)), now);
      this.fed += items.length;
      const stored: Promise<unknown> = ingestItems(this.ctx, batch)
        .catch((err: unknown) => void failures.push(err))
        .finally(() => inFlight.delete(stored));
      inFlight.add(stored);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failures.length) throw failures[0];
    return this.fed;
  }
}
