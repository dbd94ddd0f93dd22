import { stmt, type Db } from './db.ts';
import { refreshStory } from './stories.ts';
import { addTombstone, expireTombstones } from './tombstones.ts';

export interface RetentionOptions {
  /** Items huiju first saw longer ago than this are removed (feeds.json `retention.days`). */
  days: number;
  now: Date;
  /** feeds.json `priority` of a source: a story that loses its representative picks a new one with it. */
  priorityOf: (sourceId: string) => number;
  /** Tombstones are forgotten after this many days (default: twice `days`). */
  tombstoneDays?: number;
  /** Items removed per transaction: keeps the write lock short so fetches and the HTTP API are not held up. */
  batchSize?: number;
}

export interface RetentionReport {
  items: number;
  storiesDeleted: number;
  storiesUpdated: number;
  tombstonesExpired: number;
  /** Bytes handed back to the file system by the incremental vacuum. */
  freedBytes: number;
  /** The database was switched to incremental auto-vacuum (one full VACUUM) during this run. */
  convertedToIncrementalVacuum: boolean;
}

interface ExpiredRow {
  id: number;
  sourceId: string;
  itemKey: string;
  storyId: number;
}

const DAY_MS = 24 * 3600_000;

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
function pruneBatch(db: Db, cutoff: string, prunedAt: string, opts: RetentionOptions, report: RetentionReport): number {
  return db.transaction(() => {
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
      if (exists) report.storiesUpdated++;
      else report.storiesDeleted++;
    }
    report.items += rows.length;
    return rows.length;
  })();
}

/**
 * Retention: remove items first seen more than `days` ago (by first-seen time, not publication date, so a newly added
 * source's archive does not vanish at once), leave a tombstone for each, forget old tombstones and give the freed space
 * back. Each batch is one transaction: a crash mid-prune leaves every story consistent.
 */
export function pruneExpired(db: Db, opts: RetentionOptions): RetentionReport {
  const report: RetentionReport = {
    items: 0,
    storiesDeleted: 0,
    storiesUpdated: 0,
    tombstonesExpired: 0,
    freedBytes: 0,
    convertedToIncrementalVacuum: ensureIncrementalVacuum(db),
  };
  const nowMs = opts.now.getTime();
  const cutoff = new Date(nowMs - opts.days * DAY_MS).toISOString();
  const prunedAt = opts.now.toISOString();
  while (pruneBatch(db, cutoff, prunedAt, opts, report) > 0);
  const tombstoneCutoff = new Date(nowMs - (opts.tombstoneDays ?? 2 * opts.days) * DAY_MS).toISOString();
  report.tombstonesExpired = expireTombstones(db, tombstoneCutoff);

  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const freeBefore = db.pragma('freelist_count', { simple: true }) as number;
  db.pragma('incremental_vacuum');
  const freeAfter = db.pragma('freelist_count', { simple: true }) as number;
  report.freedBytes = (freeBefore - freeAfter) * pageSize;
  // The WAL grows with big transactions and is never shrunk by automatic checkpoints: truncate it too.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return report;
}

/** The line `huiju prune` prints and `huiju serve` logs. */
export function formatRetentionReport(r: RetentionReport): string {
  return `pruned ${r.items} items (${r.storiesDeleted} stories removed, ${r.storiesUpdated} updated), ${r.tombstonesExpired} tombstones expired, ${Math.round(r.freedBytes / 1024)} KiB freed`;
}
