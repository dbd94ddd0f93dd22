/**
 * Listings and search texts read on worker threads, each with a read-only connection of its own (read-worker.ts), so
 * that under concurrent requests the other cores run queries while the main thread answers HTTP. SQLite in WAL mode
 * lets readers on other connections run beside the writer; each read sees one committed snapshot. The pool changes
 * where a read runs, never what it answers: any read may run on the calling thread instead, and does when
 *   - the pool has no workers (an in-memory database, or sized 0),
 *   - reads are not arriving in a burst (a reader polling now and then: a read on the main thread makes no one wait,
 *     and a worker is stopped after IDLE_MS without work, giving its memory and page cache back),
 *   - no worker is ready yet (one is starting),
 *   - or a worker could not start or died (its reads are run again here; after MAX_CRASHES the pool stays off).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PooledWorker } from '../../pooled-worker.ts';
import type { ReadCall, ReadReply, ReadRequest } from './read-worker.ts';

/**
 * Reads are busy, worth a worker, while BURST_READS of them arrive within BURST_MS: requests coming in together. A
 * reader opening a page now and then, and most tests, read on the calling thread and start no worker.
 *
 * They are busy too while the writer is, BURST_FLUSHES flushes of LONG_FLUSH_MS or more within BURST_MS (a fetch
 * cycle storing a burst of news): each such flush holds the event loop, and a read on it then waits behind them all.
 * Short flushes (a source's state, a small feed) hold nobody up and start no worker. Counting arrivals alone missed
 * that case: one reader kept waiting makes few requests, so it never made a burst (BENCHMARKS.md, eighth pass).
 */
const BURST_READS = 10;
const BURST_FLUSHES = 3;
const LONG_FLUSH_MS = 20;
const BURST_MS = 1_000;
/** A worker with nothing to do for this long is stopped. */
const IDLE_MS = 30_000;
/** Worker failures after which every read runs on the calling thread. */
const MAX_CRASHES = 3;

/** Readers for a machine: one a core (the main thread mostly waits on them under load), at most four. */
export function defaultReaders(): number {
  return Math.min(4, availableParallelism());
}

interface Job {
  request: ReadRequest;
  /** The same read on the calling thread, should the worker die before it answers. */
  here: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Reader = PooledWorker<Job>;

/** The times of the last `size` events: a burst while all of them fall within BURST_MS. */
class Burst {
  private readonly times: number[];
  /** The oldest of the times kept. */
  private next = 0;

  constructor(size: number) {
    this.times = new Array<number>(size).fill(-Infinity);
  }

  /** Whether `size` events, the oldest kept included, fall within BURST_MS of `now`. */
  within(now: number): boolean {
    return now - this.times[this.next]! < BURST_MS;
  }

  /** Record an event at `now`; says whether it completes a burst with the ones before it. */
  add(now: number): boolean {
    const burst = this.within(now);
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.times.length;
    return burst;
  }
}

/** An error as the worker described it, with its SQLite code, so that faults are classified as on the main thread. */
function rebuildError(e: { message: string; code?: string }): Error {
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

export class ReadPool {
  private readonly readers: Reader[] = [];
  private nextId = 1;
  private readonly arrivals = new Burst(BURST_READS);
  /** The writer's long flushes, by when they ended. */
  private readonly flushes = new Burst(BURST_FLUSHES);
  private crashes = 0;
  private closed = false;

  /** @param entry the worker's module (tests give one that cannot start). */
  constructor(
    private readonly file: string,
    private readonly size: number,
    private readonly entry: URL = READER_ENTRY,
  ) {}

  /**
   * Run `call` on a worker, or `here` (the same read on the calling thread) when no worker should or can take it.
   * Both give the same answer: `here` is what the store ran before there were workers.
   */
  run<T>(call: ReadCall, here: () => T): Promise<T> {
    const now = performance.now();
    const burst = this.arrivals.add(now) || this.flushes.within(now);
    const reader = burst && this.size > 0 && this.crashes < MAX_CRASHES && !this.closed ? this.pick() : null;
    if (!reader) {
      // On this thread at once, as the store read before it had workers.
      try {
        return Promise.resolve(here());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<T>((resolve, reject) =>
      reader.post({ request: { ...call, id: this.nextId++ }, here, resolve: resolve as (value: unknown) => void, reject }),
    );
  }

  /** The writer has just flushed, holding the event loop for `ms` (write-queue.ts `onFlushed`). */
  writerFlushed(ms: number): void {
    if (ms < LONG_FLUSH_MS) return;
    this.flushes.add(performance.now());
  }

  /** Stop every worker (the store closing; the process may also just exit, as idle workers never hold it open). */
  close(): void {
    this.closed = true;
    for (const r of [...this.readers]) this.retire(r);
  }

  /** A ready worker with the fewest reads in hand, starting another while there are fewer than `size`; null if none is ready. */
  private pick(): Reader | null {
    const ready = this.readers.filter((r) => r.ready);
    const free = ready.find((r) => r.jobs.size === 0);
    if (free) return free;
    if (this.readers.length < this.size) this.start();
    return ready.length ? ready.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a)) : null;
  }

  private start(): void {
    const thread = new Worker(this.entry, { workerData: { file: this.file } });
    const reader: Reader = new PooledWorker(thread, IDLE_MS, (r) => this.retire(r));
    this.readers.push(reader);
    // Starting must not hold the process open either: a command that read once and is done exits.
    thread.unref();
    // A worker that cannot start (no threads, a file it cannot open) or dies: its reads run here instead.
    reader.listen<ReadReply>(
      (job, reply) => (reply.ok ? job.resolve(reply.value) : job.reject(rebuildError(reply.error))),
      () => {
        if (!this.readers.includes(reader)) return;
        this.crashes += reader.ready ? 1 : MAX_CRASHES;
        this.retire(reader);
      },
    );
  }

  /** Stop a worker; what it still had in hand is read on the calling thread. */
  private retire(reader: Reader): void {
    const at = this.readers.indexOf(reader);
    if (at >= 0) this.readers.splice(at, 1);
    reader.stop();
    const orphans = [...reader.jobs.values()];
    reader.jobs.clear();
    for (const job of orphans) {
      try {
        job.resolve(job.here());
      } catch (err) {
        job.reject(err);
      }
    }
  }
}

/** A plain module that registers tsx and loads read-worker.ts: threads do not inherit their parent's loader. */
const READER_ENTRY = new URL('./read-worker.mjs', import.meta.url);
