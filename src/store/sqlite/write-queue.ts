import type { Db } from './db.ts';

/**
 * The one writer of a SQLite connection. Transactions that arrive close together share one commit: a commit writes
 * every page the transaction touched to the WAL, and writes that share one touch many pages once instead of once each.
 *
 * Each unit of work runs in its own savepoint, so one that throws is undone alone and the others still commit. Its
 * promise settles only once the commit is done: a caller that reports success has its data on disk, and a crash loses
 * whole units, never part of one. Work queues for at most one turn of the event loop: the flush runs from setImmediate,
 * after the I/O callbacks (finished fetches) of the current turn have queued theirs.
 *
 * A flush runs on the event loop that also answers HTTP, so it takes no more work once it has run for FLUSH_BUDGET_MS
 * and leaves the rest to the next turn; callers keep each unit small (ingest stores a long document in chunks).
 * Fewer units a commit drain the queue more slowly, so refreshes wait for room in it (`room`) before they fetch:
 * without that, documents fetched while earlier ones waited to be stored piled up in memory.
 *
 * The write lock is taken with BEGIN IMMEDIATE and no busy wait: when another process (`huiju fetch` beside
 * `huiju serve`) holds it, the flush retries from a timer instead of blocking the event loop in SQLite's busy handler,
 * and gives up only after BUSY_GIVE_UP_MS.
 */
const MAX_UNITS_PER_COMMIT = 32;
const FLUSH_BUDGET_MS = 50;
/** Units queued at most before `room` makes a refresh wait. */
const MAX_QUEUED = 16;
const BUSY_RETRY_MS = [2, 5, 10, 20, 50, 100];
const BUSY_GIVE_UP_MS = 180_000;

interface Pending {
  work: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

/** Writes the units hold back until their transaction commits (held-search-writes.ts). */
interface HeldWrites {
  mark(): number;
  undoTo(mark: number): void;
  apply(): void;
  drop(): void;
}

const HOLD_NOTHING: HeldWrites = { mark: () => 0, undoTo: () => {}, apply: () => {}, drop: () => {} };

interface WriteQueueOptions {
  /**
   * Called when work already applied was rolled back (derived in-memory state must be undone or rebuilt). `group`: the
   * whole transaction was lost, the units that succeeded with it; otherwise only units that threw were undone, each
   * back to where it began (what it derived can be taken back by its own work, as it throws).
   */
  onRollback: (group: boolean) => void;
  /** Writes held back by the units, made after the last unit and before COMMIT, outside any unit's savepoint. */
  held?: HeldWrites;
  /** Called after each flush, however it ended, with how long it took (ms): nearly all of it holding the event loop. */
  onFlushed?: (ms: number) => void;
}

export class WriteQueue {
  private pending: Pending[] = [];
  /** Callers waiting for the queue to shrink below MAX_QUEUED. */
  private waiting: (() => void)[] = [];
  private scheduled = false;
  private flushing: Promise<void> | null = null;

  private readonly onRollback: (group: boolean) => void;
  private readonly held: HeldWrites;
  private readonly onFlushed: (ms: number) => void;

  constructor(
    private readonly db: Db,
    options: WriteQueueOptions,
  ) {
    this.onRollback = options.onRollback;
    this.held = options.held ?? HOLD_NOTHING;
    this.onFlushed = options.onFlushed ?? (() => {});
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    const done = new Promise<T>((resolve, reject) =>
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject }),
    );
    this.schedule();
    return done;
  }

  /** Resolves once the queue has room: call before fetching a document that will be stored. */
  room(): Promise<void> {
    if (this.pending.length < MAX_QUEUED) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves when no flush is running: for maintenance that writes on its own (retention's batches). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const started = performance.now();
      // A flush settles its units itself; an error escaping it would be an unhandled rejection, which ends the process.
      this.flushing = this.flush()
        .catch((err: unknown) => this.failAll(err))
        .finally(() => {
          this.flushing = null;
          this.onFlushed(performance.now() - started);
          if (this.pending.length > 0) this.schedule();
        });
    });
  }

  private failAll(err: unknown): void {
    this.abandon();
    for (const w of this.pending.splice(0)) w.reject(err);
    this.wake();
  }

  private async flush(): Promise<void> {
    const began = await this.begin();
    if (began !== true) {
      // The lock never came (or BEGIN failed outright): nothing was taken, fail what is queued rather than spin.
      for (const w of this.pending.splice(0)) w.reject(began);
      this.wake();
      return;
    }
    const units: Pending[] = [];
    const outcomes: Outcome[] = [];
    const started = performance.now();
    let rolledBack = false;
    /** Set when the whole group is lost: every unit of it fails with this. */
    let failed: unknown = null;
    while (this.pending.length > 0 && units.length < MAX_UNITS_PER_COMMIT && performance.now() - started < FLUSH_BUDGET_MS) {
      const unit = this.pending.shift()!;
      units.push(unit);
      const heldMark = this.held.mark();
      try {
        this.db.exec('SAVEPOINT unit');
        const value = await unit.work();
        this.db.exec('RELEASE unit');
        outcomes.push({ ok: true, value });
      } catch (err) {
        rolledBack = true;
        outcomes.push({ ok: false, err });
        // SQLite rolls the whole transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR): the savepoint is
        // gone with it (ROLLBACK TO would throw "no such savepoint", and that throw, out of a flush nobody awaits,
        // ended huiju serve), and so is the work of the units before this one.
        if (!this.undoUnit()) {
          failed = err;
          this.held.drop();
          break;
        }
        this.held.undoTo(heldMark);
      }
    }
    if (failed === null) {
      try {
        this.held.apply();
        this.db.exec('COMMIT');
      } catch (err) {
        // The held writes or the commit itself failed (disk full, I/O error): nothing of this group is stored.
        failed = err;
        rolledBack = true;
        this.abandon();
      }
    }
    if (rolledBack) this.onRollback(failed !== null);
    this.wake();
    units.forEach((u, i) => {
      const o = outcomes[i]!;
      if (failed !== null) u.reject(failed);
      else if (o.ok) u.resolve(o.value);
      else u.reject(o.err);
    });
  }

  /** Undo the unit that just failed; false when the transaction it was part of is gone (SQLite rolled it all back). */
  private undoUnit(): boolean {
    if (!this.db.inTransaction) return false;
    try {
      this.db.exec('ROLLBACK TO unit');
      this.db.exec('RELEASE unit');
      return true;
    } catch {
      this.abandon();
      return false;
    }
  }

  /** Roll back whatever is left of the transaction; never throws (the queue must go on to its next group). */
  private abandon(): void {
    this.held.drop();
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // Nothing more to undo: a transaction that cannot even roll back is rolled back by SQLite when it fails.
    }
  }

  /** BEGIN IMMEDIATE, retried from timers while another connection holds the write lock. */
  private async begin(): Promise<true | unknown> {
    const deadline = Date.now() + BUSY_GIVE_UP_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        if (this.tryBegin()) return true;
      } catch (err) {
        return err;
      }
      if (Date.now() > deadline) return new Error(`the database stayed locked by another process for ${BUSY_GIVE_UP_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, BUSY_RETRY_MS[Math.min(attempt, BUSY_RETRY_MS.length - 1)]));
    }
  }

  /** BEGIN IMMEDIATE without SQLite's busy wait (its handler sleeps on the event loop): false while another holds the lock. */
  private tryBegin(): boolean {
    const busyTimeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.exec('BEGIN IMMEDIATE');
      return true;
    } catch (err) {
      if (isBusy(err)) return false;
      throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  private wake(): void {
    for (let room = MAX_QUEUED - this.pending.length; room > 0 && this.waiting.length > 0; room--) this.waiting.shift()!();
  }
}

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}
