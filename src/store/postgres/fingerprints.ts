import type { FingerprintRow, FingerprintSource } from '../band-sync.ts';
import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';

/** What one statement read ahead for a catch-up of the band index (see `expect`). */
interface ReadAhead {
  afterId: number;
  fingerprint: string | undefined;
  after: FingerprintRow[];
  since: string;
  newestStale: number | undefined;
}

/**
 * The stored fingerprints the band index follows, read through the transaction's connection so its own inserts count
 * (`db` sends what the transaction holds back first). Rows arrive whole: a week of items is the index's rebuild and
 * fits in memory, as the index itself does.
 *
 * Every write transaction catches the index up (band-sync.ts `sync`): whether its newest item is still stored, the
 * items stored after it, the newest item past the band lifetime. Told the lifetime beforehand (`expect`), the first of
 * these reads all three in one statement, and the others are answered from it: a round trip costs more than all three.
 */
export class PostgresFingerprints implements FingerprintSource {
  private since: string | null = null;
  private ahead: ReadAhead | null = null;

  constructor(private readonly db: () => Promise<Queryable>) {}

  /** The next sync's `since`, or null once it is done (what was read ahead is forgotten). */
  expect(since: string | null): void {
    this.since = since;
    this.ahead = null;
  }

  async firstSeenSince(since: string): Promise<FingerprintRow[]> {
    const db = await this.db();
    return (await db.query<FingerprintRow>('SELECT id, fingerprint FROM items WHERE first_seen_at >= $1 ORDER BY id', [since])).rows;
  }

  async storedAfter(id: number): Promise<FingerprintRow[]> {
    const ahead = await this.readAhead(id);
    if (ahead) {
      const rows = ahead.after;
      ahead.after = [];
      return rows;
    }
    const db = await this.db();
    return (await db.query<FingerprintRow>(prepared('stored-after', 'SELECT id, fingerprint FROM items WHERE id > $1 ORDER BY id', [id]))).rows;
  }

  async newestFirstSeenBefore(since: string): Promise<number | undefined> {
    if (this.ahead?.since === since) return this.ahead.newestStale;
    const db = await this.db();
    const { rows } = await db.query<{ id: number }>(
      prepared('newest-stale', 'SELECT id FROM items WHERE first_seen_at < $1 ORDER BY first_seen_at DESC LIMIT 1', [since]),
    );
    return rows[0]?.id;
  }

  async fingerprintOf(id: number): Promise<string | undefined> {
    const ahead = await this.readAhead(id);
    if (ahead) return ahead.fingerprint;
    const db = await this.db();
    const { rows } = await db.query<{ fingerprint: string }>(prepared('fingerprint-of', 'SELECT fingerprint FROM items WHERE id = $1', [id]));
    return rows[0]?.fingerprint;
  }

  /** The three reads of a catch-up from item `id` on, made at the first of them; null when no sync is expected. */
  private async readAhead(id: number): Promise<ReadAhead | null> {
    if (this.since === null) return null;
    if (this.ahead?.afterId === id) return this.ahead;
    const db = await this.db();
    // part 0: the item itself; 1: the items after it, in id order; 2: the newest item first seen before `since`.
    const { rows } = await db.query<{ part: number; id: number; fingerprint: string | null }>(
      prepared(
        'band-catch-up',
        `SELECT * FROM (
           (SELECT 0 AS part, id, fingerprint FROM items WHERE id = $1)
           UNION ALL
           (SELECT 1, id, fingerprint FROM items WHERE id > $1)
           UNION ALL
           (SELECT 2, id, NULL FROM items WHERE first_seen_at < $2 ORDER BY first_seen_at DESC LIMIT 1)
         ) r ORDER BY part, id`,
        [id, this.since],
      ),
    );
    const ahead: ReadAhead = { afterId: id, fingerprint: undefined, after: [], since: this.since, newestStale: undefined };
    for (const r of rows) {
      if (r.part === 0) ahead.fingerprint = r.fingerprint!;
      else if (r.part === 1) ahead.after.push({ id: r.id, fingerprint: r.fingerprint! });
      else ahead.newestStale = r.id;
    }
    this.ahead = ahead;
    return ahead;
  }
}
