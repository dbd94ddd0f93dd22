/**
 * The store stage as a test drives it: the real normalise and ingest stages over a store, with the dedup window and
 * source priorities the tests need.
 */
import type { DedupOptions } from '../../src/dedup/index.ts';
import type { ParsedItem } from '../../src/model/item.ts';
import type { RefreshCounts } from '../../src/model/source.ts';
import { normaliseItems } from '../../src/normalise/item.ts';
import { ingestItems, type IngestContext } from '../../src/pipeline/ingest.ts';
import type { Store, StoreTx } from '../../src/store/store.ts';
import { compileTagger, type Tagger } from '../../src/tag/index.ts';

export const DAY_MS = 24 * 3600_000;

export interface IngestSetup {
  /** Default: no tag rules. */
  tagger?: Tagger;
  /** Default: the shipped three days. */
  dedup?: DedupOptions;
  /** feeds.json `priority` by source id; unlisted sources have 0. */
  priorities?: Record<string, number>;
}

export function ingestContext(store: Store, opts: IngestSetup = {}): IngestContext {
  const priorities = opts.priorities ?? {};
  return {
    store,
    tagger: opts.tagger ?? compileTagger([]),
    dedup: opts.dedup ?? { windowMs: 3 * DAY_MS },
    priorityOf: (id) => priorities[id] ?? 0,
  };
}

/** What one fetch of `sourceId` seen at `now` stores: the real normalise and ingest stages. */
export function ingestParsed(ctx: IngestContext, sourceId: string, items: readonly ParsedItem[], now: Date): Promise<RefreshCounts> {
  return ingestItems(ctx, normaliseItems(sourceId, items, now));
}

class RollBack extends Error {
  constructor(readonly value: unknown) {
    super('rolled back by the test');
  }
}

/**
 * Run `work` in one transaction that is rolled back when it is done, as a savepoint would be undone: the store `work`
 * is given runs every transaction it is asked for inside that one (so ingest's writes see each other), and `tx` reads
 * within it. Resolves to what `work` resolved to.
 */
export async function rolledBack<T>(store: Store, work: (joined: Store, tx: StoreTx) => Promise<T>): Promise<T> {
  try {
    await store.transaction(async (tx) => {
      const joined = new Proxy(store, {
        get(target, prop) {
          if (prop === 'transaction') return <R>(inner: (t: StoreTx) => Promise<R>) => inner(tx);
          const v: unknown = Reflect.get(target, prop, target);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      throw new RollBack(await work(joined, tx));
    });
  } catch (err) {
    if (err instanceof RollBack) return err.value as T;
    throw err;
  }
  throw new Error('unreachable: the transaction always rolls back');
}
