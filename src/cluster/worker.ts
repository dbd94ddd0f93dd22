import { loadConfig, formatProblems } from '../config/load.ts';
import type { Config, ResolvedSource } from '../config/schema.ts';
import { watchConfig } from '../config/watch.ts';
import { FetchError } from '../fetch/errors.ts';
import { createLimiter, type Limiter } from '../fetch/limiter.ts';
import { limiterOptionsFromConfig } from '../fetch/options.ts';
import type { Logger } from '../log.ts';
import { startDispatcher } from '../push/outbox/dispatcher.ts';
import { createRefreshRunner } from '../pipeline/refresh-runner.ts';
import { retagIfRulesChanged } from '../pipeline/retag.ts';
import { SessionLocks } from '../store/postgres/session-locks.ts';
import type { Store } from '../store/store.ts';
import { compileTagger, type Tagger } from '../tag/index.ts';
import { startHealthServer } from './health-server.ts';
import { startLeadership } from './leader.ts';
import { startLeaderDuties, type LeaderDuties } from './leader-duties.ts';
import { createClusterLimiter } from './site-slots.ts';
import { openRefreshQueue, type QueueTiming } from './refresh-queue.ts';
import { runRefreshJob } from './refresh-job.ts';

export interface WorkerOptions {
  store: Store;
  /** The PostgreSQL URL the store was opened on: the queue and the session locks open connections of their own. */
  url: string;
  config: Config;
  configFile: string;
  log: Logger;
  /** Where /healthz answers (for an orchestrator's health check). */
  host: string;
  port: number;
  timing: QueueTiming;
  /** Proxy variables (HTTPS_PROXY, NO_PROXY…), as `huiju serve` takes them. */
  env: Readonly<Record<string, string | undefined>>;
  /** How often a follower tries to become the scheduler leader. */
  leaderRetryMs?: number;
}

/**
 * `huiju worker`: takes refresh jobs from the queue and runs the pipeline (fetch → parse → dedup → tag → store), at
 * most `fetch.concurrency` at once; and stands for scheduler leader, keeping the cluster's schedule while it holds the
 * lock. Every worker reads the same feeds.json and reloads it when it changes.
 */
export async function startWorker(opts: WorkerOptions) {
  const { store, log } = opts;
  let config = opts.config;
  let tagger: Tagger = compileTagger(config.tags);
  // Listening first, as serve does: a worker whose health port is taken stops having started nothing (it used to
  // lead, with its store closed, logging failures until killed).
  let leading = () => false;
  const health = await startHealthServer({ host: opts.host, port: opts.port, store, role: 'worker', details: () => ({ leader: leading() }) });
  const locks = new SessionLocks(opts.url);
  const queue = await openRefreshQueue(opts.url, opts.timing, log);
  const limiters: Limiter[] = [];
  const newLimiter = () => {
    const l = createClusterLimiter(createLimiter(limiterOptionsFromConfig(config.fetch)), locks, config.fetch.perSiteConcurrency);
    limiters.push(l);
    return l;
  };
  let limiter = newLimiter();
  let duties: LeaderDuties | null = null;
  /** The last leader duties' stop: shutdown waits for it before closing the store they use. */
  let dutiesStopped: Promise<void> | undefined;
  let closing = false;
  // Every worker delivers notifications: claims take due outbox rows FOR UPDATE SKIP LOCKED, so no row goes out twice.
  const dispatcher = startDispatcher({ store, config: () => config, log });

  const refreshes = createRefreshRunner({
    current: () => ({ store, config, tagger, log, limiter }),
    env: opts.env,
    // New stories were queued for notify channels in the same transaction: deliver now, not at the next poll.
    onSettled: () => dispatcher.wake(),
  });
  const refresh = async (source: ResolvedSource, redefined: boolean) => {
    // A refresh that outlives its lease would be taken up by another worker: it is given up before then.
    const deadlineMs = Math.max(1, opts.timing.leaseSeconds - 2) * 1000;
    const result = await refreshes.run(source, redefined, deadlineMs, (controller) => {
      log.error({ source: source.id, seconds: deadlineMs / 1000 }, 'refresh did not finish within its lease; giving it up');
      controller.abort();
    });
    if (result === undefined) throw new Error(`refresh of ${source.id} did not finish within its lease`);
    // Cut short by shutdown: the job fails, and is retried (on another worker, or here after a restart).
    if (closing) throw new Error(`worker shut down during the refresh of ${source.id}`);
    return result;
  };

  queue.work(config.fetch.concurrency, async (job) => {
    await runRefreshJob(job, {
      store,
      locks,
      log,
      config: () => config,
      reloadConfig: () => {
        const result = loadConfig(opts.configFile);
        if (!result.ok) return null;
        applyConfig(result.config);
        return config;
      },
      refresh,
    });
  });

  const leadership = startLeadership({
    locks,
    log,
    retryMs: opts.leaderRetryMs,
    onElected: () => {
      duties = startLeaderDuties({ store, queue, log, config: () => config, tagger: () => tagger, env: opts.env });
    },
    onDeposed: () => {
      dutiesStopped = duties?.stop();
      duties = null;
    },
  });
  leading = () => leadership.leading;

  function applyConfig(next: Config) {
    if (next === config) return;
    config = next;
    limiter = newLimiter();
    const nextTagger = compileTagger(config.tags);
    if (nextTagger.version !== tagger.version) {
      tagger = nextTagger;
      // Stored items are re-tagged once for the cluster, by the leader.
      if (duties) {
        void retagIfRulesChanged(store, tagger).then(
          (items) => log.info({ items }, 'tag rules changed: re-tagged stored items'),
          (err: unknown) => log.error({ err: (err as Error).message }, 're-tagging failed'),
        );
      }
    }
    duties?.configChanged(config);
    log.info({ sources: config.sources.length }, 'config reloaded');
  }

  const watcher = watchConfig(opts.configFile, {
    onChange: applyConfig,
    onInvalid: (problems) => log.error({ problems }, `feeds.json is invalid; keeping the last good config:\n${formatProblems(problems)}`),
  });

  log.info({ url: `http://${opts.host}:${health.port}/healthz`, concurrency: config.fetch.concurrency }, 'huiju worker is running');

  return {
    port: health.port,
    get leading() {
      return leadership.leading;
    },
    /** Stop leading and taking jobs; let refreshes finish (aborted after `graceMs`); close everything. */
    async close(graceMs = 8000): Promise<void> {
      closing = true;
      watcher.close();
      await leadership.stop();
      await dutiesStopped;
      for (const l of limiters) l.close(() => new FetchError('aborted', 'huiju is shutting down'));
      const timer = setTimeout(() => refreshes.abortAll(), Math.max(0, graceMs - 2000));
      await queue.stop(graceMs);
      clearTimeout(timer);
      // Sends in flight finish (each within its platform timeout); rows not sent stay due for another worker.
      await dispatcher.stop();
      await health.close();
      await locks.close();
      await store.close();
    },
  };
}
