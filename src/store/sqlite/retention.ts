import type { RetentionOptions, RetentionReport } from '../store.ts';
import { stmt, type Db } from './db.ts';
import { refreshStory } from './stories.ts';
import { addTombstone, expireTombstones } from './tombstones.ts';

interface ExpiredRow {
  id: number;
  sourceId: string;
  itemKey: string;
  storyId: number;
}

/**
 * Keep the file bounded without a periodic full VACUUM. A full VACUUM rewrites the whole database, needs as much free
 * disk again and holds the write lock for as long as that takes: fine once, bad daily on a small VPS. Incremental
 * auto-vacuum instead lets each prune hand its freed pages back in a moment. auto_vacuum can only be chosen before the
 * first table exists: openDatabase chooses it for every new database, and a database an older huiju created is
 * converted here once, with one VACUUM.
 */
export function ensureIncrementalVacuum(db: Db): boolean {
  if (db.pragma('auto_vacuum', { simple: true }) === 2) return false;
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
  return true;
}

/** Remove one batch of expired items with their search rows and tags; recompute or delete their stories. */
export function pruneBatch(db: Db, cutoff: string, prunedAt: string, opts: RetentionOptions, report: RetentionReport): number {
  // Counted into the report only once committed: a batch the disk had no room for is tried again, and counted once.
  const counts = { items: 0, storiesDeleted: 0, storiesUpdated: 0 };
  db.transaction(() => {
    const rows = stmt<[string, number], ExpiredRow>(
      db,
      `SELECT id, source_id AS sourceId, item_key AS itemKey, story_id AS storyId FROM items
       WHERE first_seen_at < ? ORDER BY first_seen_at, id LIMIT ?`,
    ).all(cutoff, opts.batchSize ?? 500);
    const stories = new Set<number>();
    for (const r of rows) {
      addTombstone(db, r.sourceId, r.itemKey, prunedAt);
      stmt(db, 'DELETE FROM items_fts WHERE rowid = ?').run(r.id);
      stmt(db, 'DELETE FROM item_tags WHERE item_id = ?').run(r.id);
      stmt(db, 'DELETE FROM items WHERE id = ?').run(r.id);
      stories.add(r.storyId);
    }
    for (const storyId of stories) {
      refreshStory(db, storyId, opts.priorityOf);
      const exists = stmt<[number], { one: number }>(db, 'SELECT 1 AS one FROM stories WHERE id = ?').get(storyId);
      if (exists) counts.storiesUpdated++;
      else counts.storiesDeleted++;
    }
    counts.items = rows.length;
  })();
  report.items += counts.items;
  report.storiesDeleted += counts.storiesDeleted;
  report.storiesUpdated += counts.storiesUpdated;
  return counts.items;
}

/**
 * Retention on SQLite, a step at a time so the store can run other writes between batches: `begin` converts the file to
 * incremental auto-vacuum if an older huiju made it, each `batch` is one transaction (a crash mid-prune leaves every
 * story consistent), and `finish` forgets old tombstones and gives the freed space back.
 */
export function beginPrune(db: Db): RetentionReport {
  return {
    items: 0,
    storiesDeleted: 0,
    storiesUpdated: 0,
    tombstonesExpired: 0,
    freedBytes: 0,
    convertedToIncrementalVacuum: ensureIncrementalVacuum(db),
  };
}

export function finishPrune(db: Db, tombstoneCutoff: string, report: RetentionReport): RetentionReport {
  report.tombstonesExpired = expireTombstones(db, tombstoneCutoff);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const freeBefore = db.pragma('freelist_count', { simple: true }) as number;
  // A step at a time, each copied back by a checkpoint, which also cuts the file to its new length: moving every
  // freed page at once wrote them all to the WAL first, which needs as much room again as it frees, and a full disk
  // has none.
  for (let free = freeBefore; free > 0; ) {
    db.pragma(`incremental_vacuum(${VACUUM_STEP_PAGES})`);
    checkpoint(db);
    const left = db.pragma('freelist_count', { simple: true }) as number;
    if (left >= free) break;
    free = left;
  }
  const freeAfter = db.pragma('freelist_count', { simple: true }) as number;
  report.freedBytes = (freeBefore - freeAfter) * pageSize;
  // The WAL grows with big transactions and is never shrunk by automatic checkpoints: truncate it too.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return report;
}

/** Pages handed back to the file system per step of finishPrune (1 MiB of 4 KiB pages). */
const VACUUM_STEP_PAGES = 256;

/**
 * Copy what the WAL holds into the database without waiting for readers (PASSIVE): once all of it is copied, the next
 * write starts the WAL over from its beginning, reusing its space. A checkpoint that cannot finish (readers, or no room
 * for the file to grow) leaves things as they were, so its outcome is not an error here.
 */
export function checkpoint(db: Db): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // nothing copied back: the next step works in the WAL as it is
  }
}
