import type { BuildGate } from './build-gate.ts';
import type { Representation } from './conditional.ts';

export interface ResponseCache {
  /**
   * The cached representation for `key`, or the one `build` makes (and the cache keeps) when there is none. Requests
   * that miss on one key while it is being built share that build.
   */
  get(key: string, build: () => Promise<Representation>): Promise<{ rep: Representation; hit: boolean }>;
  readonly size: number;
}

/**
 * Generated feeds and listings, kept until the data changes. `version()` is asked on every lookup (the store's
 * dataVersion: cheap on every engine); when it moves, everything is dropped at once, so a popular filter costs
 * one query and one render per change of the data, however often readers poll. Bounded in entries and bytes (of the
 * plain bodies: a gzipped copy adds about a fifth), least recently used first out.
 */
export function createResponseCache(opts: {
  version: () => Promise<string>;
  maxEntries?: number;
  maxBytes?: number;
  /** Bounds the builds of misses (hits never wait): past it a request is refused with 503 (build-gate.ts). */
  gate?: BuildGate;
}): ResponseCache {
  const maxEntries = opts.maxEntries ?? 256;
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Representation>();
  let bytes = 0;
  let version: string | null = null;
  /** Builds under way, by version and key: concurrent misses on one URL run its query once. */
  const building = new Map<string, Promise<Representation>>();

  const drop = (key: string) => {
    const rep = entries.get(key);
    if (!rep) return;
    entries.delete(key);
    bytes -= rep.body.length;
  };

  return {
    async get(key, build) {
      const now = await opts.version();
      if (now !== version) {
        entries.clear();
        bytes = 0;
        version = now;
      }
      const cached = entries.get(key);
      if (cached) {
        // Re-insert: Map order is the recency order.
        entries.delete(key);
        entries.set(key, cached);
        return { rep: cached, hit: true };
      }
      const flight = `${now}\n${key}`;
      let pending = building.get(flight);
      if (pending) return { rep: await pending, hit: false };
      pending = opts.gate ? opts.gate.run(build) : build();
      building.set(flight, pending);
      let rep: Representation;
      try {
        rep = await pending;
      } finally {
        building.delete(flight);
      }
      const size = rep.body.length;
      // Kept only if the data did not move while it was built: a body read before a write must not outlive it.
      if (size <= maxBytes / 4 && version === now && !entries.has(key)) {
        entries.set(key, rep);
        bytes += size;
        for (const oldest of entries.keys()) {
          if (entries.size <= maxEntries && bytes <= maxBytes) break;
          drop(oldest);
        }
      }
      return { rep, hit: false };
    },
    get size() {
      return entries.size;
    },
  };
}
