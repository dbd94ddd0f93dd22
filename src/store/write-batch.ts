import type { Db } from './db.ts';

/**
 * Refreshes that finish close together share one transaction: a commit writes every page the transaction touched to
 * the WAL, and writes that share one touch many pages once instead of once each.
 *
 * Each write runs in its own savepoint, so one that throws is undone alone and the others still commit. A write's
 * promise settles only once its transaction has committed: a caller that reports success has its data on disk, and a
 * crash loses whole writes, never part of one. Writes queue for at most one turn of the event loop: the flush runs
 * from setImmediate, after the I/O callbacks (finished fetches) of the current turn have queued theirs.
 *
 * A flush runs on the event loop that also answers HTTP, so it stops taking writes once it has worked for
 * FLUSH_BUDGET_MS and leaves the rest to the next turn. Without that, a cold cycle of 1,000 sources held the loop for
 * 130–160 ms a commit (p50) and up to 400 ms. Fewer writes a commit drain the queue more slowly, so refreshes wait for
 * room in it (`writeRoom`) before they fetch: without that, documents fetched while earlier ones waited to be stored
 * piled up in memory (peak RSS 505 MB instead of 240).
 */
const MAX_WRITES_PER_COMMIT = 32;
const FLUSH_BUDGET_MS = 50;
/** Writes queued at most before `writeRoom` makes a refresh wait. */
const MAX_QUEUED_WRITES = 16;

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface WriteQueue {
  pending: Pending[];
  /** Refreshes waiting for the queue to shrink below MAX_QUEUED_WRITES. */
  waiting: (() => void)[];
  scheduled: boolean;
}

const queues = new WeakMap<Db, WriteQueue>();

function queueOf(db: Db): WriteQueue {
  let q = queues.get(db);
  if (!q) queues.set(db, (q = { pending: [], waiting: [], scheduled: false }));
  return q;
}

export function batchedWrite<T>(db: Db, write: () => T): Promise<T> {
  const q = queueOf(db);
  schedule(db, q);
  return new Promise<T>((resolve, reject) => q.pending.push({ write, resolve: resolve as (v: unknown) => void, reject }));
}

/** Resolves once the write queue has room: call before fetching a document that will be stored. */
export function writeRoom(db: Db): Promise<void> {
  const q = queueOf(db);
  if (q.pending.length < MAX_QUEUED_WRITES) return Promise.resolve();
  return new Promise((resolve) => q.waiting.push(resolve));
}

function schedule(db: Db, q: WriteQueue): void {
  if (q.scheduled) return;
  q.scheduled = true;
  setImmediate(() => {
    q.scheduled = false;
    flush(db, q);
  });
}

function flush(db: Db, q: WriteQueue): void {
  const writes: Pending[] = [];
  const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
  const started = performance.now();
  let failed: unknown = null;
  try {
    db.transaction(() => {
      while (q.pending.length > 0 && writes.length < MAX_WRITES_PER_COMMIT && performance.now() - started < FLUSH_BUDGET_MS) {
        const w = q.pending.shift()!;
        writes.push(w);
        try {
          outcomes.push({ ok: true, value: db.transaction(w.write)() });
        } catch (err) {
          outcomes.push({ ok: false, err });
        }
      }
    })();
  } catch (err) {
    // The commit itself failed (disk full, database locked): nothing of this group is stored. If the transaction could
    // not even begin, it took no write: fail the queued ones rather than retry them at once, turn after turn.
    failed = err;
    if (writes.length === 0) writes.push(...q.pending.splice(0));
  }
  if (q.pending.length > 0) schedule(db, q);
  for (let room = MAX_QUEUED_WRITES - q.pending.length; room > 0 && q.waiting.length > 0; room--) q.waiting.shift()!();
  writes.forEach((w, i) => {
    const o = outcomes[i]!;
    if (failed !== null) w.reject(failed);
    else if (o.ok) w.resolve(o.value);
    else w.reject(o.err);
  });
}
