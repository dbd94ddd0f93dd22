import type pg from 'pg';
import { checkout, createPool, type Connection } from '../postgres/connect.ts';
import { WRITE_LOCK } from '../postgres/locks.ts';
import { getMeta, setMeta } from '../postgres/meta.ts';
import { migrate } from '../postgres/migrations.ts';
import { SEARCH_GIN_DDL, SEARCH_GIN_INDEX } from '../postgres/search-index.ts';
import { BATCHED, type BatchedTable, type Cursor } from './rows.ts';

/**
 * Held for a whole `huiju db copy` (a session lock, so a killed copy lets go with its connection): two copies into one
 * database would each read the same cursors and race. Numbered after the keys in src/store/postgres/locks.ts ('huiju'
 * in ASCII, shifted), clear of those.
 */
const COPY_LOCK = String((0x6875696a75n << 8n) + 16n);

/** The data version every write moves (src/store/postgres/data-version.ts), so a `huiju serve` there sees the rows. */
const BUMP_DATA_VERSION = 'UPDATE data_version SET version = version + 1';

/** Where each table's copy has got to, in the target's `meta`, so a killed copy resumes there. */
const cursorKey = (table: BatchedTable) => `copy_${table}_upto`;
/** What the source file looked like when this copy began (SqliteReader.signature). */
const SIGNATURE_KEY = 'copy_source_signature';
/** Keys of the copy's own bookkeeping: never copied from a source. */
export const isCopyKey = (key: string) => key.startsWith('copy_');

/** What a target holds of one id-keyed table: how many rows, and the lowest and highest id. */
export interface Holding {
  count: number;
  min: number;
  max: number;
  /** The identity (story GUID, or source and item key) at the lowest and highest id. */
  identities: Map<number, string>;
}

/**
 * The PostgreSQL database a copy goes into, on one connection of its own: migrated, locked against a second copy, and
 * written one batch a transaction, each batch with the cursor that says it is done.
 */
export class PostgresTarget {
  private constructor(
    private readonly conn: Connection,
    private readonly client: pg.PoolClient,
  ) {}

  /** The URL without its password, for messages. */
  get location(): string {
    return this.conn.location;
  }

  /** Connect, bring the schema up to date, and take the copy lock. Fails with one line naming the database. */
  static async open(url: string): Promise<PostgresTarget> {
    const conn = createPool(url);
    let client: pg.PoolClient | undefined;
    try {
      client = await checkout(conn);
      await migrate(client);
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [COPY_LOCK]);
      if (!rows[0]?.locked) throw new Error(`another huiju db copy is writing to ${conn.location}: wait for it to finish`);
      return new PostgresTarget(conn, client);
    } catch (err) {
      client?.release(true);
      await conn.pool.end().catch(() => {});
      throw err;
    }
  }

  async cursors(): Promise<Map<BatchedTable, Cursor>> {
    const found = new Map<BatchedTable, Cursor>();
    for (const table of BATCHED) {
      const value = await getMeta(this.client, cursorKey(table));
      if (value !== null) found.set(table, JSON.parse(value) as Cursor);
    }
    return found;
  }

  sourceSignature(): Promise<string | null> {
    return getMeta(this.client, SIGNATURE_KEY);
  }

  async recordSourceSignature(signature: string): Promise<void> {
    await setMeta(this.client, SIGNATURE_KEY, signature);
  }

  /** What the target already holds of stories or items. */
  async holding(table: 'stories' | 'items'): Promise<Holding> {
    const { rows } = await this.client.query<{ count: number; min: number | null; max: number | null }>(
      `SELECT count(*)::int AS count, min(id) AS min, max(id) AS max FROM ${table}`,
    );
    const { count, min, max } = rows[0]!;
    const identity = table === 'stories' ? 'guid' : `source_id || E'\\t' || item_key`;
    const { rows: ids } = await this.client.query<{ id: number; identity: string }>(
      `SELECT id, ${identity} AS identity FROM ${table} WHERE id = ANY($1::bigint[])`,
      [[min ?? 0, max ?? 0]],
    );
    return { count, min: min ?? 0, max: max ?? 0, identities: new Map(ids.map((r) => [Number(r.id), r.identity])) };
  }

  /**
   * One transaction: `work`, then the table's cursor (when given) and the data version, so a `huiju serve` on the
   * target sees the new rows. Holds huiju's write lock, as every write to the database does. Rolled back whole on
   * failure: the cursor never runs ahead of the rows.
   */
  async batch<T>(work: (client: pg.PoolClient) => Promise<T>, cursor?: { table: BatchedTable; at: Cursor }): Promise<T> {
    const c = this.client;
    await c.query('BEGIN');
    try {
      await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const result = await work(c);
      if (cursor) await setMeta(c, cursorKey(cursor.table), JSON.stringify(cursor.at));
      await c.query(BUMP_DATA_VERSION);
      await c.query('COMMIT');
      return result;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }

  /**
   * Into an empty database, the search index's GIN is dropped and built once at the end (`buildSearchIndex`): kept up
   * item by item it cost most of the copy's time, and one build from all the rows is several times quicker. A copy
   * killed meanwhile leaves it dropped; the run that resumes it builds it. Says whether the index is now deferred.
   */
  async deferSearchIndex(): Promise<boolean> {
    if (await this.searchIndexPresent()) {
      const { rows } = await this.client.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM item_grams) AS any');
      if (rows[0]!.any) return false;
      await this.client.query(`DROP INDEX ${SEARCH_GIN_INDEX}`);
    }
    return true;
  }

  /**
   * Give the planner statistics of what was copied. Until autovacuum got round to it, a freshly copied database was
   * planned as if empty: listing a common tag walked every story carrying it (200,000 items: 261 ms, 1.4 ms after).
   */
  async analyze(): Promise<void> {
    await this.client.query('ANALYZE');
  }

  /** Build the search index if it is missing (a copy deferred it). */
  async buildSearchIndex(): Promise<void> {
    if (!(await this.searchIndexPresent())) await this.client.query(SEARCH_GIN_DDL);
  }

  private async searchIndexPresent(): Promise<boolean> {
    const { rows } = await this.client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [SEARCH_GIN_INDEX]);
    return rows[0]!.present;
  }

  async close(): Promise<void> {
    // Ending the session releases the copy lock with it.
    this.client.release(true);
    await this.conn.pool.end();
  }
}
