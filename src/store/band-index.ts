/**
 * Fingerprint band → item ids, in memory: where near-duplicate candidates come from.
 *
 * It replaced a `WITHOUT ROWID` table of 30 rows an item. Band keys are hashes, so each new item inserted into 30
 * random pages of that table's b-tree and its commit rewrote them all to the WAL: 60% of ingest time at 15,000 items
 * (the pipeline bench). Here an item costs 30 array writes, in typed arrays (8 bytes an entry, about 14 with the key
 * table; no object per entry, nothing for the garbage collector to trace). Item ids are stored in 32 bits: SQLite
 * assigns them in sequence, and four billion items is beyond any one database here.
 *
 * Each key has its own chain, newest first, found through an open-addressing table of keys. Chains shared by every key
 * of a bucket made a lookup walk past other keys' entries: a band that boilerplate or one templated source made
 * common grows with every item stored, and each key sharing its bucket walked all of it (up to 3,454 entries for one
 * band, in a batch of items alike but for a number). Now a lookup walks only its own keys' entries, at most `perBand`
 * live items of each, whatever else the index holds.
 *
 * Item ids are appended, never removed one by one: an item's changed bands are added beside its old ones (a stale band
 * only brings a candidate the matcher then rejects), and items past the band lifetime are forgotten wholesale by id,
 * lookups stopping where they begin, their entries dropped at the next compaction. The newest entries can be taken
 * back together (`undoTo`): what a transaction that rolled back added.
 */
const MIN_CAPACITY = 1024;
/** 16,384 entries (128 kB) a chunk by default. */
const CHUNK_BITS = 14;
/** Where each of an entry's two numbers sits in its chunk. */
const KEY = 0;
const NEXT = 1;

/** Where an index stood: `undoTo` takes it back there. */
export interface BandIndexMark {
  count: number;
  runs: number;
  floor: number;
  compactions: number;
}

export class BandIndex {
  /** Open addressing on the key: a slot holds 1 + the newest entry of its key, 0 when empty. At most half are used. */
  private slots: Int32Array;
  /** `slots.length` is 2 ** (32 - shift): a key's first slot is the top bits of its Fibonacci hash. */
  private shift: number;
  private used = 0;
  /**
   * The entries in the order added, two numbers each: its band key, and 1 + the previous entry of its key (0: none).
   * They are kept in chunks of a fixed size, so the index grows a chunk at a time. One array grown by copying would,
   * at each growth, hold the old copy until the next full collection beside a new one with room for half as many
   * again: the largest thing in a cold cycle's memory at its peak.
   */
  private chunks: Uint32Array[] = [];
  private readonly chunkBits: number;
  private readonly chunkMask: number;
  private count = 0;
  /**
   * The entries' item ids, a run at a time: each `add` appends its entries together, so they share one id, kept once
   * here (where the run starts, and its id) rather than beside every entry. An entry's id is its run's, found by a
   * binary search over as many runs as items.
   */
  private runStarts = new Uint32Array(64);
  private runIds = new Uint32Array(64);
  private runs = 0;
  /** Ids at or below this are forgotten: lookups skip them, compaction drops them. */
  private floor = 0;
  /**
   * Entries before this one are all forgotten: a lookup stops when it reaches them. Items are added in id order, so
   * the forgotten ones come first, and this moves past nearly all of them.
   */
  private live = 0;
  /**
   * Entries kept by the last compaction: the next one runs once the index has grown a quarter past it, so it never
   * holds more than a quarter above what it last kept (a week of a busy deployment's items is millions of entries).
   */
  private kept = 0;
  /** Compactions so far: they move entries, so a mark taken before one no longer says where its entries end. */
  private compactions = 0;
  /** The ids the last lookup found, reused by the next one. */
  private buffer = new Uint32Array(0);
  /** Entries lookups have walked, all told: what they cost, counted rather than timed (tests read it). */
  visited = 0;

  /** `chunkBits`: a chunk holds 2 ** chunkBits entries (tests make it tiny, to cross chunks often). */
  constructor(chunkBits = CHUNK_BITS) {
    this.chunkBits = chunkBits;
    this.chunkMask = (1 << chunkBits) - 1;
    this.slots = new Int32Array(MIN_CAPACITY);
    this.shift = 32 - Math.log2(MIN_CAPACITY);
  }

  /** Entries held, forgotten ones included until a compaction drops them. */
  get size(): number {
    return this.count;
  }

  add(itemId: number, bands: readonly number[]): void {
    const first = this.count;
    // The run is opened first, so a band repeated in this list finds the entry just added under this id.
    this.openRun(first, itemId);
    for (const band of bands) {
      if (2 * (this.used + 1) > this.slots.length) this.rehash(this.slots.length * 2);
      const slot = this.slotOf(band);
      const head = this.slots[slot]!;
      // Already the newest under this key (a band repeated, or kept by an edit): listing it again would change nothing.
      if (head !== 0 && this.idOf(head - 1) === itemId) continue;
      if (head === 0) this.used++;
      const i = this.count++;
      if (i >>> this.chunkBits === this.chunks.length) this.chunks.push(new Uint32Array(2 << this.chunkBits));
      this.set(i, band, head);
      this.slots[slot] = i + 1;
    }
    if (this.count === first) this.runs--; // nothing added: no run
  }

  /**
   * The items among each band's `perBand` newest, listed once for every band they share (an item sharing three bands
   * is in it three times), each band's newest first. A view of a buffer the next lookup reuses: copy what you keep.
   */
  found(bands: readonly number[], perBand: number): Uint32Array {
    const most = bands.length * Math.min(perBand, this.count);
    if (this.buffer.length < most) this.buffer = new Uint32Array(most);
    const out = this.buffer;
    let n = 0;
    let visited = 0;
    for (const band of bands) {
      const start = n;
      // Ids in a chain fall as it is walked, but for an item listed again when its text changed: an id not below all
      // taken so far may be a repeat, and only such an id is looked for among them.
      let lowest = Infinity;
      for (let e = this.slots[this.slotOf(band)]!; e > this.live && n - start < perBand; ) {
        visited++;
        const id = this.idOf(e - 1);
        e = this.field(e - 1, NEXT);
        if (id <= this.floor || (id >= lowest && includes(out, start, n, id))) continue;
        out[n++] = id;
        if (id < lowest) lowest = id;
      }
    }
    this.visited += visited;
    return out.subarray(0, n);
  }

  /**
   * The items sharing these bands, each with how many it shares. A band contributes only its `perBand` newest items,
   * so a band that boilerplate made common cannot turn one lookup into a scan.
   */
  shared(bands: readonly number[], perBand: number): Map<number, number> {
    const counts = new Map<number, number>();
    for (const id of this.found(bands, perBand)) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }

  /** Where the index stands now, for `undoTo`. */
  mark(): BandIndexMark {
    return { count: this.count, runs: this.runs, floor: this.floor, compactions: this.compactions };
  }

  /**
   * Back to `mark`: the entries added since are dropped, and items forgotten since are remembered again, as if none of
   * it had happened. Each key's chain is relinked from the entries kept, which costs array writes only (rebuilding the
   * index from the table decodes every stored fingerprint again). False, and nothing changed, when a compaction has
   * moved the entries since: the caller must rebuild instead.
   */
  undoTo(mark: BandIndexMark): boolean {
    if (mark.compactions !== this.compactions || mark.count > this.count) return false;
    if (mark.count === this.count && mark.floor === this.floor) return true;
    this.count = mark.count;
    this.runs = mark.runs;
    this.floor = mark.floor;
    this.live = 0;
    this.skipForgotten();
    this.relink(Math.min(this.used, this.count));
    return true;
  }

  /** Forget every item with an id up to this one (items are added in id order, so these are the oldest). */
  forgetUpTo(itemId: number): void {
    if (itemId <= this.floor) return;
    this.floor = itemId;
    this.skipForgotten();
    if (this.count >= 1.25 * Math.max(this.kept, MIN_CAPACITY)) this.compact();
  }

  /** The slot holding this key, or the empty one it would take. */
  private slotOf(key: number): number {
    const mask = this.slots.length - 1;
    for (let s = Math.imul(key, 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
      const head = this.slots[s]!;
      if (head === 0 || this.field(head - 1, KEY) === key) return s;
    }
  }

  /** Moves `live` past the runs of forgotten items at the front, to the first entry of an item not forgotten. */
  private skipForgotten(): void {
    if (this.live >= this.count) return;
    let r = this.runOf(this.live);
    while (r < this.runs && this.runIds[r]! <= this.floor) r++;
    this.live = r < this.runs ? Math.max(this.live, this.runStarts[r]!) : this.count;
  }

  /** A new run of entries from `start`, for `id`. */
  private openRun(start: number, id: number): void {
    if (this.runs === this.runStarts.length) {
      this.runStarts = grown(this.runStarts, this.runs);
      this.runIds = grown(this.runIds, this.runs);
    }
    this.runStarts[this.runs] = start;
    this.runIds[this.runs] = id;
    this.runs++;
  }

  /** The run an entry is in: the last to start at or before it. */
  private runOf(entry: number): number {
    let lo = 0;
    let hi = this.runs - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.runStarts[mid]! <= entry) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private idOf(entry: number): number {
    return this.runIds[this.runOf(entry)]!;
  }

  /** One number of an entry: its KEY or NEXT. */
  private field(entry: number, which: number): number {
    return this.chunks[entry >>> this.chunkBits]![(entry & this.chunkMask) * 2 + which]!;
  }

  private set(entry: number, key: number, next: number): void {
    const chunk = this.chunks[entry >>> this.chunkBits]!;
    const at = (entry & this.chunkMask) * 2;
    chunk[at + KEY] = key;
    chunk[at + NEXT] = next;
  }

  /** The live entries moved down in place, in order, run by run, and the chunks past them let go. */
  private compact(): void {
    let kept = 0;
    let keptRuns = 0;
    for (let r = 0; r < this.runs; r++) {
      const id = this.runIds[r]!;
      if (id <= this.floor) continue;
      const end = r + 1 < this.runs ? this.runStarts[r + 1]! : this.count;
      const start = this.runStarts[r]!;
      this.runStarts[keptRuns] = kept;
      this.runIds[keptRuns++] = id;
      for (let i = start; i < end; i++) this.set(kept++, this.field(i, KEY), 0);
    }
    this.runs = keptRuns;
    this.count = this.kept = kept;
    this.compactions++;
    this.live = 0;
    this.chunks.length = Math.ceil(kept / (this.chunkMask + 1));
    this.relink(Math.min(this.used, kept));
  }

  private emptySlots(keys: number): void {
    let size = MIN_CAPACITY;
    while (size < 2 * keys) size *= 2;
    this.slots = new Int32Array(size);
    this.shift = 32 - Math.log2(size);
  }

  /** A table twice as large for the same chains: each key's newest entry moves to its new slot. */
  private rehash(size: number): void {
    const old = this.slots;
    this.emptySlots(size / 2);
    for (const head of old) if (head !== 0) this.slots[this.slotOf(this.field(head - 1, KEY))] = head;
  }

  /** Rebuild every key's chain from the entries, oldest first so each chain stays newest first. */
  private relink(keys: number): void {
    this.emptySlots(keys);
    this.used = 0;
    for (let i = 0; i < this.count; i++) {
      if (2 * (this.used + 1) > this.slots.length) this.rehash(this.slots.length * 2);
      const key = this.field(i, KEY);
      const slot = this.slotOf(key);
      if (this.slots[slot] === 0) this.used++;
      this.set(i, key, this.slots[slot]!);
      this.slots[slot] = i + 1;
    }
  }
}

/** Twice the room, the first `used` numbers copied (the run tables: one number an item, small beside the entries). */
function grown(from: Uint32Array, used: number): Uint32Array<ArrayBuffer> {
  const to = new Uint32Array(from.length * 2);
  to.set(from.subarray(0, used));
  return to;
}

function includes(list: Uint32Array, from: number, to: number, id: number): boolean {
  for (let i = from; i < to; i++) if (list[i] === id) return true;
  return false;
}
