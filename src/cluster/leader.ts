import type { Logger } from '../log.ts';
import { LOCK_NAMESPACE, type SessionLocks } from '../store/postgres/session-locks.ts';

export interface LeadershipOptions {
  locks: SessionLocks;
  log: Logger;
  /** Called once this process holds the leader lock; the promise it returns may still be running when leadership is lost. */
  onElected: () => void;
  /** Called when leadership is lost (the lock's connection ended) or given up (shutdown). */
  onDeposed: () => void;
  /** How often a follower tries to take the lock (default 10 s: a dead leader is replaced well within a minute). */
  retryMs?: number;
}

/**
 * Exactly one process in the cluster keeps the schedule: the one holding a session advisory lock. When the leader dies,
 * PostgreSQL frees the lock as its connection drops, and the next follower to try (every `retryMs`) takes over.
 */
export function startLeadership(opts: LeadershipOptions) {
  const retryMs = opts.retryMs ?? 10_000;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const depose = () => {
    if (!leading) return;
    leading = false;
    opts.log.warn('lost the connection holding the scheduler lock: no longer the leader');
    opts.onDeposed();
    schedule(0);
  };
  const unsubscribe = opts.locks.onLost(depose);

  async function attempt(): Promise<void> {
    if (stopped || leading) return;
    try {
      if (await opts.locks.tryLock(LOCK_NAMESPACE.leader, 0)) {
        if (stopped) return;
        leading = true;
        opts.log.info('became the scheduler leader');
        opts.onElected();
        return;
      }
    } catch (err) {
      opts.log.warn({ err: (err as Error).message }, 'could not try for the scheduler lock');
    }
    schedule(retryMs);
  }

  function schedule(ms: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void attempt(), ms);
    timer.unref();
  }

  schedule(0);

  return {
    get leading() {
      return leading;
    },
    /** Stop trying; a leader gives the lock up, so a follower takes over at its next try. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      if (leading) {
        leading = false;
        opts.onDeposed();
        await opts.locks.unlock(LOCK_NAMESPACE.leader, 0);
      }
    },
  };
}
