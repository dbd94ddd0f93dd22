/**
 * Keys of the cluster-wide advisory locks huiju takes (`pg_advisory_xact_lock(bigint)`, released at commit or
 * rollback). Fixed numbers, not hashes of names: every huiju process must agree on them, and a job queue sharing the
 * database (pg-boss, graphile-worker) takes its own keys, so these start from 'huiju' in ASCII to stay clear of them.
 */
const BASE = 0x6875696a75n << 8n; // 'huiju'

/** Held while a migration runs: two processes starting at once do not both apply it. */
export const MIGRATION_LOCK = String(BASE + 1n);

/**
 * Held by every write transaction: writers are serialised across processes. Dedup needs it: an item is placed by
 * reading the stored items and then inserting, and two writers interleaving would both miss each other's copy. It also
 * keeps ids in commit order, which the band index relies on to catch up (`storedAfter(lastId)` in band-sync.ts).
 */
export const WRITE_LOCK = String(BASE + 2n);
