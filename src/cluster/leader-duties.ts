import type { Config } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import { catchUpStoredItems } from '../pipeline/catch-up.ts';
import { runRetention, startDailyJob } from '../scheduler/retention-job.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import type { Store } from '../store/store.ts';
import type { Tagger } from '../tag/index.ts';
import type { RefreshQueue } from './refresh-queue.ts';

export interface LeaderDutiesDeps {
  store: Store;
  queue: RefreshQueue;
  log: Logger;
  config: () => Config;
  tagger: () => Tagger;
}

/**
 * What the one scheduler leader of a cluster does that `huiju serve` does in-process: keep every source's schedule
 * (the same scheduler, due checks and backoff; a tick queues a refresh job instead of running it), bring stored items
 * in line with new tag rules, and run retention daily. Started when this process wins leadership, stopped when it
 * loses it: the next leader starts over from what PostgreSQL holds (each source's next_fetch_at and backoff).
 */
export function startLeaderDuties(deps: LeaderDutiesDeps) {
  const { store, queue, log } = deps;
  const scheduler = createScheduler({
    log,
    nextFetchAt: async (id) => {
      const next = (await store.getSourceState(id)).nextFetchAt;
      return next ? new Date(next) : null;
    },
    refresh: async (source, { redefined }) => {
      const queued = await queue.enqueue(source, redefined);
      log.debug({ source: source.id, queued }, queued ? 'refresh queued' : 'a refresh of this source is already queued');
      return queued;
    },
  });
  let stopped = false;
  // Stored items first caught up with this huiju's text rules and tag rules (once done, a no-op), then the schedule.
  const firstCycle = catchUpStoredItems(store, deps.tagger(), log)
    .catch((err: unknown) => log.error({ err: (err as Error).message }, 'catching up stored items failed'))
    .then(() => {
      if (stopped) return [];
      scheduler.update(deps.config());
      const sources = deps.config().sources.filter((s) => s.enabled).length;
      log.info({ sources }, 'scheduling sources');
      return scheduler.runDue();
    });
  const retention = startDailyJob(() => runRetention(store, deps.config(), log), firstCycle);

  return {
    firstCycle,
    /** A new config: reschedule the whole cluster, and queue at once what it made due (new or redefined sources). */
    configChanged(config: Config): void {
      if (stopped) return;
      scheduler.update(config);
      void scheduler.runDue();
    },
    async stop(): Promise<void> {
      stopped = true;
      retention.stop();
      await scheduler.stop(2_000);
    },
  };
}

export type LeaderDuties = ReturnType<typeof startLeaderDuties>;
