/** Transactions queued at most before `room()` makes a refresh wait (as SQLite's write queue does). */
export const MAX_QUEUED = 16;

/**
 * Runs this process's write transactions one at a time, in the order asked. One writer per process: the cluster-wide
 * write lock would serialise them anyway, but each would first take a pooled connection and sit on it while waiting,
 * leaving none for the HTTP API's reads.
 */
export class SerialWriter {
  private tail: Promise<unknown> = Promise.resolve();
  /** Running and waiting jobs. */
  private queued = 0;
  /** Refreshes waiting for the queue to shrink below MAX_QUEUED. */
  private waiting: (() => void)[] = [];

  run<T>(job: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(job).finally(() => {
      this.queued--;
      this.wake();
    });
    // The next job runs after this one however it ended; the caller sees how.
    this.tail = result.catch(() => {});
    return result;
  }

  /** Resolves once fewer than MAX_QUEUED jobs are queued: call before fetching a document that will be stored. */
  room(): Promise<void> {
    if (this.queued < MAX_QUEUED) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves once every job queued so far has ended. */
  async idle(): Promise<void> {
    await this.tail;
  }

  private wake(): void {
    for (let room = MAX_QUEUED - this.queued; room > 0 && this.waiting.length > 0; room--) this.waiting.shift()!();
  }
}
