import type { Config } from '../../src/config/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import type { ParsedItem } from '../../src/model/item.ts';
import type { Store } from '../../src/store/store.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { listenLocally, testConfig } from '../helpers/app.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

/**
 * createApp on port 0 over a store of the engine under test, with no fetching at all: the test puts the items and
 * source states it needs straight into the store. `wrap` lets a test watch or slow down what the routes ask the store.
 */
export interface InProcess {
  url: string;
  db: TestStore;
  config: Config;
  setConfig(raw: unknown): void;
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}


/** A parsed item with the fields a test does not care about filled in. */
export const item = (fields: Partial<ParsedItem> & { title: string }): ParsedItem => parsedItem(fields);

export async function startInProcess(opts: {
  config: unknown;
  items?: Record<string, ParsedItem[]>;
  wrap?: (store: Store) => Store;
  now?: Date;
}): Promise<InProcess> {
  const db = await openTestStore();
  let config = testConfig(opts.config);
  const ctx = ingestContext(db.store, { tagger: compileTagger(config.tags) });
  for (const [source, items] of Object.entries(opts.items ?? {})) await ingestParsed(ctx, source, items, opts.now ?? new Date());
  const store = opts.wrap ? opts.wrap(db.store) : db.store;
  const app = createApp({ store, config: () => config, log: silentLogger, startedAt: new Date() });
  const { url, close } = await listenLocally(app);
  return {
    url,
    db,
    get config() {
      return config;
    },
    setConfig(raw) {
      config = testConfig(raw);
    },
    get: (path, init) => fetch(`${url}${path}`, init),
    async close() {
      await close();
      await db.close();
    },
  };
}

/** A store whose methods are the real ones, with `listStories` counted (and, when `busyMs` is set, slow). */
export function watched(busyMs = 0): { wrap: (store: Store) => Store; calls: () => number } {
  let calls = 0;
  const wrap = (store: Store): Store =>
    new Proxy(store, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop, target);
        if (prop !== 'listStories' || typeof v !== 'function') return typeof v === 'function' ? v.bind(target) : v;
        return (...args: unknown[]) => {
          calls++;
          // Busy, not asleep: an embedded engine's query holds the event loop like this.
          const until = performance.now() + busyMs;
          while (performance.now() < until);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return { wrap, calls: () => calls };
}
