import type { Limiter } from '../fetch/limiter.ts';
import { siteKey } from '../fetch/registrable-domain.ts';
import { LOCK_NAMESPACE, lockKey, type SessionLocks } from '../store/postgres/session-locks.ts';

/** How long a fetch waits before trying for a site's slots again, at first and at most. */
const FIRST_WAIT_MS = 50;
const MAX_WAIT_MS = 1_000;

/**
 * `perSiteConcurrency` counted across every worker of the cluster: each registrable domain has that many slots, each
 * a session advisory lock (`siteSlot`, key `site#n`), and a fetch runs only while its process holds one. A worker
 * that dies drops its connection, and with it its slots. Within the process, `local` still limits the total in
 * flight (`fetch.concurrency` is per worker) and the same site, so a process never asks PostgreSQL for a slot it
 * already holds (advisory locks are re-entrant within one session).
 */
export function createClusterLimiter(local: Limiter, locks: SessionLocks, perSite: number): Limiter {
  /** Slots this process holds, per site. */
  const held = new Map<string, Set<number>>();
  let closedWith: (() => Error) | null = null;

  async function tryAcquire(site: string): Promise<number | null> {
    const mine = held.get(site) ?? new Set<number>();
    held.set(site, mine);
    for (let slot = 0; slot < perSite; slot++) {
      if (mine.has(slot)) continue;
      // Marked before asking, so two fetches of this process never ask for one slot at once.
      mine.add(slot);
      let ok = false;
      try {
        ok = await locks.tryLock(LOCK_NAMESPACE.siteSlot, lockKey(`${site}#${slot}`));
      } finally {
        if (!ok) mine.delete(slot);
      }
      if (ok) return slot;
    }
    if (mine.size === 0) held.delete(site);
    return null;
  }

  async function acquire(site: string): Promise<number> {
    for (let wait = FIRST_WAIT_MS; ; wait = Math.min(MAX_WAIT_MS, wait * 2)) {
      if (closedWith) throw closedWith();
      const slot = await tryAcquire(site);
      if (slot !== null) return slot;
      // Jittered, so workers waiting on one busy site do not all ask again in the same instant.
      await new Promise((r) => setTimeout(r, wait / 2 + Math.random() * wait));
    }
  }

  async function release(site: string, slot: number): Promise<void> {
    await locks.unlock(LOCK_NAMESPACE.siteSlot, lockKey(`${site}#${slot}`));
    const mine = held.get(site);
    mine?.delete(slot);
    if (mine?.size === 0) held.delete(site);
  }

  return {
    async run<T>(url: string, fn: () => Promise<T>): Promise<T> {
      const site = siteKey(url);
      const slot = await acquire(site);
      try {
        return await local.run(url, fn);
      } finally {
        await release(site, slot);
      }
    },
    close(reason: () => Error) {
      closedWith = reason;
      local.close(reason);
    },
    get active() {
      return local.active;
    },
    get queued() {
      return local.queued;
    },
  };
}
