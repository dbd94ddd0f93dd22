import PgBoss from 'pg-boss';
import type { ResolvedSource } from '../config/schema.ts';
import type { Logger } from '../log.ts';

/** The pg-boss queue of source refreshes: one job per refresh of one source (docs/job-queue.md says why pg-boss). */
const REFRESH_QUEUE = 'huiju-refresh';

interface RefreshJobData {
  sourceId: string;
  /** The leader saw the source's definition change in feeds.json (scheduler.ts `redefined`). */
  redefined: boolean;
  /** The source's definition as the leader resolved it, to notice a worker still on an older feeds.json. */
  definition: string;
}

export interface RefreshJob {
  id: string;
  data: RefreshJobData;
  /** When the leader queued it (PostgreSQL's clock). */
  createdOn: Date;
  /** Earlier attempts of this job (a retry after a failure or an expired lease). */
  retryCount: number;
}

/** The leases and retries of refresh jobs, derived from one figure so they stay in proportion. */
export interface QueueTiming {
  /**
   * How long a job may stay taken before PostgreSQL gives it to another worker: a worker that died mid-refresh loses
   * its job this long after it took it. Longer than any refresh (the fetch timeout plus time to parse and store).
   */
  leaseSeconds: number;
}

/** A source's definition as one string: any difference is a different source. */
export const definitionOf = (source: ResolvedSource): string => JSON.stringify(source);

/**
 * Jobs left in the queue, their retries and leases. A job a worker took but never finished (it died) is failed by
 * pg-boss's maintenance once its lease runs out, and retried: maintenance runs at most every half lease, so a dead
 * worker's job is taken up again within 1.5 leases plus the retry delay.
 */
function bossOptions(url: string, timing: QueueTiming): PgBoss.ConstructorOptions {
  const lease = timing.leaseSeconds;
  return {
    connectionString: url,
    application_name: 'huiju-queue',
    // Fetching, completing and the leader's sends: a few connections are plenty beside the store's pool.
    max: 3,
    schedule: false,
    maintenanceIntervalSeconds: Math.max(1, Math.min(30, Math.floor(lease / 2))),
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 2,
  };
}

/** Retries with backoff: the delay doubles after each failed attempt, from a quarter lease. */
function retryOptions(timing: QueueTiming): PgBoss.RetryOptions {
  return { retryLimit: 4, retryDelay: Math.max(1, Math.round(timing.leaseSeconds / 4)), retryBackoff: true };
}

export interface RefreshQueue {
  /**
   * Queue a refresh of this source. At most one refresh of a source waits in the queue (policy `short`, keyed on the
   * source id): a second send while one waits is dropped, and resolves false.
   */
  enqueue(source: ResolvedSource, redefined: boolean): Promise<boolean>;
  /** Take jobs and run `handle` on each, at most `concurrency` at once; a job whose handler throws is retried later. */
  work(concurrency: number, handle: (job: RefreshJob) => Promise<void>): void;
  /** Take no more jobs; wait for those running (at most `graceMs`), then close the queue's connections. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Create the queue if no process has yet. Workers starting together on a new database all try: pg-boss's
 * create_queue makes a partition table, and two at once can deadlock (PostgreSQL then fails one of them), so a
 * failed attempt is tried again once the other has had time to finish. The lease and retries of each job are set when
 * it is sent, not here.
 */
async function createQueueOnce(boss: PgBoss, timing: QueueTiming): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await boss.getQueue(REFRESH_QUEUE))) await boss.createQueue(REFRESH_QUEUE, { name: REFRESH_QUEUE, policy: 'short', ...retryOptions(timing) });
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt + Math.random() * 300));
    }
  }
}

export async function openRefreshQueue(url: string, timing: QueueTiming, log: Logger): Promise<RefreshQueue> {
  const boss = new PgBoss(bossOptions(url, timing));
  boss.on('error', (err: Error) => log.error({ err: err.message }, 'job queue error'));
  await boss.start();
  await createQueueOnce(boss, timing);

  let stopping = false;
  const running = new Set<Promise<void>>();
  let wake: (() => void) | null = null;
  let loop: Promise<void> = Promise.resolve();

  async function runOne(job: PgBoss.JobWithMetadata<RefreshJobData>, handle: (job: RefreshJob) => Promise<void>) {
    try {
      await handle({ id: job.id, data: job.data, createdOn: job.createdOn, retryCount: job.retryCount });
      await boss.complete(REFRESH_QUEUE, job.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.warn({ source: job.data.sourceId, err: message, attempt: job.retryCount + 1 }, 'refresh job failed; it will be retried');
      await boss.fail(REFRESH_QUEUE, job.id, { message }).catch((e: unknown) => log.error({ err: (e as Error).message }, 'could not fail a job'));
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  return {
    async enqueue(source, redefined) {
      const data: RefreshJobData = { sourceId: source.id, redefined, definition: definitionOf(source) };
      const id = await boss.send(REFRESH_QUEUE, data, { singletonKey: source.id, expireInSeconds: timing.leaseSeconds, ...retryOptions(timing) });
      return id !== null;
    },

    work(concurrency, handle) {
      loop = (async () => {
        while (!stopping) {
          const room = concurrency - running.size;
          if (room <= 0) {
            await Promise.race(running);
            continue;
          }
          let jobs: PgBoss.JobWithMetadata<RefreshJobData>[] = [];
          try {
            jobs = await boss.fetch<RefreshJobData>(REFRESH_QUEUE, { batchSize: room, includeMetadata: true });
          } catch (err) {
            log.error({ err: (err as Error).message }, 'could not take jobs from the queue');
          }
          for (const job of jobs) {
            const p: Promise<void> = runOne(job, handle).finally(() => {
              running.delete(p);
              // A slot is free: look for the next job now rather than at the next poll.
              wake?.();
            });
            running.add(p);
          }
          // An empty queue is asked again after a pause; a full batch means more may be waiting.
          if (jobs.length < room && !stopping) await sleep(500);
        }
      })();
    },

    async stop(graceMs) {
      stopping = true;
      wake?.();
      await Promise.race([Promise.allSettled([loop, ...running]), new Promise((r) => setTimeout(r, graceMs).unref())]);
      // Jobs still running are left active: their lease runs out and another worker takes them up.
      await boss.stop({ graceful: false, wait: true, close: true });
    },
  };
}
