import type pg from 'pg';
import type { PublishedDigest } from '../../model/digest.ts';
import type { StoryFilter, StorySummary, TagEvidenceRow } from '../../model/story.ts';
import { SyncedBandIndex } from '../band-sync.ts';
import type { PushStore } from '../outbox.ts';
import { DatabaseFullError, DiskFullWatch } from '../disk-full.ts';
import { retentionCutoffs } from '../rules.ts';
import type { ItemKeying } from '../../normalise/item.ts';
import type {
  CopyText,
  FailureRecord,
  ItemIdentity,
  ListOptions,
  RetentionOptions,
  RetentionReport,
  SourceState,
  Store,
  StoreStats,
  StoreTx,
  TagDayCount,
} from '../store.ts';
import { checkout, connectError, createPool, type Connection } from './connect.ts';
import * as digests from './digests.ts';
import { BUMP_DATA_VERSION, readDataVersion } from './data-version.ts';
import { itemKeying, itemsWithLinks, switchItemKeying } from './item-keying.ts';
import { WRITE_LOCK } from './locks.ts';
import { migrate } from './migrations.ts';
import * as read from './read.ts';
import { postgresPush } from './outbox.ts';
import { pruneBatch } from './retention.ts';
import { MERGE_PENDING_SEARCH_ENTRIES } from './search-index.ts';
import { blankSourceState, getSourceState, listSourceStates, publishingGapMs, recordFailure, storedItemKeys } from './sources.ts';
import { expireTombstones } from './tombstones.ts';
import { PostgresTx } from './tx.ts';
import { SerialWriter } from './writer.ts';

/**
 * huiju's data in PostgreSQL. Reads go to the pool, each on whichever connection is free. Writes go through one
 * serial writer per process, each a transaction on one connection holding the cluster-wide write lock (locks.ts).
 */
export class PostgresStore implements Store {
  readonly engine = 'postgres' as const;
  readonly location: string;
  private readonly pool: pg.Pool;
  /** One per store: the items this process's ingest matches against, kept in step with the table (band-sync.ts). */
  private readonly bands = new SyncedBandIndex();
  private readonly writer = new SerialWriter();
  private closing: Promise<void> | null = null;
  readonly push: PushStore;
  /** The server's disk is full (SQLSTATE 53100): writes fail, reads go on; /healthz and /api/sources say so. */
  private readonly full: DiskFullWatch;

  constructor(private readonly conn: Connection) {
    this.pool = conn.pool;
    this.location = conn.location;
    this.push = postgresPush(this.pool);
    this.full = new DiskFullWatch(`the PostgreSQL database ${conn.location}`);
  }

  // Reading: SQL in read.ts.
  listStories(f: StoryFilter, opts?: ListOptions): Promise<StorySummary[]> {
    return read.listStories(this.pool, f, opts);
  }

  getStory(id: number): Promise<StorySummary | undefined> {
    return read.getStory(this.pool, id);
  }

  findStoryIdByUrlOrGuid(ref: string): Promise<number | undefined> {
    return read.findStoryIdByUrlOrGuid(this.pool, ref);
  }

  storyTagEvidence(storyId: number): Promise<TagEvidenceRow[]> {
    return read.storyTagEvidence(this.pool, storyId);
  }

  copyTexts(itemIds: readonly number[]): Promise<Map<number, CopyText>> {
    return read.copyTexts(this.pool, itemIds);
  }

  searchTexts(itemIds: readonly number[]): Promise<Map<number, { title: string; body: string }>> {
    return read.searchTexts(this.pool, itemIds);
  }

  tagCounts(): Promise<Map<string, number>> {
    return read.tagCounts(this.pool);
  }

  tagDayCounts(since: string, until: string, offsetMinutes: number): Promise<TagDayCount[]> {
    return read.tagDayCounts(this.pool, since, until, offsetMinutes);
  }

  storeStats(): Promise<StoreStats> {
    return read.storeStats(this.pool);
  }

  lastChange(): Promise<string | null> {
    return read.lastChange(this.pool);
  }

  dataVersion(): Promise<string> {
    return readDataVersion(this.pool);
  }

  async ping(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
    } catch (err) {
      throw connectError(this.conn.target, err);
    }
  }

  async diskFull(): Promise<DatabaseFullError | null> {
    return this.full.current();
  }

  // Sources.
  async getSourceState(sourceId: string): Promise<SourceState> {
    return this.full.overlay(await getSourceState(this.pool, sourceId));
  }

  async listSourceStates(): Promise<Map<string, SourceState & { itemCount: number }>> {
    const states = await listSourceStates(this.pool);
    return this.full.overlayAll(states, (id) => ({ ...blankSourceState(id), itemCount: 0 }));
  }

  async recordFailure(sourceId: string, rec: FailureRecord): Promise<void> {
    try {
      // Its success says nothing of the disk: a failure is a few bytes where a failed document was many.
      await this.write(async (client) => ({ value: await recordFailure(client, sourceId, rec), wrote: true }), false);
    } catch (err) {
      // Kept in memory instead: the source still shows its failure, and still backs off.
      if (err instanceof DatabaseFullError) this.full.failureNotStored(sourceId, rec);
      throw err;
    }
  }

  publishingGapMs(sourceId: string, now: Date): Promise<number | null> {
    return publishingGapMs(this.pool, sourceId, now);
  }

  storedItemKeys(sourceId: string, itemKeys: readonly string[]): Promise<Set<string>> {
    return storedItemKeys(this.pool, sourceId, itemKeys);
  }

  itemKeying(sourceId: string): Promise<ItemKeying> {
    return itemKeying(this.pool, sourceId);
  }

  itemsWithLinks(sourceId: string, urls: readonly string[]): Promise<ItemIdentity[]> {
    return itemsWithLinks(this.pool, sourceId, urls);
  }

  switchItemKeying(sourceId: string, keying: ItemKeying, keyOf: (item: ItemIdentity) => string | null): Promise<number> {
    return this.write(async (client) => ({ value: await switchItemKeying(client, sourceId, keying, keyOf), wrote: true }));
  }

  // Daily digests.
  publishDigest(d: PublishedDigest): Promise<PublishedDigest> {
    return this.write(async (client) => {
      const { digest, wrote } = await digests.publishDigest(client, d);
      return { value: digest, wrote };
    });
  }

  getDigest(outputId: string, day: string): Promise<PublishedDigest | undefined> {
    return digests.getDigest(this.pool, outputId, day);
  }

  listDigests(outputId: string, limit: number): Promise<PublishedDigest[]> {
    return digests.listDigests(this.pool, outputId, limit);
  }

  // Writing.
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.write(async (client) => {
      const tx = new PostgresTx(client, this.bands);
      try {
        const value = await work(tx);
        // What the work held back is written before COMMIT; if that fails, the transaction fails.
        await tx.flush();
        return { value, wrote: tx.wrote, wroteSearch: tx.wroteSearch };
      } finally {
        tx.finish();
      }
    });
  }

  writeRoom(): Promise<void> {
    return this.writer.room();
  }

  /**
   * Retention, one transaction a batch so fetches and the API are held up for a batch at most: each batch queues
   * behind the writes asked for meanwhile. Nothing to vacuum by hand: autovacuum reuses the freed space.
   */
  async prune(opts: RetentionOptions): Promise<RetentionReport> {
    const cut = retentionCutoffs(opts);
    const report: RetentionReport = {
      items: 0,
      storiesDeleted: 0,
      storiesUpdated: 0,
      tombstonesExpired: 0,
      freedBytes: 0,
      convertedToIncrementalVacuum: false,
    };
    for (;;) {
      const batch = await this.write(async (client) => {
        const b = await pruneBatch(client, cut.items, cut.prunedAt, opts);
        return { value: b, wrote: b.items > 0 };
      });
      if (batch.items === 0) break;
      report.items += batch.items;
      report.storiesDeleted += batch.storiesDeleted;
      report.storiesUpdated += batch.storiesUpdated;
    }
    report.tombstonesExpired = await this.write(async (client) => {
      const n = await expireTombstones(client, cut.tombstones);
      return { value: n, wrote: n > 0 };
    });
    return report;
  }

  /** Waits for the writes already asked for, then closes every connection. */
  close(): Promise<void> {
    this.closing ??= this.writer.idle().then(() => this.pool.end());
    return this.closing;
  }

  /**
   * One write transaction: this process's next turn at writing, a connection, BEGIN, the cluster-wide write lock, the
   * work, the data version bumped if it wrote, COMMIT. The lock is taken after BEGIN under READ COMMITTED, so every
   * statement after it sees what the previous holder committed. BEGIN and the lock go as one message, as do the bump
   * and COMMIT: a round trip costs more than any of them. On failure, ROLLBACK, and the band index drops what it indexed
   * since the transaction began: rows the rollback took away. `room`: its success shows the server's disk has room again.
   */
  private write<T>(work: (client: pg.PoolClient) => Promise<{ value: T; wrote: boolean; wroteSearch?: boolean }>, room = true): Promise<T> {
    if (this.closing) return Promise.reject(new Error(`the store at ${this.location} is closed`));
    return this.writer.run(async () => {
      // This process writes one transaction at a time (`writer`): whatever is indexed from here on is this one's.
      const bands = this.bands.mark();
      const client = await checkout(this.conn);
      let broken: Error | undefined;
      try {
        await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
        const { value, wrote, wroteSearch } = await work(client);
        // After COMMIT, in the same message, the search entries it wrote are merged into their index (search-index.ts).
        const statements = [...(wrote ? [BUMP_DATA_VERSION] : []), 'COMMIT', ...(wroteSearch ? [MERGE_PENDING_SEARCH_ENTRIES] : [])];
        const results = [(await client.query(statements.join('; '))) as pg.QueryResult | pg.QueryResult[]].flat();
        // PostgreSQL answers COMMIT of a transaction a failed statement aborted with ROLLBACK, not an error: work that
        // caught that statement's error must not be reported as stored.
        if (results[statements.indexOf('COMMIT')]?.command !== 'COMMIT') throw new Error('the transaction was rolled back: a statement in it failed');
        if (room) this.full.wrote();
        return value;
      } catch (err) {
        this.bands.undoTo(bands);
        // A connection that cannot even roll back is dropped from the pool rather than handed to the next query.
        await client.query('ROLLBACK').catch((e: unknown) => {
          broken = e instanceof Error ? e : new Error(String(e));
        });
        throw this.full.failed(err);
      } finally {
        client.release(broken);
      }
    });
  }
}

/** Connect, bring the schema up to date, and return the store. Fails with one line when the database cannot be reached. */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const conn = createPool(url);
  try {
    const client = await checkout(conn);
    try {
      await migrate(client);
    } finally {
      client.release();
    }
  } catch (err) {
    await conn.pool.end().catch(() => {});
    throw err;
  }
  return new PostgresStore(conn);
}
