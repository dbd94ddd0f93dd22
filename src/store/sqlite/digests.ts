import type { PublishedDigest } from '../../model/digest.ts';
import { stmt, type Db } from './db.ts';

/** Published daily digests (src/publish/digest.ts): written once per output and day, never changed after. */

interface DigestRow {
  body: string;
}

const parse = (r: DigestRow) => JSON.parse(r.body) as PublishedDigest;

export function getDigest(db: Db, outputId: string, day: string): PublishedDigest | undefined {
  const row = stmt<[string, string], DigestRow>(db, 'SELECT body FROM digests WHERE output_id = ? AND day = ?').get(outputId, day);
  return row ? parse(row) : undefined;
}

export function listDigests(db: Db, outputId: string, limit: number): PublishedDigest[] {
  return stmt<[string, number], DigestRow>(db, 'SELECT body FROM digests WHERE output_id = ? ORDER BY day DESC LIMIT ?').all(outputId, limit).map(parse);
}

/** The first digest stored for its output and day stays: a second publisher's (another process, a retry) is dropped. */
export function publishDigest(db: Db, d: PublishedDigest): PublishedDigest {
  stmt(db, 'INSERT INTO digests (output_id, day, published_at, body) VALUES (?, ?, ?, ?) ON CONFLICT (output_id, day) DO NOTHING').run(
    d.outputId,
    d.day,
    d.publishedAt,
    JSON.stringify(d),
  );
  return getDigest(db, d.outputId, d.day)!;
}
