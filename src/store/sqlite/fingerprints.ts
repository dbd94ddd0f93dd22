import type { FingerprintRow, FingerprintSource } from '../band-sync.ts';
import { stmt, type Db } from './db.ts';

/** The stored fingerprints the band index follows, read from SQLite. */
export function fingerprintSource(db: Db): FingerprintSource {
  return {
    firstSeenSince: async (since) =>
      stmt<[string], FingerprintRow>(db, 'SELECT id, fingerprint FROM items WHERE first_seen_at >= ? ORDER BY id').iterate(since),
    storedAfter: async (id) => stmt<[number], FingerprintRow>(db, 'SELECT id, fingerprint FROM items WHERE id > ? ORDER BY id').iterate(id),
    newestFirstSeenBefore: async (since) =>
      stmt<[string], number>(db, 'SELECT id FROM items WHERE first_seen_at < ? ORDER BY first_seen_at DESC LIMIT 1').pluck().get(since),
    fingerprintOf: async (id) => stmt<[number], string>(db, 'SELECT fingerprint FROM items WHERE id = ?').pluck().get(id),
  };
}
