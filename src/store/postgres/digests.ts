import type { PublishedDigest } from '../../model/digest.ts';
import type { Queryable } from './connect.ts';

/** Published daily digests (src/publish/digest.ts): written once per output and day, never changed after. */

const parse = (r: { body: string }) => JSON.parse(r.body) as PublishedDigest;

export async function getDigest(db: Queryable, outputId: string, day: string): Promise<PublishedDigest | undefined> {
  const { rows } = await db.query<{ body: string }>('SELECT body FROM digests WHERE output_id = $1 AND day = $2', [outputId, day]);
  return rows[0] ? parse(rows[0]) : undefined;
}

export async function listDigests(db: Queryable, outputId: string, limit: number): Promise<PublishedDigest[]> {
  const { rows } = await db.query<{ body: string }>('SELECT body FROM digests WHERE output_id = $1 ORDER BY day DESC LIMIT $2', [outputId, limit]);
  return rows.map(parse);
}

/**
 * The first digest stored for its output and day stays: a second publisher's (another process, a retry) is dropped.
 * Whether this one was stored is returned too: only a transaction that wrote bumps the data version.
 */
export async function publishDigest(db: Queryable, d: PublishedDigest): Promise<{ digest: PublishedDigest; wrote: boolean }> {
  const { rowCount } = await db.query(
    'INSERT INTO digests (output_id, day, published_at, body) VALUES ($1, $2, $3, $4) ON CONFLICT (output_id, day) DO NOTHING',
    [d.outputId, d.day, d.publishedAt, JSON.stringify(d)],
  );
  return { digest: (await getDigest(db, d.outputId, d.day))!, wrote: (rowCount ?? 0) > 0 };
}
