import { siteKey } from './registrable-domain.ts';

export interface LimiterOptions {
  /** Requests in flight across all sites. */
  global: number;
  /** Requests in flight per registrable domain. */
  perSite: number;
}

export interface Limiter {
  /** Runs fn once both a global and a per-site slot are free; tasks start in arrival order where they can. */
  run<T>(url: string, fn: () => Promise<T>): Promise<T>;
  /** From now on, a task whose turn comes (or that arrives) is rejected with `reason()` instead of started (shutdown). */
  close(reason: () => Error): void;
  readonly active: number;
  readonly queued: number;
}

interface Waiting {
  site: string;
  start: () => void;
}

export function createLimiter(opts: LimiterOptions): Limiter {
  if (!(opts.global >= 1 && opts.perSite >= 1)) throw new RangeError('limiter limits must be at least 1');
  const perSite = new Map<string, number>();
  const queue: Waiting[] = [];
  let active = 0;
  let closedWith: (() => Error) | null = null;

  const canStart = (site: string) => active < opts.global && (perSite.get(site) ?? 0) < opts.perSite;
  const acquire = (site: string) => {
    active++;
    perSite.set(site, (perSite.get(site) ?? 0) + 1);
  };
  const release = (site: string) => {
    active--;
    const left = (perSite.get(site) ?? 1) - 1;
    if (left === 0) perSite.delete(site);
    else perSite.set(site, left);
    // A site at its limit must not hold up the queue behind it: start every waiter that now fits.
    for (let i = 0; i < queue.length && active < opts.global; ) {
      const w = queue[i]!;
      if (canStart(w.site)) {
        queue.splice(i, 1);
        acquire(w.site);
        w.start();
      } else i++;
    }
  };

  return {
    run<T>(url: string, fn: () => Promise<T>): Promise<T> {
      const site = siteKey(url);
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          Promise.resolve()
            .then(() => (closedWith ? Promise.reject(closedWith()) : fn()))
            .then(resolve, reject)
            .finally(() => release(site));
        };
        // After every release nothing queued can start, so a task that fits now jumps no one unfairly.
        if (canStart(site)) {
          acquire(site);
          start();
        } else queue.push({ site, start });
      });
    },
    close(reason: () => Error) {
      closedWith = reason;
    },
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
  };
}
