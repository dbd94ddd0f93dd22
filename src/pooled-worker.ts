import type { Worker } from 'node:worker_threads';

/**
 * A worker thread in one of huiju's pools (pipeline/parse-pool.ts, store/sqlite/read-pool.ts) with the jobs it holds.
 * A worker with jobs in hand keeps the process alive, since its caller awaits it; an idle one must not keep a command
 * running, and is stopped (its memory given back) after `idleMs` without work.
 */
export class PooledWorker<J extends { request: { id: number } }> {
  readonly jobs = new Map<number, J>();
  ready = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly thread: Worker,
    private readonly idleMs: number,
    private readonly onIdle: (w: PooledWorker<J>) => void,
  ) {}

  /**
   * Answer each job from the worker's replies, and call `gone` when it cannot start or dies (the pool then takes its
   * jobs back). A worker reports 'ready' once loaded; with nothing in hand by then it goes idle.
   */
  listen<R extends { id: number }>(settle: (job: J, reply: R) => void, gone: () => void): void {
    this.thread.on('message', (reply: R | 'ready') => {
      if (reply === 'ready') {
        this.ready = true;
        if (this.jobs.size === 0) this.idle();
        return;
      }
      const job = this.settled(reply.id);
      if (job) settle(job, reply);
    });
    this.thread.on('error', gone);
    this.thread.on('exit', gone);
  }

  post(job: J, message: unknown = job.request): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.jobs.set(job.request.id, job);
    this.thread.ref();
    this.thread.postMessage(message);
  }

  /** The job this reply answers, no longer held; the worker goes idle once it holds none. */
  settled(id: number): J | undefined {
    const job = this.jobs.get(id);
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.idle();
    return job;
  }

  idle(): void {
    this.thread.unref();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.onIdle(this), this.idleMs).unref();
  }

  stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    void this.thread.terminate();
  }
}
