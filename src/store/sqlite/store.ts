import { SyncedBandIndex } from '../band-sync.ts';
import { retentionCutoffs } from '../rules.ts';
import type { RetentionOptions, RetentionReport, Store, StoreTx } from '../store.ts';
import { openDatabase, type Db } from './db.ts';
import { publishingGapMs } from './items.ts';
import { getStory, listStories } from './listing.ts';
import { dataVersion, findStoryIdByUrlOrGuid, lastChange, searchTexts, storeStats, storyTagEvidence } from './lookups.ts';
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

  constructor(
    /** The better-sqlite3 connection, for SQLite-only tools and tests. */
    readonly db: Db,
    readonly location: string,
  ) {
    this.queue = new WriteQueue(db, () => this.bands.reset());
    this.tx = sqliteTx(db, this.bands);
  }

  listStories: Store['listStories'] = async (f, opts) => listStories(this.db, f, opts);
  getStory: Store['getStory'] = async (id) => getStory(this.db, id);
  findStoryIdByUrlOrGuid: Store['findStoryIdByUrlOrGuid'] = async (ref) => findStoryIdByUrlOrGuid(this.db, ref);
  storyTagEvidence: Store['storyTagEvidence'] = async (id) => storyTagEvidence(this.db, id);
  searchTexts: Store['searchTexts'] = async (ids) => searchTexts(this.db, ids);
  tagCounts: Store['tagCounts'] = async () => tagCounts(this.db);
  storeStats: Store['storeStats'] = async () => storeStats(this.db);
  lastChange: Store['lastChange'] = async () => lastChange(this.db);
  dataVersion: Store['dataVersion'] = async () => dataVersion(this.db);
  ping: Store['ping'] = async () => void this.db.prepare('SELECT 1').get();

  getSourceState: Store['getSourceState'] = async (id) => getSourceState(this.db, id);
  listSourceStates: Store['listSourceStates'] = async () => listSourceStates(this.db);
  recordFailure: Store['recordFailure'] = (id, rec) => this.queue.run(async () => recordFailure(this.db, id, rec));
  publishingGapMs: Store['publishingGapMs'] = async (id, now) => publishingGapMs(this.db, id, now);
  storedItemKeys: Store['storedItemKeys'] = async (id, keys) => storedItemKeys(this.db, id, keys);

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.queue.run(() => work(this.tx));
  }

  writeRoom(): Promise<void> {
    return this.queue.room();
  }

  /** Batch by batch, each its own transaction, with the event loop (and the write queue) free between them. */
  async prune(opts: RetentionOptions): Promise<RetentionReport> {
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
