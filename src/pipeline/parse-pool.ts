/**
 * Reading feed documents (parse, sanitise, normalise, dedup features) on worker threads, so that a cycle's second core
 * parses while the main thread fetches and stores. Everything read here is pure (read-feed.ts), so the pool changes
 * where the work runs, never what it gives: any document may be read on the main thread instead, and is when
 *   - the pool has no workers (one core, or sized 0),
 *   - documents are not arriving in a burst (a lone refresh in `huiju serve`'s steady state: starting a worker costs
 *     more than it saves, and a worker is stopped after IDLE_MS without work, giving its memory back),
 *   - the document is very large (copying it to a worker would hold it twice),
 *   - every worker already has its hands full (see `saturated`),
 *   - or a worker could not start or died (its documents are read again here; after MAX_CRASHES the pool stays off).
 *
 * Features computed by a worker are handed to ingest beside the items (precomputedFeatures), keyed by the item object
 * and the dedup options they were computed with: an item changed on its way (a scraped article) is fingerprinted anew.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DedupFeatures, DedupOptions } from '../dedup/index.ts';
import type { NormalisedItem } from '../normalise/item.ts';
import { ParseError } from '../parse/errors.ts';
import { PooledWorker } from '../pooled-worker.ts';
import type { WorkerError, WorkerReply, WorkerRequest } from './parse-worker.ts';
import { readFeed, type ReadFeed, type ReadFeedJob } from './read-feed.ts';

/** A document arriving within this long of the previous one is part of a burst (a cycle), worth a worker. */
const BURST_MS = 1_000;
/** A worker with nothing to do for this long is stopped. */
const IDLE_MS = 30_000;
/** Documents longer than this (characters) are read on the main thread. */
const MAX_WORKER_CHARS = 8_000_000;
/**
 * Documents a worker holds at most (parsing one, the rest waiting); more are read on the main thread. Fetching comes
 * in bursts the worker soon works off, and a document read on the main thread delays storing, the cycle's critical
 * path: 32 rather than 8 took a cold 1,000-source cycle from 61 to 53 s (BENCHMARKS.md, sixth pass), for a few MB of
 * documents waiting.
 */
const IN_HAND_PER_WORKER = 32;
/**
 * The worker's young generation, MB. With V8's default a worker parsing a cycle's documents grew to ≈100 MB of RSS;
 * 8 MB keeps it to ≈60 MB for 4% more CPU time, spent on the worker's core, which is idle most of a cycle anyway
 * (BENCHMARKS.md, "Fifth pass").
 */
const YOUNG_GENERATION_MB = 8;
/** Worker failures after which the pool reads everything on the main thread. */
const MAX_CRASHES = 3;

/** Workers for a machine: one core is the main thread's (fetching, storing), the others parse; at most two. */
export function defaultParseWorkers(): number {
  return Math.max(0, Math.min(2, availableParallelism() - 1));
}

interface Job {
  request: WorkerRequest;
  resolve: (read: ReadFeed) => void;
  reject: (err: unknown) => void;
}

type PoolWorker = PooledWorker<Job>;

const precomputed = new WeakMap<NormalisedItem, { features: DedupFeatures; dedup: DedupOptions }>();

/** The features a worker computed for this item with these dedup options, if it did. */
export function precomputedFeatures(item: NormalisedItem, dedup: DedupOptions): DedupFeatures | null {
  const entry = precomputed.get(item);
  return entry && entry.dedup === dedup ? entry.features : null;
}

export class ParsePool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;
  private lastArrival = -Infinity;
  private crashes = 0;

  /** @param entry the worker's module (tests give one that cannot start). */
  constructor(
    private readonly size: number,
    private readonly entry: URL = WORKER_ENTRY,
  ) {}

  /** Parse, normalise and (on a worker) fingerprint one feed document. Throws what parseFeed throws. */
  async read(job: ReadFeedJob): Promise<ReadFeed> {
    const now = performance.now();
    const burst = now - this.lastArrival < BURST_MS;
    this.lastArrival = now;
    if (!burst || this.size === 0 || this.crashes >= MAX_CRASHES || job.text.length > MAX_WORKER_CHARS || this.saturated()) return readFeed(job, false);
    const read = await new Promise<ReadFeed>((resolve, reject) => this.pick().post({ request: { id: this.nextId++, job }, resolve, reject }));
    for (const [i, item] of read.items.entries()) precomputed.set(item, { features: read.features[i]!, dedup: job.dedup });
    return read;
  }

  /**
   * Every worker started and holding IN_HAND_PER_WORKER documents: the next is read on the main thread. Waiting for a
   * worker instead let a cycle fetch every document while the first were parsed (fetching over loopback outruns
   * parsing) and hold them all in memory: the write queue's limit (`Store.writeRoom`) only counts documents read.
   */
  private saturated(): boolean {
    return this.workers.length >= this.size && this.workers.every((w) => w.jobs.size >= IN_HAND_PER_WORKER);
  }

  /** Stop every worker (tests; the process may also just exit, as workers never hold it open while idle). */
  async close(): Promise<void> {
    for (const w of [...this.workers]) this.retire(w);
  }

  /** The worker with the fewest documents in hand, starting one while there are fewer than `size`. */
  private pick(): PoolWorker {
    const free = this.workers.find((w) => w.jobs.size === 0);
    if (free) return free;
    if (this.workers.length < this.size) return this.start();
    return this.workers.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  }

  private start(): PoolWorker {
    const thread = new Worker(this.entry, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    const worker: PoolWorker = new PooledWorker(thread, IDLE_MS, (w) => this.retire(w));
    this.workers.push(worker);
    // A worker that cannot start (no tsx, no threads) or dies: its documents are read here instead, as if it had never
    // been given them. Parsing is pure, so reading one twice is harmless.
    worker.listen<WorkerReply>(
      (job, reply) => (reply.ok ? job.resolve(reply.read) : job.reject(rebuildError(reply.error))),
      () => {
        if (!this.workers.includes(worker)) return;
        this.crashes += worker.ready ? 1 : MAX_CRASHES;
        this.retire(worker);
      },
    );
    return worker;
  }

  /** Stop a worker; what it still had in hand is read on the main thread. */
  private retire(worker: PoolWorker): void {
    const at = this.workers.indexOf(worker);
    if (at >= 0) this.workers.splice(at, 1);
    worker.stop();
    const orphans = [...worker.jobs.values()];
    worker.jobs.clear();
    for (const job of orphans) readFeed(job.request.job, false).then(job.resolve, job.reject);
  }
}

function rebuildError(e: WorkerError): Error {
  return e.parse ? new ParseError(e.kind, e.message, e.alternates) : new Error(e.message);
}

/** A plain module that registers tsx and loads parse-worker.ts: threads do not inherit their parent's loader. */
const WORKER_ENTRY = new URL('./parse-worker.mjs', import.meta.url);

let shared: ParsePool | null = null;

/** The process's pool, sized for the machine. */
export function sharedParsePool(): ParsePool {
  return (shared ??= new ParsePool(defaultParseWorkers()));
}
