import type { Config } from '../config/schema.ts';
import type { FetchOptions } from '../fetch/types.ts';
import type { Logger } from '../log.ts';
import type { ResolvedSource } from '../config/schema.ts';
import type { Store } from '../store/store.ts';
import { startDispatcher, type Dispatcher, type DispatcherOptions } from './outbox/dispatcher.ts';
import { createHub, type RenderTopic } from './websub/hub.ts';
import { createPinger } from './websub/ping.ts';
import { createSubscriber } from './websub/subscriber.ts';

export interface PushOptions {
  store: Store;
  config: () => Config;
  log: Logger;
  /** How sources are fetched (proxies, private networks), for discovering a source's hub. */
  fetchOptions: () => FetchOptions;
  fetch?: typeof fetch;
  now?: () => Date;
  dispatcher?: Partial<DispatcherOptions>;
  /** How often the hub looks for changed topics besides being woken by ingest, and the subscriber syncs. */
  hubPollMs?: number;
  subscriberSyncMs?: number;
}

/**
 * Everything that pushes, for `huiju serve`: the notify dispatcher (outbox → 飞书, 钉钉, …), huiju's WebSub hub and
 * the pings of external hubs, and the WebSub subscriber. Created before the HTTP app (its routes use the hub and the
 * subscriber) and started once huiju listens.
 */
export function createPush(opts: PushOptions) {
  const { store, log } = opts;
  const hub = createHub({ store, config: opts.config, log, fetch: opts.fetch, now: opts.now });
  const ping = createPinger({ config: opts.config, log, fetch: opts.fetch });
  let render: RenderTopic | null = null;
  let dispatcher: Dispatcher | null = null;
  let lastVersion: string | null = null;
  const timers: NodeJS.Timeout[] = [];
  let syncing: Promise<void> | null = null;

  /** Topics changed (or a push is due for a retry): push them, and ping external hubs. */
  const distribute = async (force: boolean) => {
    const version = await store.dataVersion();
    if (!force && version === lastVersion) {
      // Nothing new stored: only pushes waiting for a retry are due.
      const t = Date.now();
      const subs = await store.push.activeHubSubscriptions(new Date(t));
      if (subs.some((s) => s.nextAttemptAt && Date.parse(s.nextAttemptAt) <= t)) await hub.wake();
      return;
    }
    lastVersion = version;
    await hub.wake();
    if (render) await ping(render);
  };
  const wake = () => {
    dispatcher?.wake();
    void distribute(true).catch((err: unknown) => log.error({ err: (err as Error).message }, 'websub: distribution failed'));
  };

  const subscriber = createSubscriber({ store, config: opts.config, log, fetchOptions: opts.fetchOptions, fetch: opts.fetch, now: opts.now, onIngest: wake });

  /** One subscriber sync at a time: a call while one runs waits for it, then runs again. */
  const sync = async (): Promise<void> => {
    while (syncing) await syncing;
    syncing = subscriber
      .sync()
      .catch((err: unknown) => log.error({ err: (err as Error).message }, 'websub: subscriber sync failed'))
      .finally(() => (syncing = null));
    return syncing;
  };

  return {
    hub: {
      ...hub,
      setRenderer(r: RenderTopic): void {
        render = r;
        hub.setRenderer(r);
      },
    },
    subscriber,
    /** Subscribe, renew and unsubscribe now (it also runs every few minutes). */
    syncSubscriptions: sync,
    start(): void {
      if (dispatcher) return;
      dispatcher = startDispatcher({ store, config: opts.config, log, fetch: opts.fetch, now: opts.now, ...opts.dispatcher });
      timers.push(setInterval(() => void distribute(false).catch(() => {}), opts.hubPollMs ?? 5_000));
      timers.push(setInterval(() => void sync(), opts.subscriberSyncMs ?? 300_000));
      void sync();
    },
    /** Ingest stored something: deliver what it queued now rather than at the next poll. */
    wake,
    /** Whether the scheduler should poll a source now (a source its hub pushes to is polled less often). */
    pollDue: (source: ResolvedSource) => subscriber.pollDue(source),
    async stop(): Promise<void> {
      for (const t of timers) clearInterval(t);
      await dispatcher?.stop();
      await Promise.all([hub.stop(), syncing]);
    },
  };
}

export type Push = ReturnType<typeof createPush>;
