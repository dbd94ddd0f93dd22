import type pg from 'pg';
import { checkout, createPool, type Connection } from './connect.ts';

/**
 * Session-level advisory locks on one connection of their own: held until released, or until the connection ends. A
 * process that dies (kill -9, a lost machine) drops its connection, and PostgreSQL frees every lock it held: that is
 * the lease of a cluster role (the scheduler's leadership, a source being fetched, a per-site fetch slot), with no
 * timer to tune and nothing to clean up.
 *
 * Keys are PostgreSQL's two-int form `(namespace, key)`; the write and migration locks (locks.ts) use the one-bigint
 * form, a separate key space, so the two never collide.
 */
export const LOCK_NAMESPACE = {
  /** Held by the one process that keeps the schedule. */
  leader: 0x68750001,
  /** Held while a source is being refreshed: no two workers fetch one source at once. */
  source: 0x68750002,
  /** One lock per per-site fetch slot: `perSiteConcurrency` of them per registrable domain, counted cluster-wide. */
  siteSlot: 0x68750003,
} as const;

/** A string as a signed 32-bit key (FNV-1a). Two names sharing a key only share a lock: slower, never wrong. */
export function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export class SessionLocks {
  private readonly conn: Connection;
  private client: pg.PoolClient | null = null;
  private connecting: Promise<pg.PoolClient> | null = null;
  /** Bumped each time the connection is lost: a lock taken under an older generation is gone. */
  private generationValue = 0;
  private readonly lostListeners = new Set<() => void>();
  private closed = false;
  /** Statements go one at a time: one connection runs one query at once (pg 9 will refuse to queue them itself). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(url: string) {
    this.conn = createPool(url);
  }

  /** Changes whenever the connection (and with it every lock) is lost. */
  get generation(): number {
    return this.generationValue;
  }

  /** `fn` is called when the connection ends: every lock this process held is released by the server. */
  onLost(fn: () => void): () => void {
    this.lostListeners.add(fn);
    return () => this.lostListeners.delete(fn);
  }

  private async session(): Promise<pg.PoolClient> {
    if (this.closed) throw new Error('session locks are closed');
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const client = await checkout(this.conn);
      const lost = () => {
        if (this.client !== client) return;
        this.client = null;
        this.generationValue++;
        client.release(true);
        for (const fn of this.lostListeners) fn();
      };
      client.on('error', lost);
      client.on('end', lost);
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => {});
    return result;
  }

  /**
   * Take the lock if no other session holds it. Advisory locks are re-entrant within a session: a process must not ask
   * for a lock it already holds (callers track their own).
   */
  tryLock(namespace: number, key: number): Promise<boolean> {
    return this.serial(async () => {
      const client = await this.session();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS ok', [namespace, key]);
      return rows[0]?.ok === true;
    });
  }

  unlock(namespace: number, key: number): Promise<void> {
    return this.serial(async () => {
      const client = this.client;
      // The connection is gone, and the lock with it.
      if (!client) return;
      await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [namespace, key]).catch(() => {});
    });
  }

  /** Close the connection: every lock still held is released. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    client?.release();
    await this.conn.pool.end();
  }
}
