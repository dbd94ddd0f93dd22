import { bandsOfFingerprint } from '../dedup/index.ts';
import { BandIndex, type BandIndexMark } from './band-index.ts';

/** How an engine reads the stored fingerprints the band index follows. */
export interface FingerprintSource {
  /** Items first seen from `since` on, in id order. */
  firstSeenSince(since: string): Promise<Iterable<FingerprintRow>>;
  /** Items stored after this id, in id order. */
  storedAfter(id: number): Promise<Iterable<FingerprintRow>>;
  /** The newest item first seen before `since`. */
  newestFirstSeenBefore(since: string): Promise<number | undefined>;
  fingerprintOf(id: number): Promise<string | undefined>;
}

export interface FingerprintRow {
  id: number;
  fingerprint: string;
}

/** Where a SyncedBandIndex stood before a transaction: `undoTo` takes it back there if the transaction rolls back. */
export interface SyncedBandMark {
  index: BandIndex | null;
  at: BandIndexMark | null;
  lastId: number;
  lastFingerprint: string;
}

/**
 * A store's band index, kept in step with its items table. Bands are not stored: they follow from each item's stored
 * fingerprint, so the index is rebuilt from the items at first use and caught up with rows other connections or
 * processes (a `huiju fetch` beside `huiju serve`) stored since. An item another process updates in place keeps its
 * old bands here until the next rebuild; it can still be matched by its URL and headline.
 */
export class SyncedBandIndex {
  private index: BandIndex | null = null;
  /** The newest item indexed, and its fingerprint: if that row is gone or changed, what was indexed was rolled back. */
  private lastId = 0;
  private lastFingerprint = '';

  /**
   * In step with the items table for the band lifetime: every item first seen from `since` on is in the index, and
   * those first seen before are forgotten. A rebuild reads only the lifetime; catching up takes every newer row.
   */
  async sync(rows: FingerprintSource, since = ''): Promise<BandIndex> {
    if (this.index && !(await this.stillStored(rows))) this.index = null;
    if (!this.index) {
      this.index = new BandIndex();
      this.lastId = 0;
      this.lastFingerprint = '';
      this.addRows(await rows.firstSeenSince(since));
    } else {
      this.addRows(await rows.storedAfter(this.lastId));
    }
    // Ids follow the order items were stored in, so the newest item first seen before `since` bounds all the stale ones.
    const newestStale = await rows.newestFirstSeenBefore(since);
    if (newestStale !== undefined) this.index.forgetUpTo(newestStale);
    return this.index;
  }

  /** The index as last synced, or a full one if there is none yet. */
  async current(rows: FingerprintSource): Promise<BandIndex> {
    return this.index ?? this.sync(rows);
  }

  /** Index an item just stored or changed here. Without an index yet there is nothing to do: the first sync reads it. */
  add(itemId: number, fingerprint: string, bands: readonly number[]): void {
    if (!this.index) return;
    this.index.add(itemId, bands);
    if (itemId >= this.lastId) {
      this.lastId = itemId;
      this.lastFingerprint = fingerprint;
    }
  }

  /** Forget everything: the next sync rebuilds from the table (after a rollback, for one). */
  reset(): void {
    this.index = null;
  }

  /** Where the index stands now: take one before a transaction, for `undoTo` if it rolls back. */
  mark(): SyncedBandMark {
    return { index: this.index, at: this.index?.mark() ?? null, lastId: this.lastId, lastFingerprint: this.lastFingerprint };
  }

  /**
   * After a rollback: drop what was indexed since `mark` (the rolled-back transaction's items, and rows it caught up
   * with, which the next sync reads again), rather than rebuild the whole index at next use. Writes are serialised,
   * so everything indexed since the mark is the transaction's. When the index was built or compacted since, there is
   * no telling what to drop: it is reset instead.
   */
  undoTo(mark: SyncedBandMark): void {
    if (!this.index) return;
    if (this.index !== mark.index || !mark.at || !this.index.undoTo(mark.at)) {
      this.reset();
      return;
    }
    this.lastId = mark.lastId;
    this.lastFingerprint = mark.lastFingerprint;
  }

  /**
   * Whether the newest indexed item is still stored as it was indexed. A transaction that rolled back takes its items
   * with it but not their entries here, and the engine may hand their ids out again: rebuild rather than keep phantoms.
   */
  private async stillStored(rows: FingerprintSource): Promise<boolean> {
    if (this.lastId === 0) return true;
    return (await rows.fingerprintOf(this.lastId)) === this.lastFingerprint;
  }

  private addRows(rows: Iterable<FingerprintRow>): void {
    for (const r of rows) this.add(r.id, r.fingerprint, bandsOfFingerprint(r.fingerprint));
  }
}
