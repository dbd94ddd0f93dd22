import type { Config } from '../config/schema.ts';
import { fetchOptionsFromConfig } from '../fetch/options.ts';
import { labelsOf } from '../http/context.ts';
import type { Logger } from '../log.ts';
import { createSubscriber } from '../push/websub/subscriber.ts';
import { startDigestJob } from '../scheduler/digest-job.ts';
import { catchUpStoredItems } from '../pipeline/catch-up.ts';
import { runRetention, startDailyJob } from '../scheduler/retention-job.ts';
import { createScheduler, storedNextFetchAt } from '../scheduler/scheduler.ts';
import type { Store } from '../store/store.ts';
import type { Tagger } from '../tag/index.ts';
import type { RefreshQueue } from './refresh-queue.ts';

export interface LeaderDutiesDeps {
  store: Store;
  queue: RefreshQueue;
  log: Logger;
  config: () => Config;
  tagger: () => Tagger;
  /** Proxy variables (HTTPS_PROXY, NO_PROXY…), for discovering sources' WebSub hubs as a fetch would. */
  env: Readonly<Record<string, string | undefined>>;
  /** How often the WebSub subscriber subscribes, renews and unsubscribes (as `huiju serve`: every five minutes). */
  subscriberSyncMs?: number;
}

/**
 * What the one scheduler leader of a cluster does that `huiju serve` does in-process: keep every source's schedule
 * (the same scheduler, due checks and backoff; a tick queues a refresh job instead of running it), bring stored items
 * in line with new tag rules, run retention daily, publish the daily digests, and keep huiju's WebSub subscriptions to
 * sources' hubs (subscribe, renew, unsubscribe: one request per hub, not one per worker). Started when this process wins leadership, stopped when it
 * loses it: the next leader starts over from what PostgreSQL holds (each source's next_fetch_at and backoff).
 */
export function startLeaderDuties(deps: LeaderDutiesDeps) {
  const { store, queue, log } = deps;
  const scheduler = createScheduler({
    log,
    nextFetchAt: storedNextFetchAt(store),
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
  const digests = startDigestJob(store, deps.config, labelsOf, log, firstCycle);
  // Only sync() runs here: the hub's verifications and pushes reach `huiju web`, whose subscriber reads the same rows.
  const subscriber = createSubscriber({ store, config: deps.config, log, fetchOptions: () => fetchOptionsFromConfig(deps.config().fetch, undefined, deps.env) });
  let syncing: Promise<void> | null = null;
  const sync = () => {
    if (stopped || syncing) return;
    syncing = subscriber
      .sync()
      .catch((err: unknown) => log.error({ err: (err as Error).message }, 'websub: subscriber sync failed'))
      .finally(() => (syncing = null));
  };
  void firstCycle.then(sync);
  const syncTimer = setInterval(sync, deps.subscriberSyncMs ?? 300_000);

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
      digests.stop();
      clearInterval(syncTimer);
      await Promise.all([scheduler.stop(2_000), syncing]);
    },
  };
}

export type LeaderDuties = ReturnType<typeof startLeaderDuties>;
