/**
 * Fingerprint band → item ids, in memory: where near-duplicate candidates come from.
 *
 * It replaced a `WITHOUT ROWID` table of 30 rows an item. Band keys are hashes, so each new item inserted into 30
 * random pages of that table's b-tree and its commit rewrote them all to the WAL: 60% of ingest time at 15,000 items
 * (the pipeline bench). Here an item costs 30 array writes. Chained hashing in typed arrays keeps it small (about 16 bytes
 * a band, no object per entry, nothing for the garbage collector to trace) and lists a band's items newest first. Item
 * ids are stored in 32 bits: SQLite assigns them in sequence, and four billion items is beyond any one database here.
 *
 * Item ids are appended, never removed one by one: an item's changed bands are added beside its old ones (a stale band
 * only brings a candidate the matcher then rejects), and items past the band lifetime are forgotten wholesale by id,
 * their entries dropped at the next compaction.
 */
const MIN_CAPACITY = 1024;

export class BandIndex {
  /** Bucket (a key's low bits) → 1 + its newest entry; 0 when empty. */
  private heads: Int32Array;
  /** Per entry, in the order added: its band key, its item id, 1 + the previous entry of its bucket (0: none). */
  private keys: Uint32Array;
  private ids: Uint32Array;
  private next: Int32Array;
  private count = 0;
  /** Ids at or below this are forgotten: lookups skip them, compaction drops them. */
  private floor = 0;
  /**
   * Entries kept by the last compaction: the next one runs once the index has grown a quarter past it, so it never
   * holds more than a quarter above what it last kept (a week of a busy deployment's items is millions of entries).
   */
  private kept = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.keys = new Uint32Array(capacity);
    this.ids = new Uint32Array(capacity);
    this.next = new Int32Array(capacity);
    this.heads = new Int32Array(bucketsFor(capacity));
  }

  /** Entries held, forgotten ones included until a compaction drops them. */
  get size(): number {
    return this.count;
  }

  add(itemId: number, bands: readonly number[]): void {
    if (this.count + bands.length > this.keys.length) this.resize(Math.ceil((this.count + bands.length) * 1.5));
    const mask = this.heads.length - 1;
    for (const band of bands) {
      const i = this.count++;
      const bucket = band & mask;
      this.keys[i] = band;
      this.ids[i] = itemId;
      this.next[i] = this.heads[bucket]!;
      this.heads[bucket] = i + 1;
    }
    if (this.count > this.heads.length) this.relink(new Int32Array(this.heads.length * 2));
  }

  /**
   * The items sharing these bands, each with how many it shares. A band contributes only its `perBand` newest items,
   * so a band that boilerplate made common cannot turn one lookup into a scan.
   */
  shared(bands: readonly number[], perBand: number): Map<number, number> {
    const counts = new Map<number, number>();
    const mask = this.heads.length - 1;
    const taken: number[] = [];
    for (const band of bands) {
      taken.length = 0;
      for (let e = this.heads[band & mask]!; e !== 0 && taken.length < perBand; e = this.next[e - 1]!) {
        const id = this.ids[e - 1]!;
        // An item whose text changed is listed again under its new bands; an unchanged band then appears twice.
        if (this.keys[e - 1] !== band || id <= this.floor || taken.includes(id)) continue;
        taken.push(id);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** Forget every item with an id up to this one (items are added in id order, so these are the oldest). */
  forgetUpTo(itemId: number): void {
    if (itemId <= this.floor) return;
    this.floor = itemId;
    if (this.count >= 1.25 * Math.max(this.kept, MIN_CAPACITY)) this.compact();
  }

  private compact(): void {
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.ids[i]! <= this.floor) continue;
      this.keys[kept] = this.keys[i]!;
      this.ids[kept] = this.ids[i]!;
      kept++;
    }
    this.count = this.kept = kept;
    this.resize(Math.max(Math.ceil(kept * 1.25), MIN_CAPACITY));
    this.relink(new Int32Array(bucketsFor(kept)));
  }

  private resize(capacity: number): void {
    const grow = <T extends Uint32Array | Int32Array>(from: T, to: T): T => (to.set(from.subarray(0, this.count)), to);
    this.keys = grow(this.keys, new Uint32Array(capacity));
    this.ids = grow(this.ids, new Uint32Array(capacity));
    this.next = grow(this.next, new Int32Array(capacity));
  }

  /** Rebuild the bucket chains into `heads`, oldest entry first so each chain stays newest first. */
  private relink(heads: Int32Array): void {
    const mask = heads.length - 1;
    for (let i = 0; i < this.count; i++) {
      const bucket = this.keys[i]! & mask;
      this.next[i] = heads[bucket]!;
      heads[bucket] = i + 1;
    }
    this.heads = heads;
  }
}

/** A power of two at least `entries`: about one entry a bucket, so a chain is short. */
function bucketsFor(entries: number): number {
  let n = MIN_CAPACITY;
  while (n < entries) n *= 2;
  return n;
}
