import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';

export type IdKind = 'items' | 'stories';

/**
 * Ids taken from the tables' sequences before their rows are written, so a held-back insert (pending.ts) can say its
 * id at once. Taken in blocks, both kinds in one round trip, inside the write transaction: writers hold the write lock
 * (locks.ts), so ids still increase in commit order, which the band index relies on to catch up (band-sync.ts).
 *
 * A block is as big as the transaction said it would need (ingest asks for the candidates of every new item of a chunk
 * before storing them, `expect`), not rounded up: ids not used are gaps, and the band index keeps item ids in 32 bits.
 * Item ids all get used; a story id goes unused for each new item that joins a stored story.
 */
export class ReservedIds {
  private readonly free: Record<IdKind, number[]> = { items: [], stories: [] };
  /** New items the transaction said it is about to store. */
  private expected = 0;

  expect(items: number): void {
    this.expected = items;
  }

  async next(db: Queryable, kind: IdKind): Promise<number> {
    if (this.free[kind].length === 0) {
      const want = Math.max(1, this.expected);
      const need = (k: IdKind) => (k === kind || this.free[k].length === 0 ? want : 0);
      const { rows } = await db.query<{ items: number[] | null; stories: number[] | null }>(
        prepared(
          'reserve-ids',
          `SELECT (SELECT array_agg(nextval('items_id_seq')) FROM generate_series(1, $1::integer)) AS items,
                  (SELECT array_agg(nextval('stories_id_seq')) FROM generate_series(1, $2::integer)) AS stories`,
          [need('items'), need('stories')],
        ),
      );
      for (const k of ['items', 'stories'] as const) this.free[k].push(...(rows[0]![k] ?? []).sort((a, b) => a - b));
    }
    if (kind === 'items') this.expected = Math.max(0, this.expected - 1);
    return this.free[kind].shift()!;
  }
}
