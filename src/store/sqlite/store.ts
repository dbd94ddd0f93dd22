import { SyncedBandIndex } from '../band-sync.ts';
import { retentionCutoffs } from '../rules.ts';
import type { PushStore } from '../outbox.ts';
import type { RetentionOptions, RetentionReport, Store, StoreTx } from '../store.ts';
import { openDatabase, type Db } from './db.ts';
import { FaultWatch } from './fault.ts';
import { publishingGapMs } from './items.ts';
import { getStory, listStories } from './listing.ts';
import { dataVersion, findStoryIdByUrlOrGuid, lastChange, searchTexts, storeStats, storyTagEvidence } from './lookups.ts';
import { sqlitePush } from './outbox.ts';
import { beginPrune, finishPrune, pruneBatch } from './retention.ts';
import { getSourceState, listSourceStates, recordFailure, storedItemKeys } from './sources.ts';
import { tagCounts } from './tags.ts';
import { sqliteTx } from './tx.ts';
import { WriteQueue } from './write-queue.ts';

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

  constructor(
    /** The better-sqlite3 connection, for SQLite-only tools and tests. */
    readonly db: Db,
    readonly location: string,
  ) {
    this.queue = new WriteQueue(db, () => this.bands.reset());
    this.tx = sqliteTx(db, this.bands);
    this.faults = new FaultWatch(db);
    this.push = sqlitePush(db, (work) => this.queue.run(async () => work()));
  }

  listStories: Store['listStories'] = (f, opts) => this.faults.read(() => listStories(this.db, f, opts));
  getStory: Store['getStory'] = (id) => this.faults.read(() => getStory(this.db, id));
  findStoryIdByUrlOrGuid: Store['findStoryIdByUrlOrGuid'] = (ref) => this.faults.read(() => findStoryIdByUrlOrGuid(this.db, ref));
  storyTagEvidence: Store['storyTagEvidence'] = (id) => this.faults.read(() => storyTagEvidence(this.db, id));
  searchTexts: Store['searchTexts'] = (ids) => this.faults.read(() => searchTexts(this.db, ids));
  tagCounts: Store['tagCounts'] = () => this.faults.read(() => tagCounts(this.db));
  storeStats: Store['storeStats'] = () => this.faults.read(() => storeStats(this.db));
  lastChange: Store['lastChange'] = () => this.faults.read(() => lastChange(this.db));
  dataVersion: Store['dataVersion'] = () => this.faults.read(() => dataVersion(this.db));
  ping: Store['ping'] = async () => {
    this.faults.check();
    await this.faults.read(() => this.db.prepare('SELECT 1').get());
  };

  getSourceState: Store['getSourceState'] = (id) => this.faults.read(() => getSourceState(this.db, id));
  listSourceStates: Store['listSourceStates'] = () => this.faults.read(() => listSourceStates(this.db));
  recordFailure: Store['recordFailure'] = (id, rec) =>
    this.queue.run(async () => recordFailure(this.db, id, rec)).catch((err: unknown) => this.faults.note(err));
  publishingGapMs: Store['publishingGapMs'] = (id, now) => this.faults.read(() => publishingGapMs(this.db, id, now));
  storedItemKeys: Store['storedItemKeys'] = (id, keys) => this.faults.read(() => storedItemKeys(this.db, id, keys));

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.queue.run(() => work(this.tx)).catch((err: unknown) => this.faults.note(err));
  }

  writeRoom(): Promise<void> {
    return this.queue.room();
  }

  /** Batch by batch, each its own transaction, with the event loop (and the write queue) free between them. */
  prune(opts: RetentionOptions): Promise<RetentionReport> {
    return this.pruneBatches(opts).catch((err: unknown) => this.faults.note(err));
  }

  private async pruneBatches(opts: RetentionOptions): Promise<RetentionReport> {
    const cutoffs = retentionCutoffs(opts);
    await this.queue.idle();
    const report = beginPrune(this.db);
    for (;;) {
      await this.queue.idle();
      if (pruneBatch(this.db, cutoffs.items, cutoffs.prunedAt, opts, report) === 0) break;
      await new Promise((r) => setImmediate(r));
    }
    await this.queue.idle();
    return finishPrune(this.db, cutoffs.tombstones, report);
  }

  async close(): Promise<void> {
    await this.queue.idle();
    this.db.close();
  }
}

export function openSqliteStore(file: string): SqliteStore {
  return new SqliteStore(openDatabase(file), file);
}
