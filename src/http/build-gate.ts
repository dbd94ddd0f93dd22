import { HttpError } from './errors.ts';

export interface BuildGateOptions {
  /** Builds in flight at most. */
  concurrency: number;
  /** Builds waiting for a slot at most; past that a request is refused with 503. */
  queue: number;
  /** What a refused request is told to wait, in seconds. */
  retryAfterSeconds: number;
}

export const DEFAULT_BUILD_GATE: BuildGateOptions = { concurrency: 8, queue: 16, retryAfterSeconds: 2 };

export interface BuildGate {
  /** Run `build` when a slot is free; throws a 503 HttpError (with Retry-After) when too many are already waiting. */
  run<T>(build: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly queued: number;
}

/**
 * A bound on the expensive work behind uncached listings, feeds, searches and pages. Every distinct URL is a cache miss,
 * so a client (or a crawler) asking for many can otherwise queue unbounded work, and everything else, /healthz too,
 * waits behind it. Builds start one per turn of the event loop: an embedded engine answers a query on the thread that
 * also answers HTTP, and between two builds every request that has arrived gets its turn.
 */
export function createBuildGate(opts: BuildGateOptions = DEFAULT_BUILD_GATE): BuildGate {
  let active = 0;
  const waiting: (() => void)[] = [];
  let pumping = false;

  const pump = () => {
    if (pumping) return;
    pumping = true;
    const turn = () => {
      const start = active < opts.concurrency ? waiting.shift() : undefined;
      if (start) {
        active++;
        start();
      }
      // Scheduled from inside an immediate, the next turn comes after the event loop has looked at its sockets.
      if (waiting.length > 0 && active < opts.concurrency) setImmediate(turn);
      else pumping = false;
    };
    setImmediate(turn);
  };

  return {
    async run(build) {
      if (active + waiting.length >= opts.concurrency + opts.queue) {
        throw new HttpError(503, 'huiju is busy building other listings; try again in a moment', {
          'Retry-After': String(opts.retryAfterSeconds),
        });
      }
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        pump();
      });
      try {
        return await build();
      } finally {
        active--;
        pump();
      }
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
  };
}
