import type { Server } from 'node:http';
import type { Config } from './config/schema.ts';
import { watchConfig } from './config/watch.ts';
import { formatProblems } from './config/load.ts';
import { FetchError } from './fetch/errors.ts';
import { createLimiter } from './fetch/limiter.ts';
import { fetchOptionsFromConfig, limiterOptionsFromConfig } from './fetch/options.ts';
import { createApp } from './http/app.ts';
import { startHttpServer } from './http/server.ts';
import { labelsOf } from './http/context.ts';
import { startDigestJob } from './scheduler/digest-job.ts';
import type { Logger } from './log.ts';
import { createRefreshRunner } from './pipeline/refresh-runner.ts';
import { catchUpStoredItems } from './pipeline/catch-up.ts';
import { retagIfRulesChanged } from './pipeline/retag.ts';
import { runRetention, startDailyJob } from './scheduler/retention-job.ts';
import { createScheduler, storedNextFetchAt } from './scheduler/scheduler.ts';
import { createPush } from './push/start.ts';
import type { Store } from './store/store.ts';
import { compileTagger, type Tagger } from './tag/index.ts';

export interface ServiceOptions {
  store: Store;
  config: Config;
  configFile: string;
  host: string;
  port: number;
  log: Logger;
}

/** A refresh gets its fetch timeout plus this long to parse and store before its slot is freed regardless. */
const REFRESH_MARGIN_MS = 60_000;

/** `huiju serve`: the scheduler, the HTTP server and live config, wired together; `close` shuts all down in order. */
export async function startService(opts: ServiceOptions) {
  const { store, log } = opts;
  let config = opts.config;
  let tagger: Tagger = compileTagger(config.tags);
  let closing = false;
  let limiter = createLimiter(limiterOptionsFromConfig(config.fetch));
  // A reload replaces the limiter; requests queued on an earlier one must be stopped at shutdown too.
  const limiters = [limiter];
  await catchUpStoredItems(store, tagger, log);

  // Notifications and WebSub: the routes take the hub from it; it starts delivering once huiju listens.
  const push = createPush({ store, config: () => config, log, fetchOptions: () => fetchOptionsFromConfig(config.fetch, undefined, process.env) });
  const refreshes = createRefreshRunner({
    current: () => ({ store, config, tagger, log, limiter }),
    env: process.env,
    // New stories were queued for notify channels and hub subscribers in the same transaction: deliver now.
    onSettled: () => push.wake(),
  });
  const scheduler = createScheduler({
    log,
    nextFetchAt: storedNextFetchAt(store),
    // A source still queued for a fetch slot when shutdown begins is not fetched at all.
    refresh: async (source, { redefined }) => {
      // A source its WebSub hub pushes to is polled less often (push/websub/subscriber.ts).
      if (closing || !push.pollDue(source)) return undefined;
      const deadlineMs = config.fetch.timeoutSeconds * 1000 + REFRESH_MARGIN_MS;
      return refreshes.run(source, redefined, deadlineMs, () =>
        log.error({ source: source.id, seconds: deadlineMs / 1000 }, 'refresh did not finish in time; freeing its slot'),
      );
    },
  });

  const app = createApp({ store, config: () => config, log, nextRun: (id) => scheduler.nextRun(id), startedAt: new Date(), push });
  let server: Server;
  let port: number;
  try {
    ({ server, port } = await startHttpServer(app, opts.host, opts.port));
  } catch (err) {
    // Nothing is scheduled or watched yet: closing the store is all there is to undo.
    await store.close();
    throw err;
  }
  push.start();
  // Sources are scheduled only once huiju can serve: a server that cannot listen fetches nothing.
  scheduler.update(config);
  log.info({ url: `http://${opts.host}:${port}/` }, 'huiju is serving');

  const watcher = watchConfig(opts.configFile, {
    onChange: (next) => {
      config = next;
      // Requests already queued finish under the old limits; new ones use the new.
      limiter = createLimiter(limiterOptionsFromConfig(config.fetch));
      limiters.push(limiter);
      const nextTagger = compileTagger(config.tags);
      if (nextTagger.version !== tagger.version) {
        tagger = nextTagger;
        void retagIfRulesChanged(store, tagger).then(
          (items) => log.info({ items }, 'tag rules changed: re-tagged stored items'),
          (err: unknown) => log.error({ err: (err as Error).message }, 're-tagging failed'),
        );
      }
      scheduler.update(config);
      log.info({ sources: config.sources.length }, 'config reloaded');
      void scheduler.runDue();
    },
    onInvalid: (problems) => log.error({ problems }, `feeds.json is invalid; keeping the last good config:\n${formatProblems(problems)}`),
  });

  const firstCycle = scheduler.runDue();
  // Retention once the start-up fetches are done, then daily.
  const retention = startDailyJob(() => runRetention(store, config, log), firstCycle);
  const digests = startDigestJob(store, () => config, labelsOf, log, firstCycle);

  return {
    port,
    server,
    firstCycle,
    /** Stop scheduling, let fetches finish (or abort them after `graceMs`), stop serving, close the database. */
    async close(graceMs = 8000): Promise<void> {
      closing = true;
      // Requests still waiting for a slot are given up when their turn comes, not started.
      for (const l of limiters) l.close(() => new FetchError('aborted', 'huiju is shutting down'));
      watcher.close();
      retention.stop();
      digests.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => refreshes.abortAll(), Math.max(0, graceMs - 2000));
      await scheduler.stop(graceMs);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
      await push.stop();
      await store.close();
    },
  };
}
