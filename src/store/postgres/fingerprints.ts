import type { FingerprintRow, FingerprintSource } from '../band-sync.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';

/**
 * The stored fingerprints the band index follows, read through the transaction's client so its own inserts count.
 * Rows arrive whole: a week of items is the index's rebuild and fits in memory, as the index itself does.
 */
export function fingerprintSource(db: Queryable): FingerprintSource {
  return {
    firstSeenSince: async (since) =>
      (await db.query<FingerprintRow>('SELECT id, fingerprint FROM items WHERE first_seen_at >= $1 ORDER BY id', [since])).rows,
    // The other three run in every write transaction: prepared once per connection (prepared.ts).
    storedAfter: async (id) =>
      (await db.query<FingerprintRow>(prepared('stored-after', 'SELECT id, fingerprint FROM items WHERE id > $1 ORDER BY id', [id]))).rows,
    newestFirstSeenBefore: async (since) =>
      (
        await db.query<{ id: number }>(
          prepared('newest-stale', 'SELECT id FROM items WHERE first_seen_at < $1 ORDER BY first_seen_at DESC LIMIT 1', [since]),
        )
      ).rows[0]?.id,
    fingerprintOf: async (id) =>
      (await db.query<{ fingerprint: string }>(prepared('fingerprint-of', 'SELECT fingerprint FROM items WHERE id = $1', [id]))).rows[0]
        ?.fingerprint,
  };
}
