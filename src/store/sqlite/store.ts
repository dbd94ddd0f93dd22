import { SyncedBandIndex } from '../band-sync.ts';
import { DatabaseFullError, DiskFullWatch, isDiskFull } from '../disk-full.ts';
import { retentionCutoffs } from '../rules.ts';
import type { PushStore } from '../outbox.ts';
import type { RetentionOptions, RetentionReport, Store, StoreTx } from '../store.ts';
import { openDatabase, type Db } from './db.ts';
import { getDigest, listDigests, publishDigest } from './digests.ts';
import { FaultWatch } from './fault.ts';
import { HeldSearchWrites } from './held-search-writes.ts';
import { itemKeying, itemsWithLinks, switchItemKeying } from './item-keying.ts';
import { publishingGapMs } from './items.ts';
import { getStory, listStories } from './listing.ts';
import { copyTexts, dataVersion, findStoryIdByUrlOrGuid, lastChange, searchTexts, storeStats, storyTagEvidence } from './lookups.ts';
import { sqlitePush } from './outbox.ts';
import { defaultReaders, ReadPool } from './read-pool.ts';
import { beginPrune, checkpoint, finishPrune, pruneBatch } from './retention.ts';
import { keepReserve, releaseReserve } from './reserve.ts';
import { getSourceState, listSourceStates, recordFailure, storedItemKeys } from './sources.ts';
import { tagCounts, tagDayCounts } from './tags.ts';
import { sqliteTx } from './tx.ts';
import { WriteQueue } from './write-queue.ts';

/** Items a prune batch removes once the disk is full: each batch's deletes must fit in the room the reserve gave. */
const FULL_DISK_BATCH = 50;

/**
 * The embedded engine: one SQLite file, one connection. Reads answer at once on the caller's turn of the event loop;
 * writes go through the connection's one write queue (write-queue.ts), which groups them into shared commits.
 */
export class SqliteStore implements Store {
  readonly engine = 'sqlite' as const;
  private readonly bands = new SyncedBandIndex();
  private readonly queue: WriteQueue;
  private readonly tx: StoreTx;
  /** A damaged file met by any read or write, or found by the periodic check: `ping` reports it (for /healthz). */
  private readonly faults: FaultWatch;
  readonly push: PushStore;
  /** Writes failing for want of disk space (disk-full.ts): reads go on, /healthz and /api/sources say so. */
  private readonly full: DiskFullWatch;
  /** Listings and search texts on worker threads under concurrent requests (read-pool.ts). */
  private readonly readers: ReadPool;

  constructor(
    /** The better-sqlite3 connection, for SQLite-only tools and tests. */
    readonly db: Db,
    readonly location: string,
    readers = defaultReaders(),
  ) {
    const search = new HeldSearchWrites(db);
    // A transaction that threw takes its own band entries back (`transaction`); a lost group leaves others' behind.
    this.queue = new WriteQueue(db, {
      onRollback: (group) => {
        if (group) this.bands.reset();
      },
      held: search,
      onFlushed: (ms) => this.readers.writerFlushed(ms),
    });
    this.tx = sqliteTx(db, this.bands, search);
    this.faults = new FaultWatch(db, { file: location === ':memory:' || location === '' ? null : location });
    this.push = sqlitePush(db, (work) => this.queue.run(async () => work()));
    this.full = new DiskFullWatch(`the SQLite database ${location}`);
    // No other connection can read a file this one holds in exclusive mode (db.ts: a disk too full for the -shm file).
    const alone = location === ':memory:' || location === '' || db.pragma('locking_mode', { simple: true }) === 'exclusive';
    this.readers = new ReadPool(location, alone ? 0 : readers);
  }

  listStories: Store['listStories'] = (f, opts) =>
    this.faults.read(() => this.readers.run({ read: 'listStories', args: [f, opts] }, () => listStories(this.db, f, opts)));
  getStory: Store['getStory'] = (id) => this.faults.read(() => getStory(this.db, id));
  findStoryIdByUrlOrGuid: Store['findStoryIdByUrlOrGuid'] = (ref) => this.faults.read(() => findStoryIdByUrlOrGuid(this.db, ref));
  storyTagEvidence: Store['storyTagEvidence'] = (id) => this.faults.read(() => storyTagEvidence(this.db, id));
  copyTexts: Store['copyTexts'] = (ids) => this.faults.read(() => copyTexts(this.db, ids));
  searchTexts: Store['searchTexts'] = (ids) =>
    this.faults.read(() => this.readers.run({ read: 'searchTexts', args: [ids] }, () => searchTexts(this.db, ids)));
  tagCounts: Store['tagCounts'] = () => this.faults.read(() => tagCounts(this.db));
  tagDayCounts: Store['tagDayCounts'] = (since, until, offset) => this.faults.read(() => tagDayCounts(this.db, since, until, offset));
  storeStats: Store['storeStats'] = () => this.faults.read(() => storeStats(this.db));
  lastChange: Store['lastChange'] = () => this.faults.read(() => lastChange(this.db));
  dataVersion: Store['dataVersion'] = () => this.faults.read(() => dataVersion(this.db));
  ping: Store['ping'] = async () => {
    this.faults.check();
    await this.faults.read(() => this.db.prepare('SELECT 1').get());
  };

  diskFull: Store['diskFull'] = async () => this.full.current();

  getSourceState: Store['getSourceState'] = (id) => this.faults.read(() => this.full.overlay(getSourceState(this.db, id)));
  listSourceStates: Store['listSourceStates'] = () =>
    this.faults.read(() => this.full.overlayAll(listSourceStates(this.db), (id) => ({ ...getSourceState(this.db, id), itemCount: 0 })));
  recordFailure: Store['recordFailure'] = (id, rec) =>
    // Its success says nothing of the disk: a failure is a few bytes where a failed document was many.
    this.write(async () => recordFailure(this.db, id, rec), false).catch((err: unknown) => {
      // Kept in memory instead: the source still shows its failure, and still backs off.
      if (err instanceof DatabaseFullError) this.full.failureNotStored(id, rec);
      throw err;
    });
  publishingGapMs: Store['publishingGapMs'] = (id, now) => this.faults.read(() => publishingGapMs(this.db, id, now));
  storedItemKeys: Store['storedItemKeys'] = (id, keys) => this.faults.read(() => storedItemKeys(this.db, id, keys));
  itemKeying: Store['itemKeying'] = (id) => this.faults.read(() => itemKeying(this.db, id));
  itemsWithLinks: Store['itemsWithLinks'] = (id, urls) => this.faults.read(() => itemsWithLinks(this.db, id, urls));
  switchItemKeying: Store['switchItemKeying'] = (id, keying, keyOf) => this.write(async () => switchItemKeying(this.db, id, keying, keyOf));

  publishDigest: Store['publishDigest'] = (d) =>
    this.queue.run(async () => publishDigest(this.db, d)).catch((err: unknown) => this.faults.note(err));
  getDigest: Store['getDigest'] = (id, day) => this.faults.read(() => getDigest(this.db, id, day));
  listDigests: Store['listDigests'] = (id, limit) => this.faults.read(() => listDigests(this.db, id, limit));

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.write(async () => {
      // Taken when the unit starts: units run one at a time, so whatever is indexed from here until it throws is its.
      const mark = this.bands.mark();
      try {
        return await work(this.tx);
      } catch (err) {
        // Its savepoint is rolled back next: so are the items it indexed.
        this.bands.undoTo(mark);
        throw err;
      }
    });
  }

  /**
   * One unit through the write queue; its failure is classified (disk full, damaged file) before it is passed on.
   * `room`: its success shows the disk has room again.
   */
  private write<T>(work: () => Promise<T>, room = true): Promise<T> {
    return this.queue.run(work).then(
      (value) => {
        if (room) this.full.wrote();
        return value;
      },
      (err: unknown) => this.faults.note(this.full.failed(err)),
    );
  }

  writeRoom(): Promise<void> {
    return this.queue.room();
  }

  /** Batch by batch, each its own transaction, with the event loop (and the write queue) free between them. */
  prune(opts: RetentionOptions): Promise<RetentionReport> {
    return this.pruneBatches(opts).then(
      (report) => {
        this.full.wrote();
        return report;
      },
      (err: unknown) => this.faults.note(this.full.failed(err)),
    );
  }

  /**
   * On a full disk a batch fails for want of room in the WAL: the reserve file (reserve.ts) is given up to make that
   * room, the WAL copied back (so the next batches reuse its space instead of growing it), and the batches go on
   * smaller. The space they free is handed back to the file system step by step (finishPrune).
   */
  private async pruneBatches(opts: RetentionOptions): Promise<RetentionReport> {
    const cutoffs = retentionCutoffs(opts);
    await this.queue.idle();
    let batchSize = opts.batchSize ?? 500;
    let reserveUsed = false;
    const report = beginPrune(this.db);
    try {
      for (;;) {
        await this.queue.idle();
        let removed: number;
        try {
          removed = pruneBatch(this.db, cutoffs.items, cutoffs.prunedAt, { ...opts, batchSize }, report);
        } catch (err) {
          if (!isDiskFull(err) || reserveUsed || !releaseReserve(this.location)) throw err;
          reserveUsed = true;
          batchSize = Math.min(batchSize, FULL_DISK_BATCH);
          checkpoint(this.db);
          continue;
        }
        if (removed === 0) break;
        await new Promise((r) => setImmediate(r));
      }
      await this.queue.idle();
      return finishPrune(this.db, cutoffs.tombstones, report);
    } finally {
      keepReserve(this.location);
    }
  }

  async close(): Promise<void> {
    this.readers.close();
    await this.queue.idle();
    this.db.close();
  }
}

export function openSqliteStore(file: string, opts: { readers?: number } = {}): SqliteStore {
  return new SqliteStore(openDatabase(file), file, opts.readers);
}
